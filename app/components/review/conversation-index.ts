import { rangeableText, type Highlight } from "../../../worker/annotations/text-ranges";
import type { Message } from "../../../worker/traces/model";
import type { AnnotationView } from "./annotation-card";
import { annotationTarget } from "./annotation-target";

// Where each annotation sits in the conversation: highlights per part, and annotation ids per message.

export interface ConversationIndex {
  highlights: Map<string, Highlight[]>;
  messageNotes: Map<number, string[]>;
  quotes: Map<string, string>;
}

export const partKey = (messageIndex: number, partIndex: number) => `${messageIndex}:${partIndex}`;

export function indexAnnotations(annotations: readonly AnnotationView[], conversation: readonly Message[]): ConversationIndex {
  const index: ConversationIndex = { highlights: new Map(), messageNotes: new Map(), quotes: new Map() };
  for (const annotation of annotations) {
    const target = annotationTarget(annotation.target);
    // Rejected drafts stay listed, but no longer mark up the text.
    if (!target || target.level === "conversation" || annotation.status === "rejected") continue;
    index.messageNotes.set(target.messageIndex, [...(index.messageNotes.get(target.messageIndex) ?? []), annotation.id]);
    if (target.level !== "range") continue;
    const key = partKey(target.messageIndex, target.partIndex);
    index.highlights.set(key, [...(index.highlights.get(key) ?? []), { id: annotation.id, start: target.start, end: target.end }]);
    const text = rangeableText(conversation[target.messageIndex]?.parts[target.partIndex]);
    if (text !== null) index.quotes.set(annotation.id, text.slice(target.start, target.end));
  }
  return index;
}
