import type { Message, MessagePart } from "../../../worker/traces/model";

// The trace page's read-only conversation. Trace text is untrusted: it is only ever rendered as React text, which
// escapes it; tool payloads are folded.

const roleStyle: Record<Message["role"], string> = {
  system: "border-slate-200 bg-slate-100",
  user: "border-slate-200 bg-white",
  assistant: "border-indigo-100 bg-indigo-50",
  tool: "border-amber-100 bg-amber-50",
};

function stringify(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value, null, 2);
}

function Part({ part }: { part: MessagePart }) {
  switch (part.type) {
    case "text":
      return <p className="whitespace-pre-wrap break-words">{part.content}</p>;
    case "reasoning":
      return (
        <details className="text-xs text-slate-600">
          <summary className="cursor-pointer">Reasoning</summary>
          <p className="mt-1 whitespace-pre-wrap break-words">{part.content}</p>
        </details>
      );
    case "tool_call":
      return (
        <details className="rounded border border-slate-200 bg-white/70 px-2 py-1 text-xs">
          <summary className="cursor-pointer font-mono">→ {part.name}()</summary>
          <pre className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap">{stringify(part.arguments)}</pre>
        </details>
      );
    case "tool_result":
      return (
        <details className={`rounded border bg-white/70 px-2 py-1 text-xs ${part.isError ? "border-red-300" : "border-slate-200"}`}>
          <summary className="cursor-pointer font-mono">← result{part.isError ? " (error)" : ""}</summary>
          <pre className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap">{stringify(part.result)}</pre>
        </details>
      );
  }
}

export function ReadOnlyConversation({ messages }: { messages: Message[] }) {
  if (messages.length === 0) return <p className="text-sm text-slate-500">No conversation: the trace may still be settling, or has no GenAI spans.</p>;
  return (
    <ol className="flex flex-col gap-2">
      {messages.map((message, index) => (
        <li key={index} className={`rounded-lg border p-3 text-sm ${roleStyle[message.role]}`} data-testid="trace-message">
          <div className="mb-1 text-xs font-semibold uppercase text-slate-600">{message.role}</div>
          <div className="flex flex-col gap-2">
            {message.parts.map((part, i) => <Part key={i} part={part} />)}
          </div>
        </li>
      ))}
    </ol>
  );
}
