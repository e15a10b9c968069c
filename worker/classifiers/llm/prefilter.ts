import type { Message } from "../../traces/model";
import type { LlmCategory } from "./config";
import { textOf } from "./transcript";

// The cheap heuristic prefilter: which requested categories a conversation gives a model anything to judge. A
// trace with no user text has nothing for any of them; the rest narrow per category, so no call asks about
// something the conversation cannot show.

const hasText = (m: Message) => textOf(m).trim() !== "";

export function applicableCategories(conversation: readonly Message[], requested: readonly LlmCategory[]): LlmCategory[] {
  const userTurns = conversation.flatMap((m, i) => (m.role === "user" && hasText(m) ? [i] : []));
  const assistantTurns = conversation.flatMap((m, i) => (m.role === "assistant" && hasText(m) ? [i] : []));
  const toolText = conversation.some((m) => m.role === "tool" && hasText(m));
  const applies: Record<LlmCategory, boolean> = {
    // Injections also arrive through tool output.
    jailbreaking: userTurns.length > 0 || toolText,
    refusal: assistantTurns.length > 0,
    // Frustration is a reaction: a user turn after the assistant has answered.
    frustration: userTurns.some((u) => assistantTurns.some((a) => a < u)),
    // Something must have been established before the assistant can forget it.
    forgetting: conversation.some((m, i) => m.role === "assistant" && i >= 2),
    laziness: assistantTurns.length > 0,
    inappropriate_content: conversation.some(hasText),
    // Requested only for a borderline rule verdict, which already found the tool calls to look at.
    trashing: true,
  };
  if (userTurns.length === 0) return requested.filter((c) => c === "trashing");
  return requested.filter((c) => applies[c]);
}
