import type { Message, MessagePart } from "../../../worker/traces/model";

const roleStyle: Record<Message["role"], string> = {
  system: "bg-slate-100 text-slate-700",
  user: "bg-white",
  assistant: "bg-indigo-50",
  tool: "bg-amber-50",
};

function stringify(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value, null, 2);
}

// Trace text is untrusted: it is only ever rendered as React text children, which escapes it.
function Part({ part }: { part: MessagePart }) {
  switch (part.type) {
    case "text":
    case "reasoning":
      return <p className="whitespace-pre-wrap break-words">{part.content}</p>;
    case "tool_call":
      return (
        <details className="rounded border border-slate-200 bg-white/70 px-2 py-1 text-xs">
          <summary className="cursor-pointer font-mono">→ {part.name}()</summary>
          <pre className="mt-1 overflow-x-auto whitespace-pre-wrap">{stringify(part.arguments)}</pre>
        </details>
      );
    case "tool_result":
      return (
        <details className={`rounded border px-2 py-1 text-xs ${part.isError ? "border-red-300" : "border-slate-200"}`}>
          <summary className="cursor-pointer font-mono">← result{part.isError ? " (error)" : ""}</summary>
          <pre className="mt-1 overflow-x-auto whitespace-pre-wrap">{stringify(part.result)}</pre>
        </details>
      );
  }
}

export function ConversationView({ messages }: { messages: Message[] }) {
  return (
    <section className="overflow-y-auto bg-slate-50 p-4" aria-label="Conversation">
      {messages.length === 0 && <p className="text-sm text-slate-500">This trace has no conversation yet (it may still be settling).</p>}
      <ol className="mx-auto flex max-w-3xl flex-col gap-3">
        {messages.map((message, index) => (
          <li key={index} className={`rounded-lg border border-slate-200 p-3 text-sm shadow-sm ${roleStyle[message.role]}`} data-testid="message">
            <div className="mb-1 text-xs font-semibold uppercase text-slate-500">{message.role}</div>
            <div className="flex flex-col gap-2">
              {message.parts.map((part, i) => <Part key={i} part={part} />)}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
