import { seededRandom } from "../../worker/seeded-random";

/**
 * The same `count` trace ids on every run. For rate tests: a sampler's realized rate over 10,000 random ids is
 * binomial (at 35% its standard deviation is about half a point), so a fresh random population would fail a
 * one-point bound now and then without anything being wrong.
 */
export function seededTraceIds(count: number, seed = 20261127): string[] {
  const random = seededRandom(seed);
  const hex = () => Math.floor(random() * 0x1_0000_0000).toString(16).padStart(8, "0");
  return Array.from({ length: count }, () => hex() + hex() + hex() + hex());
}
