import { z } from "zod";
import type { AiRunner } from "./workers-ai";

// Which provider decides: Workers AI when the AI binding can run, else the heuristic provider. The binding is
// typed as always present, but locally and in tests it is either absent or a stand-in whose `run` throws "Binding
// AI needs to be run remotely"; such a binding is remembered as unusable the first time it says so. An optional
// `LLM_PROVIDER` var ("heuristic" | "workers-ai") decides outright, e.g. to stop all Workers AI spend.

export type LlmProvider = "workers-ai" | "heuristic";

const overrideSchema = z.enum(["workers-ai", "heuristic"]).optional();

/** Bindings that proved to be local stand-ins; keyed by object so each isolate (and each test's fake) learns on its own. */
const unusableBindings = new WeakSet<object>();

function isAiRunner(value: unknown): value is AiRunner {
  return typeof value === "object" && value !== null && typeof (value as { run?: unknown }).run === "function";
}

export function aiRunner(env: Partial<Pick<Env, "AI">>): AiRunner | null {
  const configured = overrideSchema.safeParse((env as { LLM_PROVIDER?: unknown }).LLM_PROVIDER);
  if (configured.success && configured.data === "heuristic") return null;
  const binding: unknown = env.AI;
  return isAiRunner(binding) && !unusableBindings.has(binding) ? binding : null;
}

export function activeProvider(env: Partial<Pick<Env, "AI">>): LlmProvider {
  return aiRunner(env) ? "workers-ai" : "heuristic";
}

/** After a ProviderError "no_binding": from now on this isolate classifies with the heuristics. */
export function markBindingUnusable(env: Partial<Pick<Env, "AI">>): void {
  const binding: unknown = env.AI;
  if (typeof binding === "object" && binding !== null) unusableBindings.add(binding);
}
