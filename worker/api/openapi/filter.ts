import { z } from "@hono/zod-openapi";
import { conditionSchema, type FilterCondition, type FilterGroup, type FilterNode } from "../../filters/schema";

// How a FilterSet looks, for the document. Requests are checked by worker/filters' filterSetSchema, which starts
// from `unknown` (depth and size are checked on the raw input before the recursive schema runs) and so renders
// as an empty schema; this one is built from the same per-condition schema, nested the way its groups nest.
// Limits on depth, count and the between-pairs' order are the validator's alone.

const node: z.ZodType<FilterNode> = z
  .lazy(() => z.union([condition, filterSetDocSchema]))
  .openapi("FilterNode", { description: "A condition, or a nested group." });

const condition: z.ZodType<FilterCondition> = conditionSchema.openapi("FilterCondition");

export const filterSetDocSchema: z.ZodType<FilterGroup> = z
  .union([
    z.object({ all: z.array(node).openapi({ description: "Every node holds; empty matches everything." }) }),
    z.object({ any: z.array(node).openapi({ description: "Some node holds; empty matches nothing." }) }),
  ])
  .openapi("FilterSet", { description: "A group of conditions: `{ all: [...] }` or `{ any: [...] }`." });
