import fc from "fast-check";
import { numberFieldNames, statusValues, textFieldNames, timeFieldNames, type TraceRow } from "./fields";
import type { ScoreFact } from "./evaluate";
import type { FilterCondition, FilterGroup, FilterNode } from "./schema";

// Random traces and random FilterSets over them, for the SQL/memory equivalence suite. Filter values are drawn
// mostly from the generated data (and from its prefixes, slices and case variants) so conditions select some
// traces and not others, instead of almost always nothing.

export const NOW = 1_800_000_000_000;

/** Strings where SQLite and JS are most likely to disagree: case, non-ASCII case, quotes, JSON-path syntax. */
const oddStrings = ["", " ", "a", "A", "ab", "Ab", "AB", "a.b", 'say "hi"', "it's", "%", "_", "\\", "$", "$.x", "[0]",
  "ä", "Ä", "ß", "SS", "İ", "i", "\u212a", "k", "K", "😀", "naïve", "NAÏVE", "ﬁ", "nul\u0000byte"];

const word = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...oddStrings) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 5 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme-ascii", maxLength: 5 }) },
);
const metadataKey = fc.oneof(fc.constantFrom("k", "K", "a.b", 'q"uote', "it's", "$", "$.x", "[0]", "a\\b", "__proto__", "", "ключ", "😀"), word);
const classifiers = ["jailbreak", "refusal", "frustration"];
const evaluations = ["helpfulness", "Helpfulness", "toxicity"];

const smallInt = fc.integer({ min: 0, max: 20 });
const smallReal = fc.oneof(smallInt, fc.double({ min: -5, max: 25, noNaN: true }));
const nullable = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null, freq: 3 });
const instant = fc.integer({ min: NOW - 3_600_000, max: NOW + 60_000 });

export type TraceFixture = Omit<TraceRow, "projectId" | "id" | "endedAt" | "updatedAt" | "settledAt" | "rootSeen"> & {
  flags: string[];
  scores: ScoreFact[];
};

export const traceFixture: fc.Arbitrary<TraceFixture> = fc.record({
  name: word,
  status: fc.constantFrom(...statusValues),
  models: fc.array(word, { maxLength: 3 }),
  provider: nullable(word),
  sessionId: nullable(word),
  userId: nullable(word),
  environment: nullable(word),
  durationMs: smallReal,
  timeToFirstTokenMs: nullable(smallReal),
  inputTokens: smallInt,
  outputTokens: smallInt,
  totalTokens: smallInt,
  cost: nullable(smallReal),
  spanCount: smallInt,
  toolCallCount: smallInt,
  errorCount: smallInt,
  startedAt: instant,
  createdAt: instant,
  tags: fc.array(word, { maxLength: 4 }),
  // fromEntries defines own properties, so even "__proto__" survives into the stored JSON.
  metadata: fc.array(fc.tuple(metadataKey, word), { maxLength: 4 }).map((entries) => Object.fromEntries(entries)),
  flags: fc.uniqueArray(fc.constantFrom(...classifiers), { maxLength: 3 }),
  scores: fc.array(
    fc.record({ evaluation: fc.constantFrom(...evaluations), valueNumber: nullable(smallReal), valueLabel: nullable(word) }),
    { maxLength: 3 },
  ),
});

function variants(s: string): string[] {
  return [s, s.slice(0, 1), s.slice(0, 2), s.slice(1, 3), s.toUpperCase(), s.toLowerCase()];
}

const present = <T>(values: readonly (T | null | undefined)[]): T[] => values.filter((v): v is T => v !== null && v !== undefined);

/** Mostly a value seen in this very field (or a slice or case variant of one), sometimes a fresh one. */
function textNear(seen: readonly string[]): fc.Arbitrary<string> {
  const fresh = fc.oneof(fc.constantFrom(...oddStrings), word);
  if (seen.length === 0) return fresh;
  const near = fc.constantFrom(...seen).chain((s) => fc.constantFrom(...variants(s)));
  return fc.oneof({ weight: 4, arbitrary: near }, { weight: 1, arbitrary: fresh });
}

function numberNear(seen: readonly number[]): fc.Arbitrary<number> {
  return seen.length === 0 ? smallReal : fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...seen) }, { weight: 1, arbitrary: smallReal });
}

const listOf = <T>(value: fc.Arbitrary<T>) => fc.array(value, { minLength: 1, maxLength: 3 });
const ordered = (value: fc.Arbitrary<number>) => fc.tuple(value, value).map(([a, b]): [number, number] => (a <= b ? [a, b] : [b, a]));

function conditionOf(fixtures: readonly TraceFixture[]): fc.Arbitrary<FilterCondition> {
  const text = fc.constantFrom(...textFieldNames).chain((field) => {
    const value = textNear(fixtures.flatMap((t) => (field === "model" ? t.models : present([t[field]]))));
    return fc.oneof(
      fc.record({ field: fc.constant(field), op: fc.constantFrom("equals", "notEquals", "contains", "startsWith"), value }),
      fc.record({ field: fc.constant(field), op: fc.constant("in"), value: listOf(value) }),
      fc.record({ field: fc.constant(field), op: fc.constantFrom("isSet", "isNotSet") }),
    );
  });
  const status = fc.constantFrom(...statusValues);
  const statuses = fc.oneof(
    fc.record({ field: fc.constant("status"), op: fc.constantFrom("equals", "notEquals"), value: status }),
    fc.record({ field: fc.constant("status"), op: fc.constant("in"), value: listOf(status) }),
  );
  const number = fc.constantFrom(...numberFieldNames).chain((field) => {
    const value = numberNear(present(fixtures.map((t) => t[field])));
    return fc.oneof(
      fc.record({ field: fc.constant(field), op: fc.constantFrom("equals", "notEquals", "gt", "gte", "lt", "lte"), value }),
      fc.record({ field: fc.constant(field), op: fc.constant("between"), value: ordered(value) }),
      fc.record({ field: fc.constant(field), op: fc.constantFrom("isSet", "isNotSet") }),
    );
  });
  const time = fc.constantFrom(...timeFieldNames).chain((field) => {
    const value = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...fixtures.map((t) => t[field])) }, { weight: 1, arbitrary: instant });
    return fc.oneof(
      fc.record({ field: fc.constant(field), op: fc.constantFrom("before", "after"), value }),
      fc.record({ field: fc.constant(field), op: fc.constant("between"), value: ordered(value) }),
      fc.record({ field: fc.constant(field), op: fc.constant("within"), value: value.map((t) => (NOW - t) / 1000).filter((s) => s > 0) }),
    );
  });
  const tag = textNear(fixtures.flatMap((t) => t.tags));
  const tags = fc.oneof(
    fc.record({ field: fc.constant("tags"), op: fc.constant("has"), value: tag }),
    fc.record({ field: fc.constant("tags"), op: fc.constantFrom("hasAny", "hasAll", "hasNone"), value: listOf(tag) }),
  );
  const keys = present(fixtures.flatMap((t) => Object.keys(t.metadata).filter((k) => k !== "")));
  const key = keys.length === 0 ? metadataKey : fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...keys) }, { weight: 1, arbitrary: metadataKey });
  const metadata = key.filter((k) => k !== "").chain((k) =>
    fc.oneof(
      fc.record({
        field: fc.constant("metadata"),
        key: fc.constant(k),
        op: fc.constantFrom("equals", "notEquals", "contains"),
        value: textNear(present(fixtures.map((t) => (Object.hasOwn(t.metadata, k) ? t.metadata[k] : undefined)))),
      }),
      fc.record({ field: fc.constant("metadata"), key: fc.constant(k), op: fc.constantFrom("isSet", "isNotSet") }),
    ),
  );
  const flag = fc.record({ field: fc.constant("flag"), classifier: fc.constantFrom(...classifiers, "laziness"), op: fc.constantFrom("flagged", "notFlagged") });
  const score = fc.constantFrom(...evaluations).chain((evaluation) => {
    const rows = fixtures.flatMap((t) => t.scores.filter((s) => s.evaluation === evaluation));
    const label = textNear(present(rows.map((r) => r.valueLabel)));
    const value = numberNear(present(rows.map((r) => r.valueNumber)));
    const base = { field: fc.constant("score"), evaluation: fc.constant(evaluation) } as const;
    return fc.oneof(
      fc.record({ ...base, op: fc.constantFrom("exists", "notExists") }),
      fc.record({ ...base, op: fc.constant("equals"), value: fc.oneof(label, value, fc.boolean()) }),
      fc.record({ ...base, op: fc.constantFrom("above", "below"), value }),
    );
  });
  return fc.oneof(
    { weight: 3, arbitrary: text },
    { weight: 1, arbitrary: statuses },
    { weight: 2, arbitrary: number },
    { weight: 2, arbitrary: time },
    { weight: 2, arbitrary: tags },
    { weight: 2, arbitrary: metadata },
    { weight: 1, arbitrary: flag },
    { weight: 2, arbitrary: score },
  );
}

/** Random single conditions and FilterSets (groups up to four levels deep) over the given traces. */
export function filtersOver(fixtures: readonly TraceFixture[]): fc.Arbitrary<{ trees: FilterGroup[]; conditions: FilterCondition[] }> {
  const condition = conditionOf(fixtures);
  const tree = fc.letrec<{ node: FilterNode; group: FilterGroup }>((tie) => ({
    node: fc.oneof({ maxDepth: 3, depthIdentifier: "filter" }, condition, tie("group")),
    group: fc.oneof(
      fc.record({ all: fc.array(tie("node"), { maxLength: 4, depthIdentifier: "filter" }) }),
      fc.record({ any: fc.array(tie("node"), { maxLength: 4, depthIdentifier: "filter" }) }),
    ),
  }));
  return fc.record({
    trees: fc.array(tree.group, { minLength: 1, maxLength: 4 }),
    conditions: fc.array(condition, { minLength: 10, maxLength: 20 }),
  });
}
