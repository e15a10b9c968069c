import type { scoreConfigs } from "../db/schema";

// Pairs each trace's machine score with the humans' verdict on the same score config. Pure: the service loads rows.

export type ScoreConfig = Pick<typeof scoreConfigs.$inferSelect, "id" | "name" | "type" | "categories" | "minValue" | "maxValue">;

/** Just the fields alignment reads (and answers with), from a full score config row. */
export const scoreConfigOf = ({ id, name, type, categories, minValue, maxValue }: ScoreConfig): ScoreConfig => ({ id, name, type, categories, minValue, maxValue });

/** A verdict as compared: "pass"/"fail" for boolean scores, the category for categorical ones, the number for numeric. */
export type Verdict = string | number;

export const PASS = "pass";
export const FAIL = "fail";

export interface StoredValue {
  valueNumber: number | null;
  valueLabel: string | null;
}

export interface MachineScoreRow extends StoredValue {
  traceId: string;
  traceName: string;
  startedAt: number;
  source: string;
  reason: string | null;
  scoredAt: number;
}

export interface HumanVerdictRow extends StoredValue {
  traceId: string;
  /** Null for annotations made with an API key. */
  authorId: string | null;
  queueId: string | null;
  createdAt: number;
}

export interface AlignedPair {
  traceId: string;
  traceName: string;
  startedAt: number;
  machine: Verdict;
  human: Verdict;
  /** How many reviewers' verdicts make up `human`. */
  humanRatings: number;
  /** The queue of the latest human verdict, for a link back to its review screen. */
  queueId: string | null;
  source: string;
  reason: string | null;
}

export interface PairingCounts {
  /** Traces with a machine score for this config. */
  machineScores: number;
  /** Of those, traces with at least one published human verdict. */
  humanVerdicts: number;
  /** Traces compared: both sides readable and the humans not split evenly. */
  pairs: number;
  /** Traces left out because their reviewers split evenly between labels. */
  ties: number;
}

export const isNumeric = (config: Pick<ScoreConfig, "type">) => config.type === "numeric";

export function verdictOf(config: Pick<ScoreConfig, "type">, value: StoredValue): Verdict | null {
  if (config.type === "boolean") return value.valueNumber === 1 ? PASS : value.valueNumber === 0 ? FAIL : null;
  if (config.type === "categorical") return value.valueLabel;
  return value.valueNumber !== null && Number.isFinite(value.valueNumber) ? value.valueNumber : null;
}

/**
 * The humans' verdict on one trace from each reviewer's latest rating: the mean for numeric scores, the majority
 * label otherwise, and null when the reviewers split evenly (no ground truth to compare with).
 */
export function consensus(config: Pick<ScoreConfig, "type">, ratings: readonly Verdict[]): Verdict | null {
  if (ratings.length === 0) return null;
  if (isNumeric(config)) return ratings.reduce<number>((sum, r) => sum + Number(r), 0) / ratings.length;
  const votes = new Map<string, number>();
  for (const r of ratings) votes.set(String(r), (votes.get(String(r)) ?? 0) + 1);
  const ranked = [...votes].sort((a, b) => b[1] - a[1]);
  return ranked.length > 1 && ranked[0]![1] === ranked[1]![1] ? null : ranked[0]![0];
}

const latestBy = <T>(rows: readonly T[], key: (row: T) => string, time: (row: T) => number) => {
  const latest = new Map<string, T>();
  for (const row of rows) {
    const previous = latest.get(key(row));
    if (!previous || time(row) >= time(previous)) latest.set(key(row), row);
  }
  return latest;
};

/** Each trace's latest readable verdict per reviewer (API-key annotations count as one reviewer). */
export function latestRatings(config: Pick<ScoreConfig, "type">, rows: readonly HumanVerdictRow[]): Map<string, (HumanVerdictRow & { verdict: Verdict })[]> {
  const readable = rows.flatMap((row) => {
    const verdict = verdictOf(config, row);
    return verdict === null ? [] : [{ ...row, verdict }];
  });
  const perReviewer = latestBy(readable, (r) => JSON.stringify([r.traceId, r.authorId ?? ""]), (r) => r.createdAt);
  return Map.groupBy(perReviewer.values(), (r) => r.traceId);
}

export function pairUp(config: ScoreConfig, machineRows: readonly MachineScoreRow[], humanRows: readonly HumanVerdictRow[]): { pairs: AlignedPair[]; counts: PairingCounts } {
  // A trace scored by several sources under one evaluation is compared once, on its latest score.
  const machine = latestBy(machineRows, (r) => r.traceId, (r) => r.scoredAt);
  const humans = latestRatings(config, humanRows);
  const pairs: AlignedPair[] = [];
  let humanVerdicts = 0;
  let ties = 0;
  for (const [traceId, score] of machine) {
    const ratings = humans.get(traceId);
    const machineVerdict = verdictOf(config, score);
    if (!ratings || machineVerdict === null) continue;
    humanVerdicts++;
    const human = consensus(config, ratings.map((r) => r.verdict));
    if (human === null) {
      ties++;
      continue;
    }
    const latest = ratings.reduce((a, b) => (b.createdAt >= a.createdAt ? b : a));
    pairs.push({
      traceId,
      traceName: score.traceName,
      startedAt: score.startedAt,
      machine: machineVerdict,
      human,
      humanRatings: ratings.length,
      queueId: latest.queueId ?? ratings.find((r) => r.queueId)?.queueId ?? null,
      source: score.source,
      reason: score.reason,
    });
  }
  return { pairs, counts: { machineScores: machine.size, humanVerdicts, pairs: pairs.length, ties } };
}
