import { type OutputUnit, type Schema, type SchemaDraft, Validator } from "@cfworker/json-schema";
import { isRecord } from "../ingest/conventions/attrs";
import { decoded, excerpt } from "./tool-calls";

// Checking an answer against a schema that came from telemetry: the schema is untrusted, so one that is not a
// usable JSON schema (wrong shape, unknown type names, unresolvable $ref, bad regex) yields "could not check"
// instead of a crash or a false failure on every answer.

export type SchemaCheck = { status: "valid" } | { status: "invalid"; error: string } | { status: "unusable"; why: string };

const TYPES = new Set(["array", "boolean", "integer", "null", "number", "object", "string"]);
const SUBSCHEMA = ["items", "additionalProperties", "additionalItems", "not", "if", "then", "else", "contains", "propertyNames", "unevaluatedProperties", "unevaluatedItems"];
const SUBSCHEMA_LISTS = ["allOf", "anyOf", "oneOf", "prefixItems", "items"];
const SUBSCHEMA_MAPS = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
/** Applicators wrap their children's failures; the child's error says what is actually wrong. */
const WRAPPERS = new Set(["properties", "items", "prefixItems", "allOf", "anyOf", "oneOf", "$ref", "false", "dependentSchemas"]);

/** The subschemas of a schema node, by the keywords that hold them (values of `const`, `enum`... are data). */
function children(node: Record<string, unknown>): unknown[] {
  const lists = SUBSCHEMA_LISTS.flatMap((key): unknown[] => {
    const list = node[key];
    return Array.isArray(list) ? list : [];
  });
  const maps = SUBSCHEMA_MAPS.flatMap((key) => {
    const map = node[key];
    return isRecord(map) ? Object.values(map) : [];
  });
  return [...SUBSCHEMA.map((key) => node[key]).filter((v) => v !== undefined && !Array.isArray(v)), ...lists, ...maps];
}

/** Iterative walk: the schema comes from a sender, so its depth is not ours to trust with recursion. */
function malformed(schema: unknown): string | null {
  const stack: unknown[] = [schema];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (typeof node === "boolean") continue;
    if (!isRecord(node)) return `a subschema is ${excerpt(node, 40)}, not an object`;
    const types = Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type];
    const unknown = types.find((t) => typeof t !== "string" || !TYPES.has(t));
    if (unknown !== undefined) return `unknown type ${excerpt(JSON.stringify(unknown), 40)}`;
    stack.push(...children(node));
  }
  return null;
}

function draftOf(schema: Record<string, unknown>): SchemaDraft {
  const uri = typeof schema.$schema === "string" ? schema.$schema : "";
  if (uri.includes("draft-04")) return "4";
  if (uri.includes("draft-07") || uri.includes("draft-06")) return "7";
  return uri.includes("2019-09") ? "2019-09" : "2020-12";
}

function describe(errors: OutputUnit[]): string {
  const specific = errors.find((e) => !WRAPPERS.has(e.keyword)) ?? errors[0];
  return specific ? `${specific.instanceLocation.replace(/^#/, "") || "/"}: ${specific.error}` : "does not match";
}

/** Validates `value` against a declared schema, which may arrive as JSON text. */
export function checkAgainstSchema(declared: unknown, value: unknown): SchemaCheck {
  const schema = decoded(declared);
  const problem = malformed(schema);
  if (problem !== null) return { status: "unusable", why: problem };
  try {
    const draft = isRecord(schema) ? draftOf(schema) : "2020-12";
    const result = new Validator(schema as Schema | boolean, draft, false).validate(value);
    return result.valid ? { status: "valid" } : { status: "invalid", error: describe(result.errors) };
  } catch (error) {
    return { status: "unusable", why: error instanceof Error ? error.message.split("\n")[0] ?? "" : "validator failed" };
  }
}
