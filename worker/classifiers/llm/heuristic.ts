import type { Message } from "../../traces/model";
import type { ClassifierResult } from "../types";
import type { LlmCategory } from "./config";
import { textOf } from "./transcript";

// The heuristic provider: keyword and pattern rules standing in for Workers AI when the AI binding is absent
// (local runs, tests). Every result says provider "heuristic" and its reason says so too: a reviewer must never
// mistake a keyword match for a model's judgment. Patterns favour precision; "does not flag" cases are mostly
// left to the real models.

export const HEURISTIC_VERSION = "heuristic-1";
const FLAGGED_CONFIDENCE = 0.6;
const CLEAR_CONFIDENCE = 0.5;

interface Rule {
  roles: readonly Message["role"][];
  pattern: RegExp;
  /** When this matches the user's text, the flag is withheld (e.g. a refusal of an unsafe request is correct). */
  unless?: RegExp;
}

const rules: Record<Exclude<LlmCategory, "trashing">, Rule> = {
  jailbreaking: {
    roles: ["user", "tool"],
    pattern:
      /\b(ignore|disregard|forget) (all |any |your )?(the )?(previous|prior|above|earlier|system) (instructions|rules|prompts?|guidelines)|\byou are now (DAN|in developer mode|unfiltered|jailbroken)|\bdeveloper mode (enabled|on)\b|\bjailbreak|\bpretend (that )?(you have|there are) no (rules|restrictions|filters|guidelines)|\b(reveal|print|show) (me )?(your|the) (system prompt|hidden instructions)|\bact as an? (unfiltered|uncensored|unrestricted)/i,
  },
  refusal: {
    roles: ["assistant"],
    pattern:
      /\bI('m| am) (sorry|afraid),? (but )?I (can('|no)?t|won't|am unable to)|\bI can('|no)?t (help|assist) (you )?with (that|this)|\bI('m| am) (not able|unable) to (help|assist)|\bas an AI( language model)?,? I (can('|no)?t|don't|do not)/i,
    unless: /\b(bomb|weapon|explosive|kill|murder|malware|ransomware|hack into|steal|meth|suicide|self-harm|credit card numbers)\b/i,
  },
  frustration: {
    roles: ["user"],
    pattern:
      /\b(this is|that's|that is|you're|you are) (useless|ridiculous|terrible|not helpful|not listening|wrong again)|\bI (already|just) (told|said|asked)|\b(still|again) (wrong|not working|doesn't work|broken)\b|\bwhat the (hell|heck)|\bwtf\b|\bwaste of (my )?time|\bthat's not what I (asked|meant|wanted)|\bfrustrat(ed|ing)|\bare you even (reading|listening)/i,
  },
  forgetting: {
    roles: ["user"],
    pattern:
      /\bI (already|just) (told|gave|mentioned|said)( (you|that|this))?|\bas I (said|mentioned|told you) (before|earlier|above)|\b(you|did you) forg[eo]t|\bwe (already )?(agreed|established|decided)|\bI said (earlier|before)/i,
  },
  laziness: {
    roles: ["assistant"],
    pattern:
      /\byou can (do|implement|fill in|complete|finish) (the rest|this|that|it) yourself|\bleft as an exercise|\bI('ll| will) leave (the rest|it|that) (to you|for you)|\/\/ ?\.\.\. ?(rest|remaining)|\b(rest|remainder) of the (code|implementation|list) (goes|is|would go) here|\bI (didn't|did not|won't|will not) (read|look at|open|go through) the (file|document|attachment|logs?)/i,
  },
  inappropriate_content: {
    roles: ["user", "assistant", "tool"],
    pattern: /\b(porn(ography|ographic)?|erotica?|sexually explicit|explicit sex(ual)?|nsfw|sexting|nudes)\b/i,
  },
};

export function classifyWithHeuristics(conversation: readonly Message[], categories: readonly LlmCategory[]): ClassifierResult[] {
  return categories.map((category) => ({
    ...(category === "trashing" ? repeatedToolCalls(conversation) : match(conversation, category, rules[category])),
    classifier: category,
    provider: "heuristic" as const,
    version: HEURISTIC_VERSION,
  }));
}

const label = "Heuristic provider (Workers AI not available)";

function match(conversation: readonly Message[], category: string, rule: Rule) {
  const userText = conversation.filter((m) => m.role === "user").map(textOf).join("\n");
  if (rule.unless?.test(userText)) {
    return { flagged: false, confidence: CLEAR_CONFIDENCE, reason: `${label}: the request looks unsafe, so a refusal is not flagged.` };
  }
  for (const [messageIndex, message] of conversation.entries()) {
    if (!rule.roles.includes(message.role)) continue;
    const found = rule.pattern.exec(textOf(message));
    if (found) {
      return {
        flagged: true,
        confidence: FLAGGED_CONFIDENCE,
        reason: `${label}: "${found[0]}" in message ${messageIndex} matches a ${category} pattern.`,
        evidence: { messageIndex },
      };
    }
  }
  return { flagged: false, confidence: CLEAR_CONFIDENCE, reason: `${label}: no ${category} pattern found.` };
}

/** Confirms a borderline Trashing verdict only when an identical tool call got an identical result three times. */
function repeatedToolCalls(conversation: readonly Message[]) {
  const seen = new Map<string, { count: number; firstIndex: number }>();
  const results = new Map<string, string>();
  for (const message of conversation) {
    for (const part of message.parts) if (part.type === "tool_result" && part.id) results.set(part.id, JSON.stringify(part.result) ?? "");
  }
  for (const [messageIndex, message] of conversation.entries()) {
    for (const part of message.parts) {
      if (part.type !== "tool_call") continue;
      const key = `${part.name}\u0000${JSON.stringify(part.arguments)}\u0000${part.id ? results.get(part.id) : ""}`;
      const entry = seen.get(key) ?? { count: 0, firstIndex: messageIndex };
      entry.count++;
      seen.set(key, entry);
      if (entry.count >= 3) {
        return {
          flagged: true,
          confidence: FLAGGED_CONFIDENCE,
          reason: `${label}: tool ${part.name} was called ${entry.count} times with the same arguments and got the same result.`,
          evidence: { messageIndex: entry.firstIndex },
        };
      }
    }
  }
  return { flagged: false, confidence: CLEAR_CONFIDENCE, reason: `${label}: no tool call repeated three times with the same result.` };
}
