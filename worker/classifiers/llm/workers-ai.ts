import type { z } from "zod";
import type { Message } from "../../traces/model";
import type { ClassifierResult } from "../types";
import type { EffectiveConfig, LlmCategory } from "./config";
import { classifyAiError, ProviderError } from "./errors";
import {
  confirmationPrompt,
  confirmationSchema,
  jsonSchemaOf,
  screeningPrompt,
  screeningSchema,
  type ChatMessage,
  type ConfirmationVerdict,
  type ScreeningVerdict,
} from "./prompts";
import { costOf, type ModelCall } from "./usage";

// The Workers AI provider: a cheap screening pass over every category, then a stronger model confirms the ones
// over threshold and drafts the annotation. Any failure is thrown as a ProviderError; the consumer decides
// between retrying and recording it, so nothing here ever turns a failure into a verdict.

/** The part of the AI binding this uses; tests pass a fake with the same shape. */
export interface AiRunner {
  run(model: string, inputs: Record<string, unknown>, options?: { signal?: AbortSignal }): Promise<unknown>;
}

export interface LlmRequest {
  conversation: readonly Message[];
  /** Categories to screen; "trashing" skips screening, since its rule already found it borderline. */
  categories: readonly LlmCategory[];
  configs: Readonly<Record<LlmCategory, EffectiveConfig>>;
}

const SCREENING_MAX_TOKENS = 512;
const CONFIRMATION_MAX_TOKENS = 1_536;

/** Classifies; every model call made (even one that then failed to parse) is pushed onto `calls` for the budget. */
export async function classifyWithWorkersAi(ai: AiRunner, request: LlmRequest, calls: ModelCall[]): Promise<ClassifierResult[]> {
  const { conversation, configs } = request;
  const screened = new Map<LlmCategory, ScreeningVerdict & { model: string }>();
  const toScreen = request.categories.filter((c) => c !== "trashing");
  for (const [model, group] of Map.groupBy(toScreen, (c) => configs[c].config.firstPassModel)) {
    const answer = await ask(ai, model, screeningPrompt(conversation, group), screeningSchema(group), SCREENING_MAX_TOKENS, group, configs, calls);
    for (const category of group) screened.set(category, { ...(answer.categories[category] as ScreeningVerdict), model });
  }

  const results: ClassifierResult[] = [];
  const toConfirm: LlmCategory[] = request.categories.includes("trashing") ? ["trashing"] : [];
  for (const [category, verdict] of screened) {
    const { threshold } = configs[category].config;
    if (verdict.flagged && verdict.confidence >= threshold) toConfirm.push(category);
    else results.push(clearedByScreen(category, verdict, threshold, configs[category]));
  }
  for (const [model, group] of Map.groupBy(toConfirm, (c) => configs[c].config.secondPassModel)) {
    const answer = await ask(ai, model, confirmationPrompt(conversation, group), confirmationSchema(group), CONFIRMATION_MAX_TOKENS, group, configs, calls);
    for (const category of group) {
      results.push(confirmed(category, answer.categories[category] as ConfirmationVerdict, model, screened.get(category), configs[category], conversation.length));
    }
  }
  return results;
}

function clearedByScreen(category: LlmCategory, verdict: ScreeningVerdict & { model: string }, threshold: number, effective: EffectiveConfig): ClassifierResult {
  const reason = verdict.flagged
    ? `Screened by ${verdict.model}: suspected with confidence ${verdict.confidence}, below the threshold ${threshold}; not confirmed.`
    : `Screened by ${verdict.model}: not ${category}.`;
  return {
    classifier: category,
    flagged: false,
    // How sure we are of "not flagged": a weak suspicion leaves some doubt.
    confidence: verdict.flagged ? 1 - verdict.confidence : verdict.confidence,
    reason,
    provider: "workers-ai",
    version: effective.version,
    details: { firstPass: { model: verdict.model, flagged: verdict.flagged, confidence: verdict.confidence } },
  };
}

function confirmed(
  category: LlmCategory,
  verdict: ConfirmationVerdict,
  model: string,
  screen: (ScreeningVerdict & { model: string }) | undefined,
  effective: EffectiveConfig,
  messageCount: number,
): ClassifierResult {
  const flagged = verdict.flagged && verdict.confidence >= effective.config.confirmThreshold;
  // An index past the end would point a reviewer at nothing: keep the verdict, drop the pointer.
  const evidence = verdict.messageIndex !== null && verdict.messageIndex < messageCount ? { messageIndex: verdict.messageIndex } : undefined;
  const belowThreshold = verdict.flagged && !flagged ? ` (confidence ${verdict.confidence} is below the threshold ${effective.config.confirmThreshold})` : "";
  return {
    classifier: category,
    flagged,
    confidence: flagged || !verdict.flagged ? verdict.confidence : 1 - verdict.confidence,
    reason: `${verdict.reason}${belowThreshold}`,
    ...(evidence ? { evidence } : {}),
    provider: "workers-ai",
    version: effective.version,
    details: {
      ...(screen ? { firstPass: { model: screen.model, flagged: screen.flagged, confidence: screen.confidence } } : {}),
      secondPass: { model, flagged: verdict.flagged, confidence: verdict.confidence },
    },
  };
}

async function ask<S extends z.ZodType>(
  ai: AiRunner,
  model: string,
  messages: ChatMessage[],
  schema: S,
  maxTokens: number,
  group: readonly LlmCategory[],
  configs: Readonly<Record<LlmCategory, EffectiveConfig>>,
  calls: ModelCall[],
): Promise<z.output<S>> {
  const config = configs[group[0]!].config;
  const timeoutMs = Math.max(...group.map((c) => configs[c].config.timeoutMs));
  const inputs = { messages, response_format: { type: "json_schema", json_schema: jsonSchemaOf(schema) }, max_tokens: maxTokens, temperature: 0 };
  const promptChars = messages.reduce((sum, m) => sum + m.content.length, 0);
  let output: unknown;
  try {
    output = await withTimeout((signal) => ai.run(model, inputs, { signal }), timeoutMs, model);
  } catch (error) {
    const failure = classifyAiError(error);
    // A call that timed out may still be billed for its input; a refused one is not.
    if (failure.failure === "timeout") calls.push(callOf(model, estimateTokens(promptChars), 0, config.prices));
    throw failure;
  }
  const usage = usageOf(output);
  const text = answerText(output);
  calls.push(callOf(model, usage?.input ?? estimateTokens(promptChars), usage?.output ?? estimateTokens(typeof text === "string" ? text.length : 0), config.prices));
  const parsed = schema.safeParse(typeof text === "string" ? parseJson(text, model) : text);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ProviderError("malformed_output", `${model} answered JSON of the wrong shape: ${first?.path.join(".") || "answer"}: ${first?.message}`);
  }
  return parsed.data;
}

async function withTimeout<T>(run: (signal: AbortSignal) => Promise<T>, timeoutMs: number, model: string): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // The signal asks the binding to stop; the race makes sure we stop waiting even if it does not listen.
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new ProviderError("timeout", `${model} did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([run(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The answer: Workers AI's `response` (a string, or already parsed in JSON mode), or an OpenAI-style message. */
function answerText(output: unknown): unknown {
  if (!isRecord(output)) throw new ProviderError("malformed_output", "Workers AI returned no answer object");
  if (typeof output.response === "string" || isRecord(output.response)) return output.response;
  const choice = Array.isArray(output.choices) ? output.choices[0] : undefined;
  const content = isRecord(choice) && isRecord(choice.message) ? choice.message.content : undefined;
  if (typeof content === "string") return content;
  throw new ProviderError("malformed_output", "Workers AI returned no response text");
}

function parseJson(text: string, model: string): unknown {
  // Some models wrap JSON in a Markdown fence even in JSON mode.
  const unfenced = text.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/, "$1");
  try {
    return JSON.parse(unfenced);
  } catch {
    throw new ProviderError("malformed_output", `${model} did not answer with JSON: ${JSON.stringify(text.slice(0, 120))}`);
  }
}

function usageOf(output: unknown): { input: number; output: number } | null {
  const usage = isRecord(output) && isRecord(output.usage) ? output.usage : null;
  if (!usage || typeof usage.prompt_tokens !== "number" || typeof usage.completion_tokens !== "number") return null;
  return { input: usage.prompt_tokens, output: usage.completion_tokens };
}

/** About four characters a token: only used when the binding reports no usage. */
const estimateTokens = (chars: number) => Math.ceil(chars / 4);

function callOf(model: string, inputTokens: number, outputTokens: number, prices: EffectiveConfig["config"]["prices"]): ModelCall {
  return { model, inputTokens, outputTokens, costUsd: costOf(model, inputTokens, outputTokens, prices) };
}
