import type { Highlight } from "../../../worker/annotations/text-ranges";
import type { MessagePart } from "../../../worker/traces/model";
import { TraceMarkdown } from "./trace-markdown";

function stringify(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value, null, 2);
}

function preview(value: unknown): string {
  const text = stringify(value).replace(/\s+/g, " ");
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

interface PartProps {
  part: MessagePart;
  messageIndex: number;
  partIndex: number;
  highlights: readonly Highlight[];
  onHighlight: (annotationId: string) => void;
}

/** Text the reviewer can select: it carries the address a range annotation stores (see selection.ts). */
function SelectableText({ source, messageIndex, partIndex, highlights, onHighlight }: Omit<PartProps, "part"> & { source: string }) {
  return (
    <div data-message-index={messageIndex} data-part-index={partIndex} data-testid="part-text">
      <TraceMarkdown source={source} highlights={highlights} onHighlight={onHighlight} />
    </div>
  );
}

// Tool calls, results and reasoning are folded: they are long and rarely what a reviewer reads first.
export function MessagePartView(props: PartProps) {
  const { part } = props;
  switch (part.type) {
    case "text":
      return <SelectableText {...props} source={part.content} />;
    case "reasoning":
      return (
        <details className="rounded border border-slate-200 bg-white/70 px-2 py-1" open={props.highlights.length > 0}>
          <summary className="cursor-pointer text-xs font-medium text-slate-600">Reasoning</summary>
          <div className="mt-1 text-slate-700">
            <SelectableText {...props} source={part.content} />
          </div>
        </details>
      );
    case "tool_call":
      return (
        <details className="rounded border border-slate-200 bg-white/70 px-2 py-1 text-xs" data-testid="tool-call">
          <summary className="cursor-pointer font-mono">
            → {part.name}(<span className="text-slate-500">{preview(part.arguments)}</span>)
          </summary>
          <pre className="mt-1 overflow-x-auto whitespace-pre-wrap">{stringify(part.arguments)}</pre>
        </details>
      );
    case "tool_result":
      return (
        <details className={`rounded border px-2 py-1 text-xs ${part.isError ? "border-red-300 bg-red-50" : "border-slate-200 bg-white/70"}`} data-testid="tool-result">
          <summary className="cursor-pointer font-mono">
            ← {part.isError ? "error" : "result"} <span className="text-slate-500">{preview(part.result)}</span>
          </summary>
          <pre className="mt-1 overflow-x-auto whitespace-pre-wrap">{stringify(part.result)}</pre>
        </details>
      );
  }
}
