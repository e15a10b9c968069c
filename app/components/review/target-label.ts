import type { AnnotationTarget } from "../../../worker/annotations/target";

/** Where an annotation points, as a reviewer reads it. */
export function targetLabel(target: AnnotationTarget, quote?: string): string {
  if (target.level === "conversation") return "Whole conversation";
  if (target.level === "message") return `Message #${target.messageIndex + 1}`;
  const shown = quote === undefined ? `characters ${target.start}–${target.end}` : `“${quote.length > 60 ? `${quote.slice(0, 60)}…` : quote}”`;
  return `${shown} in message #${target.messageIndex + 1}`;
}
