import { decodeCursor, encodeCursor, type Page } from "../pagination";
import type { AlignedPair, ScoreConfig } from "./pairs";

export interface Disagreement extends AlignedPair {
  /** Numeric scores: |machine − human|. Null for labels. */
  error: number | null;
}

/**
 * Numeric scores disagree when they are further apart than the tolerance: by default a tenth of the config's range,
 * or any difference when the range is open.
 */
export function defaultTolerance(config: ScoreConfig): number {
  return config.minValue !== null && config.maxValue !== null ? (config.maxValue - config.minValue) / 10 : 0;
}

export function disagreements(config: ScoreConfig, pairs: readonly AlignedPair[], tolerance: number): Disagreement[] {
  if (config.type !== "numeric") {
    return pairs
      .filter((p) => p.machine !== p.human)
      .map((p) => ({ ...p, error: null }))
      .sort((a, b) => b.startedAt - a.startedAt || b.traceId.localeCompare(a.traceId));
  }
  return pairs
    .map((p) => ({ ...p, error: Math.abs(Number(p.machine) - Number(p.human)) }))
    .filter((p) => p.error > tolerance)
    .sort((a, b) => b.error - a.error || b.traceId.localeCompare(a.traceId));
}

/** Label disagreements page newest first, numeric ones largest error first; the cursor is that sort key. */
export function pageOfDisagreements(items: readonly Disagreement[], cursor: string | undefined, limit: number): Page<Disagreement> {
  const key = (d: Disagreement) => d.error ?? d.startedAt;
  const after = decodeCursor(cursor);
  const rest = after ? items.filter((d) => key(d) < after.at || (key(d) === after.at && d.traceId < after.id)) : items;
  const page = rest.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page, nextCursor: rest.length > limit && last ? encodeCursor({ at: key(last), id: last.traceId }) : null };
}
