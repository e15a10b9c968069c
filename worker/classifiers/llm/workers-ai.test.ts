import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, defaultEffectiveConfig, llmCategoryKeys, llmClassifierKeys, type EffectiveConfig, type LlmCategory } from "./config";
import { ProviderError, type ProviderFailure } from "./errors";
import { fakeAi, isConfirmation, jailbreakConversation, wellBehaved, type FakeAnswer } from "./fake-ai";
import { costOf, type ModelCall } from "./usage";
import { classifyWithWorkersAi } from "./workers-ai";

const configsWith = (overrides: Partial<EffectiveConfig["config"]> = {}) =>
  Object.fromEntries(llmCategoryKeys.map((k) => [k, { ...defaultEffectiveConfig(), config: { ...DEFAULT_CONFIG, ...overrides } }])) as Record<
    LlmCategory,
    EffectiveConfig
  >;

function classify(answer: FakeAnswer, options: { categories?: readonly LlmCategory[]; configs?: Record<LlmCategory, EffectiveConfig> } = {}) {
  const ai = fakeAi(answer);
  const calls: ModelCall[] = [];
  const run = classifyWithWorkersAi(ai, { conversation: jailbreakConversation, categories: options.categories ?? llmClassifierKeys, configs: options.configs ?? configsWith() }, calls);
  return { ai, calls, run };
}

async function failureOf(promise: Promise<unknown>): Promise<ProviderFailure> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return (error as ProviderError).failure;
}

describe("Workers AI provider", () => {
  it("screens every category on the small model, confirms the flagged one on the stronger model, and drafts it", async () => {
    const { ai, calls, run } = classify(wellBehaved(new Set(["jailbreaking"]), 1));
    const results = await run;

    expect(ai.calls.map((c) => c.model)).toEqual([DEFAULT_CONFIG.firstPassModel, DEFAULT_CONFIG.secondPassModel]);
    expect(ai.calls[0]!.categories.sort()).toEqual([...llmClassifierKeys].sort());
    expect(ai.calls[1]!.categories).toEqual(["jailbreaking"]);
    for (const call of ai.calls) expect(call.inputs["response_format"]).toMatchObject({ type: "json_schema" });
    // Every category's definition, "does not flag" clause included, reaches the screening prompt.
    const screeningText = JSON.stringify(ai.calls[0]!.inputs["messages"]);
    expect(screeningText).toContain("Does not flag harmless roleplay");
    expect(screeningText).toContain("Does not flag benign anatomy");

    expect(results).toHaveLength(llmClassifierKeys.length);
    const jailbreak = results.find((r) => r.classifier === "jailbreaking");
    expect(jailbreak).toMatchObject({ flagged: true, provider: "workers-ai", version: "defaults-1", evidence: { messageIndex: 1 }, reason: "confirmed jailbreaking" });
    expect(results.filter((r) => r.flagged)).toHaveLength(1);
    expect(results.every((r) => r.provider === "workers-ai")).toBe(true);

    expect(calls.map((c) => c.model)).toEqual(ai.calls.map((c) => c.model));
    for (const call of calls) expect(call.costUsd).toBeCloseTo(costOf(call.model, 1_000, 100, DEFAULT_CONFIG.prices), 12);
  });

  it("does not confirm a suspicion below the threshold, nor a confirmation below its threshold", async () => {
    const weak = classify((call) => ({
      response: { categories: Object.fromEntries(call.categories.map((c) => [c, { flagged: c === "refusal", confidence: 0.3 }])) },
    }));
    const results = await weak.run;
    expect(weak.ai.calls).toHaveLength(1);
    expect(results.find((r) => r.classifier === "refusal")).toMatchObject({ flagged: false, details: { firstPass: { flagged: true, confidence: 0.3 } } });

    const unsure = classify((call) => ({
      response: {
        categories: Object.fromEntries(
          call.categories.map((c) => [c, isConfirmation(call) ? { flagged: true, confidence: 0.4, reason: "maybe", messageIndex: 2 } : { flagged: c === "refusal", confidence: 0.9 }]),
        ),
      },
    }));
    expect((await unsure.run).find((r) => r.classifier === "refusal")?.flagged).toBe(false);
  });

  it("reads answers as a JSON string or a fenced block too, and drops evidence that points past the conversation", async () => {
    const stringAnswer = classify((call) => ({ response: JSON.stringify((wellBehaved(new Set(["refusal"]), 99)(call) as { response: unknown }).response) }));
    const refusal = (await stringAnswer.run).find((r) => r.classifier === "refusal");
    expect(refusal?.flagged).toBe(true);
    expect(refusal?.evidence).toBeUndefined();

    const fenced = classify((call) => ({ response: "```json\n" + JSON.stringify((wellBehaved(new Set())(call) as { response: unknown }).response) + "\n```" }));
    expect((await fenced.run).some((r) => r.flagged)).toBe(false);
  });

  it("sends a borderline Trashing case straight to confirmation", async () => {
    const { ai, run } = classify(wellBehaved(new Set(["trashing"]), 2), { categories: ["trashing"] });
    expect(await run).toMatchObject([{ classifier: "trashing", flagged: true, evidence: { messageIndex: 2 } }]);
    expect(ai.calls).toHaveLength(1);
    expect(isConfirmation(ai.calls[0]!)).toBe(true);
  });

  it("makes one screening call per first-pass model when categories are configured differently", async () => {
    const configs = configsWith();
    configs.refusal = { config: { ...DEFAULT_CONFIG, firstPassModel: "@cf/meta/llama-3-8b-instruct" }, version: "project-4", source: "project" };
    const { ai, run } = classify(wellBehaved(new Set(["refusal"])), { configs });
    const results = await run;
    const screening = ai.calls.filter((c) => !isConfirmation(c));
    expect(screening.map((c) => c.model).sort()).toEqual(["@cf/meta/llama-3-8b-instruct", DEFAULT_CONFIG.firstPassModel].sort());
    expect(screening.find((c) => c.model === "@cf/meta/llama-3-8b-instruct")?.categories).toEqual(["refusal"]);
    expect(results.find((r) => r.classifier === "refusal")?.version).toBe("project-4");
  });

  it("throws, never guesses, on malformed JSON, and still counts the call it paid for", async () => {
    const { calls, run } = classify(() => ({ response: "Sure! The conversation looks fine to me." }));
    expect(await failureOf(run)).toBe("malformed_output");
    expect(calls).toHaveLength(1);
  });

  it("throws on valid JSON of the wrong shape", async () => {
    expect(await failureOf(classify(() => ({ response: { categories: { jailbreaking: { flagged: "yes", confidence: 2 } } } })).run)).toBe("malformed_output");
    expect(await failureOf(classify(() => ({ response: { verdict: "fine" } })).run)).toBe("malformed_output");
    expect(await failureOf(classify(() => ({ result: "no response field" })).run)).toBe("malformed_output");
    // A good screen, then a confirmation that leaves out the reason.
    const partial = classify((call) =>
      isConfirmation(call) ? { response: { categories: { frustration: { flagged: true, confidence: 0.9 } } } } : wellBehaved(new Set(["frustration"]))(call),
    );
    expect(await failureOf(partial.run)).toBe("malformed_output");
  });

  it("times out a model that never answers, and aborts the call", async () => {
    const configs = configsWith({ timeoutMs: 20 });
    const silent = classify(() => new Promise(() => {}), { configs });
    expect(await failureOf(silent.run)).toBe("timeout");
    expect(silent.ai.calls[0]!.signal?.aborted).toBe(true);

    const listening = classify(
      (call) => new Promise((_, reject) => call.signal?.addEventListener("abort", () => reject(new DOMException("The operation was aborted", "AbortError")))),
      { configs },
    );
    expect(await failureOf(listening.run)).toBe("timeout");
  });

  it("recognizes a refusal of JSON mode, rate limits and server errors", async () => {
    const throwing = (error: Error) => classify(() => Promise.reject(error)).run;
    expect(await failureOf(throwing(new Error("AiError: JSON Mode couldn't be met")))).toBe("json_mode_refused");
    expect(await failureOf(throwing(new Error("3040: Capacity temporarily exceeded, please try again.")))).toBe("rate_limited");
    expect(await failureOf(throwing(new Error("AiError: 3036: You have used up your daily free allocation of 10,000 neurons.")))).toBe("rate_limited");
    expect(await failureOf(throwing(Object.assign(new Error("InferenceUpstreamError: 500 Internal Server Error"), { name: "InferenceUpstreamError" })))).toBe("unavailable");
    expect(await failureOf(throwing(new Error("5007: No such model @cf/nope or task")))).toBe("rejected");
    expect(await failureOf(throwing(new Error("3007: Request timeout")))).toBe("timeout");
    // What the local simulator's stand-in binding throws: not an outage, the heuristics take over (consumer).
    expect(await failureOf(throwing(new Error("Binding AI needs to be run remotely")))).toBe("no_binding");
  });
});
