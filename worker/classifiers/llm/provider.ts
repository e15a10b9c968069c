import type { AiRunner } from "./workers-ai";

// Which provider decides: Workers AI when the AI binding is there, else the heuristic provider. The binding is
// typed as always present, but it is absent in local runs and tests, so it is checked at run time.

export type LlmProvider = "workers-ai" | "heuristic";

function isAiRunner(value: unknown): value is AiRunner {
  return typeof value === "object" && value !== null && typeof (value as { run?: unknown }).run === "function";
}

export function aiRunner(env: Pick<Env, "AI">): AiRunner | null {
  const binding: unknown = (env as { AI?: unknown }).AI;
  return isAiRunner(binding) ? binding : null;
}

export function activeProvider(env: Pick<Env, "AI">): LlmProvider {
  return aiRunner(env) ? "workers-ai" : "heuristic";
}
