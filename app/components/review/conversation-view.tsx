import { useVirtualizer } from "@tanstack/react-virtual";
import { forwardRef, useImperativeHandle, useRef } from "react";
import type { Highlight } from "../../../worker/annotations/text-ranges";
import type { Message } from "../../../worker/traces/model";
import { MessagePartView } from "./message-part";

const roleStyle: Record<Message["role"], string> = {
  system: "bg-slate-100",
  user: "bg-white",
  assistant: "bg-indigo-50",
  tool: "bg-amber-50",
};

export interface ConversationHandle {
  /** Brings a message into view (it may not be rendered yet: the list is virtualized) and focuses it. */
  showMessage(index: number): void;
}

interface Props {
  messages: Message[];
  /** Range highlights per "messageIndex:partIndex". */
  highlights: ReadonlyMap<string, Highlight[]>;
  /** Annotation ids per message, for the badge that jumps to them. */
  messageNotes: ReadonlyMap<number, string[]>;
  focusedMessage: number | null;
  onFocusMessage: (index: number) => void;
  onShowAnnotation: (annotationId: string) => void;
}

const none: Highlight[] = [];

function focusWhenRendered(scroller: HTMLElement | null, index: number, attempts = 8): void {
  const element = scroller?.querySelector<HTMLElement>(`[data-message="${index}"]`);
  if (element) element.focus({ preventScroll: true });
  else if (attempts > 0) requestAnimationFrame(() => focusWhenRendered(scroller, index, attempts - 1));
}

// Long conversations stay fast: only the messages near the viewport are in the DOM, each measured as it renders
// (folded tool payloads change a message's height when opened).
export const ConversationView = forwardRef<ConversationHandle, Props>(function ConversationView(props, ref) {
  const { messages, highlights, messageNotes, focusedMessage, onFocusMessage, onShowAnnotation } = props;
  const scrollerRef = useRef<HTMLElement>(null);
  const virtualizer = useVirtualizer({
    count: messages.length,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => 140,
    overscan: 6,
    // The server renders the first screenful, so the first paint is content.
    initialRect: { width: 800, height: 1200 },
    getItemKey: (index) => index,
  });
  useImperativeHandle(ref, () => ({
    showMessage(index: number) {
      virtualizer.scrollToIndex(index, { align: "auto" });
      focusWhenRendered(scrollerRef.current, index);
    },
  }));

  return (
    <section ref={scrollerRef} className="min-h-0 overflow-y-auto bg-slate-50 p-4" aria-label="Conversation" data-testid="conversation">
      {messages.length === 0 && <p className="text-sm text-slate-500">This trace has no conversation yet (it may still be settling).</p>}
      <ol className="relative mx-auto max-w-3xl" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((row) => {
          const message = messages[row.index];
          if (!message) return null;
          const notes = messageNotes.get(row.index) ?? [];
          return (
            <li
              key={row.key}
              data-index={row.index}
              ref={virtualizer.measureElement}
              className="absolute left-0 top-0 w-full pb-3"
              style={{ transform: `translateY(${row.start}px)` }}
            >
              <article
                tabIndex={0}
                data-message={row.index}
                data-testid="message"
                aria-label={`Message ${row.index + 1}, ${message.role}`}
                aria-current={focusedMessage === row.index ? "true" : undefined}
                onFocus={() => onFocusMessage(row.index)}
                onMouseDown={() => onFocusMessage(row.index)}
                className={`rounded-lg border p-3 text-sm shadow-sm outline-none ${roleStyle[message.role]} ${focusedMessage === row.index ? "border-indigo-400 ring-2 ring-indigo-200" : "border-slate-200"}`}
              >
                <header className="mb-1 flex items-center gap-2 text-xs text-slate-500">
                  <span className="font-semibold uppercase">{message.role}</span>
                  <span className="tabular-nums">#{row.index + 1}</span>
                  {notes.length > 0 && (
                    <button
                      type="button"
                      className="ml-auto rounded bg-amber-100 px-1.5 text-amber-900 hover:bg-amber-200"
                      onClick={() => notes[0] && onShowAnnotation(notes[0])}
                      data-testid="message-notes"
                    >
                      {notes.length} annotation{notes.length === 1 ? "" : "s"}
                    </button>
                  )}
                </header>
                <div className="flex flex-col gap-2">
                  {message.parts.map((part, partIndex) => (
                    <MessagePartView
                      key={partIndex}
                      part={part}
                      messageIndex={row.index}
                      partIndex={partIndex}
                      highlights={highlights.get(`${row.index}:${partIndex}`) ?? none}
                      onHighlight={onShowAnnotation}
                    />
                  ))}
                </div>
              </article>
            </li>
          );
        })}
      </ol>
    </section>
  );
});
