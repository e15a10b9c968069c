import type { ClassifierKey } from "./types";

// The eleven system queues of PRODUCT.md: what each classifier looks for, and what its reviewers are told.

export interface SystemQueueDefinition {
  key: ClassifierKey;
  name: string;
  description: string;
  instructions: string;
  /** "rules" classifiers run on every completed trace; "llm" ones on the sampled share, through llm-classify. */
  method: "rules" | "llm";
}

const llm = "Flagged by an LLM classifier";
const rules = "Flagged by deterministic rules (no LLM)";

export const systemQueues: readonly SystemQueueDefinition[] = [
  {
    key: "jailbreaking",
    name: "Jailbreaking",
    method: "llm",
    description:
      "Detects attempts to bypass system or safety constraints. This covers prompt injection, instruction hierarchy attacks, policy-evasion attempts, tool abuse intended to bypass guardrails, role or identity escape attempts, or assistant behavior that actually follows those bypass attempts. Does not flag harmless roleplay or ordinary unsafe requests that the assistant correctly refuses.",
    instructions: `${llm}. Confirm when the user tries to override the system prompt, inject instructions (directly or through tool output), escape the assistant's role, or abuse tools to get around guardrails, and especially when the assistant goes along with it. Reject harmless roleplay and unsafe requests the assistant correctly refused. Point your annotation at the message where the attempt happens.`,
  },
  {
    key: "refusal",
    name: "Refusal",
    method: "llm",
    description:
      "Detects when the assistant refuses a request it should handle. Flags traces where the assistant declines, deflects, or over-restricts even though the request is allowed and answerable within product policy and system capabilities. Does not flag correct refusals where the request is unsafe, unsupported, or missing required context.",
    instructions: `${llm}. Confirm when the request was allowed and answerable but the assistant declined, deflected or watered it down. Reject correct refusals: unsafe requests, things the product cannot do, or requests missing context the user must supply. Say in your comment what a good answer would have done.`,
  },
  {
    key: "frustration",
    name: "Frustration",
    method: "llm",
    description:
      "Detects clear user frustration or dissatisfaction. Flags traces where the user expresses annoyance, disappointment, repeated dissatisfaction, loss of trust, or has to restate/correct themselves because the assistant is not helping. Does not flag neutral clarifications or isolated terse replies without real evidence of frustration.",
    instructions: `${llm}. Confirm when the user is annoyed, disappointed, loses trust, or has to repeat or correct themselves because the assistant is not helping. Reject neutral clarifications and terse replies without real evidence. Annotate the user message that shows it and, if you can, the assistant turn that caused it.`,
  },
  {
    key: "forgetting",
    name: "Forgetting",
    method: "llm",
    description:
      "Detects when the assistant forgets earlier conversation context or instructions. Flags traces where the assistant loses relevant session memory, repeats already-settled questions, contradicts previously established facts, or ignores earlier constraints from the same conversation. Does not flag ambiguity that was never resolved or context the user never provided.",
    instructions: `${llm}. Confirm when the assistant loses something established earlier in the same conversation: asks again what was answered, contradicts an agreed fact, or drops a constraint. Reject when the context was never given or stayed ambiguous. Select the text the assistant forgot and the turn where it forgot it.`,
  },
  {
    key: "laziness",
    name: "Laziness",
    method: "llm",
    description:
      "Detects when the assistant avoids doing the requested work. Flags traces where the assistant gives a shallow partial answer, stops early without justification, refuses to inspect provided context, or pushes work back onto the user. Does not flag cases where the task is genuinely blocked by missing access, context, or policy constraints.",
    instructions: `${llm}. Confirm shallow or partial answers, stopping early without reason, ignoring provided material, or handing the work back to the user. Reject when the task was genuinely blocked by missing access, context or policy. Note what was left undone.`,
  },
  {
    key: "inappropriate_content",
    name: "Inappropriate Content",
    method: "llm",
    description:
      "Detects sexual or otherwise not-safe-for-work content. Flags traces containing sexual content, explicit erotic material, or other clearly inappropriate content that should be reviewed. Does not flag benign anatomy or health discussion, mild romance, or safety-oriented policy discussion.",
    instructions: `${llm}. Confirm sexual, explicit or otherwise clearly not-safe-for-work content from either side. Reject benign anatomy or health discussion, mild romance, and discussion of safety policy. Annotate the offending text range rather than the whole conversation.`,
  },
  {
    key: "trashing",
    name: "Trashing",
    method: "rules",
    description:
      "Detects when the agent cycles between tools without making progress. Flags traces where the agent repeatedly invokes the same tools or tool sequences, oscillates between states, or accumulates tool calls without advancing toward the goal. Does not flag legitimate retries after transient errors or iterative refinement that is visibly converging.",
    instructions: `${rules}, borderline cases confirmed by an LLM when available. Confirm when the agent repeats the same tool call, oscillates between tools, or piles up calls without getting closer to the goal. Reject retries after a transient error and refinement that visibly converges. Annotate the first repeated call.`,
  },
  {
    key: "tool_call_errors",
    name: "Tool Call Errors",
    method: "rules",
    description:
      "Detects failed or errored tool invocations. Flags traces where the conversation history shows a failed tool result, a malformed tool interaction, or another clear tool-call failure signal. Uses deterministic rules. No LLM needed.",
    instructions: `${rules}. Check the tool call the draft points at: did the tool fail, was the call malformed (bad arguments, no result, a result for an unknown call)? Say whether the agent recovered, and whether the fault is the tool's or the model's.`,
  },
  {
    key: "resource_outliers",
    name: "Resource Outliers",
    method: "rules",
    description:
      "Detects unusually high latency, time to first token, token usage, or cost. Flags traces where resource consumption materially exceeds project norms based on percentile and median baselines. Uses deterministic rules. No LLM needed.",
    instructions: `${rules}. The draft names the metric, its value and the project baseline it exceeded. Decide whether the cost was justified by the task (a long document, a hard problem) or wasted (loops, oversized context, a slow tool).`,
  },
  {
    key: "output_schema_validation",
    name: "Output Schema Validation",
    method: "rules",
    description:
      "Detects structured-output responses that don’t conform to the declared schema. Flags traces where a GenAI span was configured to produce structured output and the actual response either failed to parse as JSON or was visibly truncated before completion. Uses deterministic rules. No LLM needed.",
    instructions: `${rules}. The draft says whether the structured answer did not parse, was cut off, or broke the declared schema. Confirm the failure and note whether the prompt, the token limit or the model is to blame.`,
  },
  {
    key: "empty_response",
    name: "Empty Response",
    method: "rules",
    description:
      "Detects empty or degenerate assistant responses. Flags traces where the response is empty, whitespace-only, a single repeated character, or otherwise degenerate when a substantive answer was expected. Intentionally skips tool-call-only delegations where the assistant hands control to tools without returning text. Uses deterministic rules. No LLM needed.",
    instructions: `${rules}. Confirm that a substantive answer was expected and the assistant returned nothing useful. Reject when an empty answer was correct (for example, the user asked for no reply).`,
  },
];

export function systemQueueOf(key: ClassifierKey): SystemQueueDefinition {
  const found = systemQueues.find((q) => q.key === key);
  if (!found) throw new Error(`no system queue for classifier ${key}`);
  return found;
}
