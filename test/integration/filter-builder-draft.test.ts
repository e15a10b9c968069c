import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  appendChild,
  emptyGroup,
  fromFilterSet,
  issuesForPaths,
  newCondition,
  removeNode,
  toFilterSet,
  updateNode,
  withField,
  withOp,
  type DraftCondition,
  type DraftGroup,
} from "../../app/components/filters/draft";
import { filterFields, type FieldInfo } from "../../worker/filters/fields";
import { filtersOver, traceFixture } from "../../worker/filters/filter-arbitraries";
import { filterSetSchema, type FilterSet } from "../../worker/filters/schema";

// The filter builder edits a draft (text as typed) and submits what `toFilterSet` makes of it. These tests hold
// the draft to the shared schema: a saved filter opens and saves back unchanged, and every invalid row is told why.

const field = (name: string): FieldInfo => {
  const info = filterFields.find((f) => f.field === name);
  if (!info) throw new Error(`no field ${name}`);
  return info;
};

function condition(name: string, patch: Partial<DraftCondition> = {}): DraftCondition {
  return { ...newCondition(field(name)), ...patch };
}

function group(...children: DraftGroup["children"]): DraftGroup {
  return { ...emptyGroup("all", "root"), children };
}

// JSON text compares -0 and 0 alike, as SQL and the evaluator do.
const canonical = (filter: FilterSet | null) => JSON.stringify(filter);

describe("filter builder draft", () => {
  it("opens any valid saved filter and saves it back unchanged", () => {
    const saved = fc
      .array(traceFixture, { minLength: 1, maxLength: 4 })
      .chain((fixtures) => filtersOver(fixtures))
      .map(({ trees }) => trees.map((tree) => filterSetSchema.safeParse(tree)).flatMap((r) => (r.success ? [r.data] : [])))
      .map((filters) => filters.filter((f) => ("all" in f ? f.all : f.any).length > 0));
    fc.assert(
      fc.property(saved, (filters) => {
        for (const filter of filters) {
          const result = toFilterSet(fromFilterSet(filter), filterFields);
          expect(result.issues).toEqual({});
          expect(canonical(result.filter)).toBe(canonical(filter));
        }
      }),
      { numRuns: 150 },
    );
  });

  it("treats an empty builder as no filter, but keeps an empty nested group", () => {
    expect(toFilterSet(group(), filterFields)).toEqual({ filter: null, issues: {}, valid: true });
    const nested = toFilterSet(group(emptyGroup("any", "g")), filterFields);
    expect(nested.filter).toEqual({ all: [{ any: [] }] });
  });

  it("reports each invalid row under its own id, with the schema's message", () => {
    const ok = condition("model", { id: "ok", op: "equals", value: "gpt-4o" });
    const blank = condition("durationMs", { id: "blank", op: "gt", value: "" });
    const notNumber = condition("durationMs", { id: "nan", op: "lt", value: "12a" });
    const backwards = condition("totalTokens", { id: "range", op: "between", value: "9", upper: "1" });
    const unnamed = condition("metadata", { id: "key", op: "isSet", name: "" });
    const inner = { ...emptyGroup("any", "inner"), children: [notNumber, unnamed] };
    const result = toFilterSet(group(ok, blank, inner, backwards), filterFields);
    expect(result.valid).toBe(false);
    expect(result.filter).toBeNull();
    expect(Object.keys(result.issues).sort()).toEqual(["blank", "key", "nan", "range"]);
    expect(result.issues.blank).toEqual(["value is required"]);
    expect(result.issues.nan).toEqual(["value must be a number"]);
    expect(result.issues.key).toEqual(["key is required"]);
    expect(result.issues.range?.[0]).toMatch(/min must not exceed its max/);
  });

  it("maps the server's issue paths to the same rows", () => {
    const a = condition("model", { id: "a", op: "equals", value: "x" });
    const b = condition("tags", { id: "b", op: "hasAny", list: [] });
    const draft = group(a, { ...emptyGroup("any", "g"), children: [b] });
    const issues = issuesForPaths(draft, filterFields, { "filter.all.1.any.0.value": "value must list at least one entry", name: "unrelated" }, "filter");
    expect(issues).toEqual({ b: ["value must list at least one entry"] });
  });

  it("reads typed values by type: lists, times, within units, score kinds", () => {
    const draft = group(
      condition("tags", { op: "hasAll", list: ["a, b", " c"] }),
      condition("startedAt", { op: "between", value: "2026-01-02T03:04", upper: "2026-01-02T05:06:07.008" }),
      condition("createdAt", { op: "within", value: "2", unit: "days" }),
      condition("score", { op: "equals", name: "helpfulness", scoreKind: "label", value: "1" }),
      condition("score", { op: "equals", name: "pass", scoreKind: "boolean", value: "false" }),
      condition("score", { op: "equals", name: "n", scoreKind: "number", value: "0.25" }),
    );
    const { filter, issues } = toFilterSet(draft, filterFields);
    expect(issues).toEqual({});
    expect(filter).toEqual({
      all: [
        { field: "tags", op: "hasAll", value: ["a, b", " c"] },
        { field: "startedAt", op: "between", value: [new Date("2026-01-02T03:04").getTime(), new Date("2026-01-02T05:06:07.008").getTime()] },
        { field: "createdAt", op: "within", value: 2 * 86_400 },
        { field: "score", evaluation: "helpfulness", op: "equals", value: "1" },
        { field: "score", evaluation: "pass", op: "equals", value: false },
        { field: "score", evaluation: "n", op: "equals", value: 0.25 },
      ],
    });
  });

  it("keeps what still fits when the field or operator changes, and clears what does not", () => {
    const duration = condition("durationMs", { op: "between", value: "1", upper: "5" });
    const tokens = withField(duration, field("durationMs"), field("totalTokens"));
    expect(tokens).toMatchObject({ field: "totalTokens", op: "between", value: "1", upper: "5" });
    const model = withField(tokens, field("totalTokens"), field("model"));
    expect(model).toMatchObject({ field: "model", op: field("model").operators[0], value: "", upper: "" });
    const inList = withOp({ ...model, value: "gpt" }, field("model"), "in");
    expect(inList).toMatchObject({ op: "in", value: "", list: [] });
    const meta = condition("metadata", { name: "tier", op: "equals", value: "gold" });
    expect(withField(meta, field("metadata"), field("flag")).name).toBe("");
  });

  it("edits the tree by id", () => {
    let draft = group();
    draft = appendChild(draft, "root", condition("model", { id: "m" }));
    draft = appendChild(draft, "root", { ...emptyGroup("any", "g") });
    draft = appendChild(draft, "g", condition("status", { id: "s", op: "equals", value: "error" }));
    draft = updateNode(draft, "m", (node) => ({ ...node, value: "gpt-4o" }) as DraftCondition);
    expect(toFilterSet(draft, filterFields).filter).toEqual({
      all: [{ field: "model", op: "equals", value: "gpt-4o" }, { any: [{ field: "status", op: "equals", value: "error" }] }],
    });
    draft = removeNode(draft, "s");
    expect(toFilterSet(draft, filterFields).filter).toEqual({ all: [{ field: "model", op: "equals", value: "gpt-4o" }, { any: [] }] });
  });
});
