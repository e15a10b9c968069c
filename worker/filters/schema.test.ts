import { describe, expect, it } from "vitest";
import { ServiceError } from "../errors";
import { filterFields } from "./fields";
import { LIMITS } from "./limits";
import { conditionSchema, parseFilterSet } from "./schema";

/** The first issue as a UI would show it: where, and what. */
function rejection(input: unknown): { path: string; message: string } {
  try {
    parseFilterSet(input);
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    expect(error.code).toBe("bad_request");
    const issues: unknown = Reflect.get(Object(error.details), "issues");
    if (!Array.isArray(issues) || issues.length === 0) return { path: "", message: error.message };
    return { path: String(Reflect.get(issues[0], "path")), message: String(Reflect.get(issues[0], "message")) };
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

/** Groups `depth` levels deep; built in a loop because a hostile depth would overflow a recursive builder. */
function nested(depth: number): object {
  let node: object = { all: [] };
  for (let level = 1; level < depth; level++) node = { all: [node] };
  return node;
}
const condition = { field: "name", op: "equals", value: "x" };

describe("valid filters", () => {
  it("accepts every field with its operators and returns groups exactly as given", () => {
    const filter = {
      any: [
        { field: "name", op: "contains", value: "checkout" },
        { field: "model", op: "in", value: ["gpt-4o", "claude-3"] },
        { field: "status", op: "in", value: ["error"] },
        { field: "cost", op: "between", value: [0.1, 2] },
        { field: "timeToFirstTokenMs", op: "isNotSet" },
        { field: "startedAt", op: "within", value: 3600 },
        { field: "tags", op: "hasAll", value: ["beta", "eu"] },
        { field: "metadata", key: 'customer."tier"', op: "equals", value: "gold" },
        { field: "flag", classifier: "refusal", op: "notFlagged" },
        { all: [{ field: "score", evaluation: "helpfulness", op: "below", value: 0.5 }, { field: "score", evaluation: "passed", op: "equals", value: true }] },
      ],
    };
    expect(parseFilterSet(filter)).toEqual(filter);
    expect(parseFilterSet(JSON.stringify(filter))).toEqual(filter);
  });

  it("drops keys a field does not use, and replaces lone surrogates that D1 could not store", () => {
    expect(parseFilterSet({ all: [{ field: "cost", op: "isSet", value: 3, key: "k" }] })).toEqual({ all: [{ field: "cost", op: "isSet" }] });
    expect(parseFilterSet({ all: [{ ...condition, value: "a\ud800" }] })).toEqual({ all: [{ ...condition, value: "a\ufffd" }] });
  });

  it("accepts the limits themselves", () => {
    expect(() => parseFilterSet(nested(LIMITS.depth))).not.toThrow();
    expect(() => parseFilterSet({ all: Array.from({ length: LIMITS.conditions }, () => condition) })).not.toThrow();
  });

  it("describes every field for a filter builder", () => {
    expect(filterFields.find((f) => f.field === "status")).toEqual({
      field: "status", label: "Status", type: "status", operators: ["equals", "notEquals", "in"], values: ["ok", "error", "unset"],
    });
    expect(filterFields).toHaveLength(22);
  });
});

describe("invalid filters", () => {
  it("names the operators a field allows", () => {
    expect(rejection({ all: [{ field: "name", op: "gt", value: 1 }] })).toEqual({
      path: "all.0.op",
      message: 'name does not support the operator "gt"; use one of: equals, notEquals, in, contains, startsWith, isSet, isNotSet',
    });
    expect(rejection({ all: [{ field: "status", op: "contains", value: "ok" }] }).message).toContain("use one of: equals, notEquals, in");
    expect(rejection({ all: [{ field: "durationMs" }] })).toMatchObject({ path: "all.0.op", message: expect.stringContaining("choose an operator for durationMs") });
  });

  it("names an unknown field", () => {
    expect(rejection({ any: [{ field: "latency", op: "gt", value: 1 }] })).toMatchObject({
      path: "any.0.field",
      message: expect.stringMatching(/^unknown field "latency"; use one of: name, /),
    });
  });

  it("says which value type a field needs", () => {
    expect(rejection({ all: [{ field: "cost", op: "gt", value: "1" }] })).toEqual({ path: "all.0.value", message: "value must be a number" });
    expect(rejection({ all: [{ field: "name", op: "in", value: "x" }] })).toEqual({ path: "all.0.value", message: "value must be a list of texts" });
    expect(rejection({ all: [{ field: "name", op: "equals" }] })).toEqual({ path: "all.0.value", message: "value is required" });
    expect(rejection({ all: [{ field: "status", op: "equals", value: "failed" }] }).message).toBe("value must be one of: ok, error, unset");
    expect(rejection({ all: [{ field: "cost", op: "between", value: [2, 1] }] }).message).toBe("value's min must not exceed its max");
    expect(rejection({ all: [{ field: "cost", op: "between", value: [1] }] }).message).toBe("value must be a [min, max] pair of numbers");
    expect(rejection({ all: [{ field: "startedAt", op: "within", value: 0 }] }).message).toBe("value must be a positive number of seconds");
    expect(rejection({ all: [{ field: "startedAt", op: "within", value: 1e300 }] }).message).toBe("value must be at most 100 years in seconds");
    expect(rejection({ all: [{ field: "tags", op: "hasAny", value: [] }] }).message).toBe("value must list at least one entry");
    expect(rejection({ all: [{ field: "score", evaluation: "e", op: "above", value: true }] }).message).toBe("value must be a number");
  });

  it("requires the key, classifier or evaluation a condition names", () => {
    expect(rejection({ all: [{ field: "metadata", op: "isSet" }] })).toEqual({ path: "all.0.key", message: "key is required" });
    expect(rejection({ all: [{ field: "flag", classifier: "", op: "flagged" }] })).toEqual({ path: "all.0.classifier", message: "classifier is required" });
    expect(rejection({ all: [{ field: "score", evaluation: 3, op: "exists" }] })).toEqual({ path: "all.0.evaluation", message: "evaluation must be text" });
  });

  it("rejects malformed groups", () => {
    expect(rejection(condition).message).toBe("conditions go inside a group, e.g. { all: [condition] }");
    expect(rejection({ all: [], any: [] }).message).toBe("a group has either all or any, not both");
    expect(rejection({ all: [{ op: "equals", value: "x" }] })).toMatchObject({ path: "all.0", message: expect.stringContaining("expected a condition") });
    expect(rejection({ all: "x" }).message).toBe("all must be a list of conditions and groups");
    expect(rejection({ all: ["name"] })).toMatchObject({ path: "all.0", message: expect.stringContaining("expected a condition") });
    expect(rejection(null).message).toBe("expected a group: { all: [...] } or { any: [...] }");
    expect(rejection("{not json").message).toBe("invalid filter: not valid JSON");
  });

  it("rejects filters nested too deep, with the path of the offending group", () => {
    expect(rejection(nested(LIMITS.depth + 1))).toEqual({ path: "all.0.all.0.all.0.all.0.all.0", message: "groups nest at most 5 levels deep" });
    expect(() => parseFilterSet(nested(10_000))).toThrow(ServiceError);
  });

  it("rejects too many conditions, groups or values", () => {
    const many = <T>(n: number, item: T) => Array.from({ length: n }, () => item);
    expect(rejection({ any: many(LIMITS.conditions + 1, condition) }).message).toBe("a filter has at most 50 conditions; this one has 51");
    expect(rejection({ any: many(LIMITS.groups + 1, { all: [] }) }).message).toBe("a filter has at most 50 groups; this one has 51");
    const list = { field: "tags", op: "hasAny", value: many(41, "t") };
    expect(rejection({ any: [list, list] }).message).toBe("a filter may hold at most 80 values (list entries count one each); this one holds 82");
    expect(rejection({ any: many(41, { field: "metadata", key: "k", op: "equals", value: "v" }) }).message).toContain("this one holds 82");
  });

  it("validates one condition on its own for a filter builder's row", () => {
    expect(conditionSchema.safeParse({ field: "tags", op: "has", value: "x" }).success).toBe(true);
    const result = conditionSchema.safeParse({ op: "has" });
    expect(result.error?.issues[0]).toMatchObject({ path: ["field"], message: "field is required" });
  });
});
