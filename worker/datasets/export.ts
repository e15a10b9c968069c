import { and, asc, eq, inArray } from "drizzle-orm";
import type { Principal } from "../auth/principal";
import type { Database } from "../db/client";
import { annotations, datasetItems, issues, messages, scoreConfigs, traces, users } from "../db/schema";
import { keysetAfter, type Position } from "../pagination";
import type { Message } from "../traces/model";
import { csvHeader, csvRow, jsonLine, type ExportAnnotation, type ExportRecord } from "./export-format";
import type { ExportFormat } from "./schemas";
import { getDataset } from "./service";

// Exports stream: one page of items is read from D1 per pull, so a dataset of any size leaves in constant memory.

const PAGE = 50;

export interface DatasetExport {
  filename: string;
  contentType: string;
  body: ReadableStream<Uint8Array>;
}

export async function exportDataset(db: Database, principal: Principal, datasetId: string, format: ExportFormat): Promise<DatasetExport> {
  const dataset = await getDataset(db, principal, datasetId);
  const encoder = new TextEncoder();
  const write = format === "csv" ? csvRow : jsonLine;
  let after: Position | null = null;
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started && format === "csv") controller.enqueue(encoder.encode(csvHeader()));
      started = true;
      const page = await readPage(db, principal.projectId, datasetId, after);
      if (page.records.length > 0) controller.enqueue(encoder.encode(page.records.map(write).join("")));
      after = page.next;
      if (!after) controller.close();
    },
  });
  const safeName = dataset.name.replace(/[^\w.-]+/g, "-").replace(/^-+|-+$/g, "") || dataset.id;
  return {
    filename: `${safeName}.${format}`,
    contentType: format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
    body,
  };
}

/** One page of items in the order they were added, each with its trace, conversation and published annotations. */
export async function readPage(db: Database, projectId: string, datasetId: string, after: Position | null): Promise<{ records: ExportRecord[]; next: Position | null }> {
  const items = await db
    .select({ traceId: datasetItems.traceId, addedAt: datasetItems.createdAt })
    .from(datasetItems)
    .where(and(eq(datasetItems.datasetId, datasetId), keysetAfter(after, datasetItems.createdAt, datasetItems.traceId, "asc")))
    .orderBy(asc(datasetItems.createdAt), asc(datasetItems.traceId))
    .limit(PAGE);
  if (items.length === 0) return { records: [], next: null };
  const ids = items.map((item) => item.traceId);
  const [traceRows, messageRows, annotationRows] = await Promise.all([
    db.select().from(traces).where(and(eq(traces.projectId, projectId), inArray(traces.id, ids))),
    db
      .select({ traceId: messages.traceId, role: messages.role, parts: messages.parts })
      .from(messages)
      .where(and(eq(messages.projectId, projectId), inArray(messages.traceId, ids)))
      .orderBy(asc(messages.traceId), asc(messages.position)),
    publishedAnnotations(db, projectId, ids),
  ]);
  const byTrace = new Map(traceRows.map((row) => [row.id, row]));
  const conversations = groupBy(messageRows, (row) => row.traceId);
  const annotationsOf = groupBy(annotationRows, (row) => row.traceId);
  const records: ExportRecord[] = [];
  for (const item of items) {
    const trace = byTrace.get(item.traceId);
    if (!trace) continue;
    records.push({
      traceId: trace.id,
      name: trace.name,
      startedAt: trace.startedAt,
      durationMs: trace.durationMs,
      status: trace.status,
      models: trace.models,
      inputTokens: trace.inputTokens,
      outputTokens: trace.outputTokens,
      totalTokens: trace.totalTokens,
      cost: trace.cost,
      sessionId: trace.sessionId,
      userId: trace.userId,
      environment: trace.environment,
      tags: trace.tags,
      metadata: trace.metadata,
      addedAt: item.addedAt,
      conversation: (conversations.get(trace.id) ?? []).map(({ role, parts }) => ({ role, parts }) as Pick<Message, "role" | "parts">),
      annotations: (annotationsOf.get(trace.id) ?? []).map(({ traceId: _traceId, ...annotation }) => annotation),
    });
  }
  const last = items[items.length - 1];
  return { records, next: items.length === PAGE && last ? { at: last.addedAt, id: last.traceId } : null };
}

/** Only published annotations leave in an export: drafts are not verdicts, and rejected drafts were refused. */
async function publishedAnnotations(db: Database, projectId: string, traceIds: string[]): Promise<(ExportAnnotation & { traceId: string })[]> {
  const rows = await db
    .select({
      id: annotations.id,
      traceId: annotations.traceId,
      scoreName: scoreConfigs.name,
      scoreType: scoreConfigs.type,
      valueNumber: annotations.valueNumber,
      valueLabel: annotations.valueLabel,
      comment: annotations.comment,
      target: annotations.target,
      issueId: issues.id,
      issueTitle: issues.title,
      author: users.name,
      source: annotations.source,
      createdAt: annotations.createdAt,
    })
    .from(annotations)
    .leftJoin(scoreConfigs, eq(scoreConfigs.id, annotations.scoreConfigId))
    .leftJoin(issues, and(eq(issues.id, annotations.issueId), eq(issues.projectId, annotations.projectId)))
    .leftJoin(users, eq(users.id, annotations.authorId))
    .where(and(eq(annotations.projectId, projectId), inArray(annotations.traceId, traceIds), eq(annotations.status, "published")))
    .orderBy(asc(annotations.createdAt), asc(annotations.id));
  return rows.map(({ valueNumber, valueLabel, issueId, issueTitle, ...row }) => ({
    ...row,
    value: row.scoreType === "boolean" ? (valueNumber === null ? null : valueNumber === 1) : row.scoreType === "categorical" ? valueLabel : (valueNumber ?? valueLabel),
    issue: issueId && issueTitle !== null ? { id: issueId, title: issueTitle } : null,
  }));
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const list = groups.get(key(row));
    if (list) list.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}
