import type { Message } from "../traces/model";

// How one dataset item is written out: pure, so the quoting rules are tested without a database.

export interface ExportAnnotation {
  id: string;
  scoreName: string | null;
  scoreType: "boolean" | "categorical" | "numeric" | null;
  /** true/false for boolean scores, the label for categorical ones, the number for numeric ones. */
  value: boolean | number | string | null;
  comment: string;
  target: unknown;
  issue: { id: string; title: string } | null;
  author: string | null;
  source: "human" | "classifier";
  createdAt: number;
}

export interface ExportRecord {
  traceId: string;
  name: string;
  startedAt: number;
  durationMs: number;
  status: string;
  models: string[];
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cost: number | null;
  sessionId: string | null;
  userId: string | null;
  environment: string | null;
  tags: string[];
  metadata: Record<string, string>;
  addedAt: number;
  conversation: Pick<Message, "role" | "parts">[];
  annotations: ExportAnnotation[];
}

export function jsonLine(record: ExportRecord): string {
  return `${JSON.stringify(record)}\n`;
}

type Cell = string | number | boolean | null;

const columns: [string, (r: ExportRecord) => Cell][] = [
  ["trace_id", (r) => r.traceId],
  ["name", (r) => r.name],
  ["started_at", (r) => new Date(r.startedAt).toISOString()],
  ["duration_ms", (r) => r.durationMs],
  ["status", (r) => r.status],
  ["models", (r) => r.models.join(";")],
  ["input_tokens", (r) => r.inputTokens],
  ["output_tokens", (r) => r.outputTokens],
  ["total_tokens", (r) => r.totalTokens],
  ["cost", (r) => r.cost],
  ["session_id", (r) => r.sessionId],
  ["user_id", (r) => r.userId],
  ["environment", (r) => r.environment],
  ["tags", (r) => r.tags.join(";")],
  ["metadata", (r) => JSON.stringify(r.metadata)],
  ["added_at", (r) => new Date(r.addedAt).toISOString()],
  ["conversation", (r) => JSON.stringify(r.conversation)],
  ["annotations", (r) => JSON.stringify(r.annotations)],
];

/**
 * One CSV field (RFC 4180): quoted when it holds a quote, comma or line break, quotes doubled. Trace text is
 * untrusted, and spreadsheets run cells that start with = + - @ (or a tab/CR before them) as formulas, so such
 * text cells get a leading apostrophe (OWASP's advice for CSV injection); numbers are written as they are.
 */
export function csvCell(value: Cell): string {
  if (value === null) return "";
  if (typeof value !== "string") return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvHeader(): string {
  return `${columns.map(([name]) => name).join(",")}\r\n`;
}

export function csvRow(record: ExportRecord): string {
  return `${columns.map(([, cell]) => csvCell(cell(record))).join(",")}\r\n`;
}
