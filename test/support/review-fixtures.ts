import { newId } from "../../worker/auth/crypto";
import type { Database } from "../../worker/db/client";
import { annotations, scoreConfigs } from "../../worker/db/schema";
import { call } from "./http";
import { conversationSpans, otlpBody, randomTraceId, type ChatMessage } from "./otlp";
import type { TestProject } from "./project";
import { deliverTraceEvents } from "./settle";

// Traces with chosen conversations, score configs of every type, and classifier drafts, for the review suites.

export type { ChatMessage };

export const text = (content: string) => ({ type: "text", content });

/** Ingests one trace per conversation in a single OTLP request (rate limits count requests), then settles them. */
export async function ingestConversations(project: TestProject, conversations: ChatMessage[][], name = "support-turn"): Promise<string[]> {
  const traceIds = conversations.map(() => randomTraceId());
  const spans = conversations.flatMap((conversation, i) => conversationSpans(traceIds[i] as string, conversation, name));
  const res = await call("/v1/traces", { key: project.ingestKey, json: otlpBody(spans) });
  if (res.status !== 200) throw new Error(`ingest failed: ${res.status} ${JSON.stringify(res.body)}`);
  await deliverTraceEvents(project.projectId, traceIds);
  return traceIds;
}

export const simpleChat = (question = "Where is my order #1234?", answer = "It ships tomorrow."): ChatMessage[] => [
  { role: "user", parts: [text(question)] },
  { role: "assistant", parts: [text(answer)] },
];

export async function insertScoreConfig(
  db: Database,
  projectId: string,
  config: { name: string; type: "boolean" | "categorical" | "numeric"; categories?: string[]; minValue?: number; maxValue?: number },
): Promise<string> {
  const id = newId("sc");
  await db.insert(scoreConfigs).values({ id, projectId, ...config });
  return id;
}

/** A classifier's draft, written the way the classifiers record theirs. */
export async function insertDraft(
  db: Database,
  projectId: string,
  traceId: string,
  draft: { scoreConfigId?: string | null; valueNumber?: number | null; valueLabel?: string | null; comment?: string; target?: unknown; issueId?: string } = {},
): Promise<string> {
  const id = newId("ann");
  await db.insert(annotations).values({
    id,
    projectId,
    traceId,
    scoreConfigId: draft.scoreConfigId ?? null,
    valueNumber: draft.valueNumber ?? null,
    valueLabel: draft.valueLabel ?? null,
    comment: draft.comment ?? "Flagged by a classifier.",
    target: draft.target ?? { level: "conversation" },
    issueId: draft.issueId ?? null,
    status: "draft",
    source: "classifier",
    updatedAt: Date.now(),
  });
  return id;
}
