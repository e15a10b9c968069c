import type { IngestSpan, Message, SpanEvent } from "../../traces/model";
import { attrText, decodeStructured, isRecord, stringify } from "./attrs";
import { flatMessages, legacyMessage, messagesFrom, systemInstructions } from "./messages";
import type { Role } from "./parts";

// Messages of one span in the OTel GenAI conventions, newest form first: a span may carry several generations of
// the same content (SDKs in transition emit both), and the newest is the most complete.

const LLM_OPERATIONS = new Set(["chat", "text_completion", "generate_content"]);
const CONTENT_ATTRIBUTES = [
  "gen_ai.input.messages",
  "gen_ai.output.messages",
  "gen_ai.system_instructions",
  "gen_ai.prompt",
  "gen_ai.completion",
];
const MESSAGE_EVENT_ROLES = new Map<string, Role>([
  ["gen_ai.system.message", "system"],
  ["gen_ai.user.message", "user"],
  ["gen_ai.assistant.message", "assistant"],
  ["gen_ai.tool.message", "tool"],
]);
const CHOICE_EVENT = "gen_ai.choice";
// Oldest form: events whose attributes repeat the flat gen_ai.prompt / gen_ai.completion values.
const CONTENT_EVENTS = { prompt: "gen_ai.content.prompt", completion: "gen_ai.content.completion" };

export const operationOf = (span: IngestSpan): string | null => attrText(span.attributes, "gen_ai.operation.name");

export function isGenAiLlmSpan(span: IngestSpan): boolean {
  const operation = operationOf(span);
  if (operation !== null && LLM_OPERATIONS.has(operation)) return true;
  if (CONTENT_ATTRIBUTES.some((key) => span.attributes[key] != null)) return true;
  const contentEvents = new Set([CHOICE_EVENT, CONTENT_EVENTS.prompt, CONTENT_EVENTS.completion]);
  return span.events.some((e) => MESSAGE_EVENT_ROLES.has(e.name) || contentEvents.has(e.name));
}

/** Event payloads arrive as a `body` attribute (object or JSON), or spread over the event attributes. */
function eventBody(event: SpanEvent): Record<string, unknown> {
  for (const key of ["body", "gen_ai.event.content"]) {
    const value = decodeStructured(event.attributes[key]);
    if (isRecord(value)) return value;
    if (typeof value === "string") return { content: value };
  }
  return event.attributes;
}

function eventMessage(body: Record<string, unknown>, role: Role, spanId: string): Message[] {
  return legacyMessage({ ...body, tool_calls: decodeStructured(body.tool_calls) }, role, spanId);
}

function inputEvents(span: IngestSpan): Message[] {
  return span.events.flatMap((event) => {
    const role = MESSAGE_EVENT_ROLES.get(event.name);
    return role ? eventMessage(eventBody(event), role, span.spanId) : [];
  });
}

const choiceIndex = (body: Record<string, unknown>): number => (typeof body.index === "number" ? body.index : 0);

function choiceEvents(span: IngestSpan): Message[] {
  // Choices may arrive out of order; `index` says which completion each one is.
  const choices = span.events.filter((e) => e.name === CHOICE_EVENT).map(eventBody);
  return choices
    .sort((a, b) => choiceIndex(a) - choiceIndex(b))
    .flatMap((body) => {
      const message = decodeStructured(body.message);
      return eventMessage(isRecord(message) ? message : body, "assistant", span.spanId);
    });
}

/** finish_reason of the first gen_ai.choice event, for senders that still use events. */
export function choiceFinishReason(span: IngestSpan): string | null {
  const first = span.events
    .filter((e) => e.name === CHOICE_EVENT)
    .map(eventBody)
    .sort((a, b) => choiceIndex(a) - choiceIndex(b))[0];
  return typeof first?.finish_reason === "string" ? first.finish_reason : null;
}

function contentEvent(span: IngestSpan, name: string, key: string, role: Role): Message[] {
  const event = span.events.find((e) => e.name === name);
  return event ? flatMessages(event.attributes[key], role, span.spanId) : [];
}

function firstNonEmpty(readers: Array<() => Message[]>): Message[] {
  for (const read of readers) {
    const messages = read();
    if (messages.length > 0) return messages;
  }
  return [];
}

const sameParts = (a: Message, b: Message): boolean => stringify(a.parts) === stringify(b.parts);

type Reader = (raw: unknown, role: Role, spanId: string) => Message[];
const fromAttribute = (span: IngestSpan, key: string, read: Reader, role: Role) => (): Message[] =>
  span.attributes[key] != null ? read(span.attributes[key], role, span.spanId) : [];

/** System instructions, then the input messages, as sent to the model by this span. */
export function genAiInput(span: IngestSpan): Message[] {
  const input = firstNonEmpty([
    fromAttribute(span, "gen_ai.input.messages", messagesFrom, "user"),
    () => inputEvents(span),
    fromAttribute(span, "gen_ai.prompt", flatMessages, "user"),
    () => contentEvent(span, CONTENT_EVENTS.prompt, "gen_ai.prompt", "user"),
  ]);
  const system = fromAttribute(span, "gen_ai.system_instructions", systemInstructions, "system")();
  // Some SDKs send the system prompt both ways; showing it twice would misrepresent what the model saw.
  const fresh = system.filter((s) => !input.some((m) => m.role === "system" && sameParts(m, s)));
  return [...fresh, ...input];
}

/** The model's response(s) recorded on this span. */
export function genAiOutput(span: IngestSpan): Message[] {
  return firstNonEmpty([
    fromAttribute(span, "gen_ai.output.messages", messagesFrom, "assistant"),
    () => choiceEvents(span),
    fromAttribute(span, "gen_ai.completion", flatMessages, "assistant"),
    () => contentEvent(span, CONTENT_EVENTS.completion, "gen_ai.completion", "assistant"),
  ]);
}
