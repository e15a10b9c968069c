import { describe, expect, it } from "vitest";
import { defaultTolerance, disagreements, pageOfDisagreements } from "./disagreements";
import { bucketStart, drift } from "./drift";
import type { AlignedPair, ScoreConfig } from "./pairs";

const DAY = 86_400_000;
const pair = (traceId: string, startedAt: number, machine: string | number, human: string | number): AlignedPair => ({
  traceId, traceName: traceId, startedAt, machine, human, humanRatings: 1, queueId: null, source: "api", reason: null,
});

describe("drift buckets", () => {
  it("start weeks on Monday 00:00 UTC and days at midnight UTC", () => {
    const wednesday = Date.UTC(2026, 10, 25, 15, 30); // Wed 25 Nov 2026
    expect(bucketStart(wednesday, "week")).toBe(Date.UTC(2026, 10, 23));
    expect(bucketStart(Date.UTC(2026, 10, 23), "week")).toBe(Date.UTC(2026, 10, 23));
    expect(bucketStart(Date.UTC(2026, 10, 29, 23, 59), "week")).toBe(Date.UTC(2026, 10, 23));
    expect(bucketStart(wednesday, "day")).toBe(Date.UTC(2026, 10, 25));
  });

  it("computes accuracy per bucket and keeps empty buckets in between", () => {
    const monday = Date.UTC(2026, 10, 2);
    const points = drift(
      [pair("a", monday, "pass", "pass"), pair("b", monday + DAY, "fail", "pass"), pair("c", monday + 14 * DAY, "pass", "pass"), pair("d", monday + 15 * DAY, "fail", "fail")],
      "week",
      false,
    );
    expect(points.map((p) => [p.start, p.n, p.accuracy?.value ?? null])).toEqual([
      [monday, 2, 0.5],
      [monday + 7 * DAY, 0, null],
      [monday + 14 * DAY, 2, 1],
    ]);
    expect(points[1]!.accuracy?.reason).toEqual(expect.any(String));
  });

  it("reports MAE per bucket for numbers", () => {
    const [point] = drift([pair("a", 0, 3, 1), pair("b", 1, 2, 2)], "day", true);
    expect(point).toMatchObject({ n: 2, accuracy: null, kappa: null, mae: { value: 1 } });
  });
});

describe("disagreements", () => {
  const labels: ScoreConfig = { id: "c", name: "Verdict", type: "boolean", categories: null, minValue: null, maxValue: null };
  const numbers: ScoreConfig = { id: "n", name: "Stars", type: "numeric", categories: null, minValue: 1, maxValue: 5 };

  it("lists label mismatches newest first and numeric ones beyond the tolerance, largest first", () => {
    const found = disagreements(labels, [pair("a", 1, "pass", "fail"), pair("b", 3, "pass", "pass"), pair("c", 2, "fail", "pass")], 0);
    expect(found.map((d) => d.traceId)).toEqual(["c", "a"]);
    expect(defaultTolerance(numbers)).toBeCloseTo(0.4, 12);
    const off = disagreements(numbers, [pair("a", 0, 5, 1), pair("b", 0, 3, 2.8), pair("c", 0, 2, 4)], 0.4);
    expect(off.map((d) => [d.traceId, d.error])).toEqual([["a", 4], ["c", 2]]);
  });

  it("pages by the sort key with a cursor, never repeating or skipping", () => {
    const items = disagreements(labels, [1, 2, 2, 3, 4].map((t, i) => pair(`t${i}`, t, "pass", "fail")), 0);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = pageOfDisagreements(items, cursor, 2);
      seen.push(...page.items.map((d) => d.traceId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(items.map((d) => d.traceId));
  });
});
