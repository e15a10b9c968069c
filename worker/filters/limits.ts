import type { z } from "zod";
import type { FilterNode } from "./schema";

export const LIMITS = {
  /** Levels of groups, the top-level group included. */
  depth: 5,
  conditions: 50,
  /** Nested groups: empty ones bind nothing, but still cost SQL text. */
  groups: 50,
  /** D1 allows 100 bound parameters per statement; the rest are left for the caller's own conditions and paging. */
  boundValues: 80,
  textLength: 1000,
  nameLength: 256,
  /** `within` spans at most a century, so `now - seconds * 1000` stays an ordinary number. */
  withinSeconds: 100 * 365.25 * 24 * 3600,
} as const;

type Path = (string | number)[];
type Tally = { conditions: number; groups: number; issues: { path: Path; message: string }[] };

/**
 * Depth and size are checked on the raw input, before the recursive schema runs, so a hostile, deeply nested
 * body fails fast instead of recursing through the parser.
 */
export function checkShape(input: unknown, ctx: z.RefinementCtx): void {
  const tally: Tally = { conditions: 0, groups: 0, issues: [] };
  measure(input, 1, [], tally);
  for (const issue of tally.issues) ctx.addIssue({ code: "custom", ...issue });
  if (tally.conditions > LIMITS.conditions) {
    ctx.addIssue({
      code: "custom",
      path: [],
      message: `a filter has at most ${LIMITS.conditions} conditions; this one has ${tally.conditions}`,
    });
  }
  if (tally.groups > LIMITS.groups) {
    ctx.addIssue({ code: "custom", path: [], message: `a filter has at most ${LIMITS.groups} groups; this one has ${tally.groups}` });
  }
}

function measure(node: unknown, depth: number, path: Path, tally: Tally): void {
  const children = groupChildren(node);
  if (!children) {
    tally.conditions += 1;
    return;
  }
  if (depth > LIMITS.depth) {
    tally.issues.push({ path, message: `groups nest at most ${LIMITS.depth} levels deep` });
    return;
  }
  if (depth > 1) tally.groups += 1;
  children.items.forEach((child, i) => measure(child, depth + 1, [...path, children.key, i], tally));
}

function groupChildren(node: unknown): { key: "all" | "any"; items: unknown[] } | undefined {
  if (typeof node !== "object" || node === null) return undefined;
  for (const key of ["all", "any"] as const) {
    const items: unknown = Reflect.get(node, key);
    if (Array.isArray(items)) return { key, items };
  }
  return undefined;
}

/**
 * How many values the SQL compiler binds for a filter, besides the project id: each value once, each list entry
 * once, plus the metadata key, classifier or evaluation a condition names. The equivalence suite checks this
 * count against the compiled statement.
 */
export function boundValueCount(node: FilterNode): number {
  if ("all" in node) return sum(node.all.map(boundValueCount));
  if ("any" in node) return sum(node.any.map(boundValueCount));
  const named = "key" in node || "classifier" in node || "evaluation" in node ? 1 : 0;
  if (!("value" in node)) return named;
  return named + (Array.isArray(node.value) ? node.value.length : 1);
}

function sum(counts: number[]): number {
  return counts.reduce((a, b) => a + b, 0);
}
