import { z } from "@hono/zod-openapi";
import type { spans } from "../../db/schema";
import { messageSchema } from "../../traces/model";
import type { getTrace, TraceRow } from "../../traces/service";
import type { SessionSummary } from "../../traces/sessions";
import { epochMs as ms, pageOf } from "./common";
import { describes } from "./exact";

export const traceSummarySchema = describes<TraceRow>()(
  z
    .object({
      projectId: z.string(),
      id: z.string().openapi({ description: "32 lowercase hex characters." }),
      name: z.string(),
      startedAt: ms("When the first span started"),
      endedAt: ms("When the last span ended"),
      durationMs: z.number(),
      status: z.enum(["ok", "error", "unset"]),
      models: z.array(z.string()),
      provider: z.string().nullable(),
      inputTokens: z.number().int(),
      outputTokens: z.number().int(),
      totalTokens: z.number().int(),
      cost: z.number().nullable().openapi({ description: "USD, as reported or priced from the model table." }),
      timeToFirstTokenMs: z.number().nullable(),
      sessionId: z.string().nullable(),
      userId: z.string().nullable(),
      environment: z.string().nullable(),
      tags: z.array(z.string()),
      metadata: z.record(z.string(), z.string()),
      spanCount: z.number().int(),
      toolCallCount: z.number().int(),
      errorCount: z.number().int(),
      createdAt: ms("First stored"),
      updatedAt: ms("Last changed"),
      settledAt: z.number().nullable().openapi({ description: "Null while spans may still arrive (epoch milliseconds)." }),
      rootSeen: z.boolean(),
    })
    .openapi("TraceSummary"),
);

export const spanSchema = describes<typeof spans.$inferSelect>()(
  z
    .object({
      projectId: z.string(),
      traceId: z.string(),
      id: z.string().openapi({ description: "16 lowercase hex characters." }),
      parentSpanId: z.string().nullable(),
      name: z.string(),
      kind: z.number().int().openapi({ description: "OTLP SpanKind." }),
      startedAt: ms("Start"),
      endedAt: ms("End"),
      statusCode: z.number().int().openapi({ description: "OTLP status: 0 unset, 1 ok, 2 error." }),
      statusMessage: z.string().nullable(),
      attributes: z.record(z.string(), z.unknown()),
      events: z.array(z.unknown()),
      resource: z.record(z.string(), z.unknown()),
      receivedAt: ms("Received"),
    })
    .openapi("Span"),
);

export const traceDetailSchema = describes<Awaited<ReturnType<typeof getTrace>>>()(
  z
    .object({
      summary: traceSummarySchema,
      spans: z.array(spanSchema).openapi({ description: "In start order." }),
      conversation: z.array(messageSchema.openapi("Message")).openapi({ description: "The normalized conversation, in order." }),
    })
    .openapi("TraceDetail"),
);

export const sessionSchema = describes<SessionSummary>()(
  z
    .object({
      sessionId: z.string(),
      traceCount: z.number().int().openapi({ description: "Traces in the session that match the filter (all of them without one)." }),
      firstStartedAt: ms("The first trace's start"),
      lastStartedAt: ms("The latest trace's start"),
      totalTokens: z.number().int(),
      cost: z.number().nullable().openapi({ description: "Null when no trace has a known cost." }),
      errorCount: z.number().int(),
      userIds: z.array(z.string()),
    })
    .openapi("Session"),
);

export const tracePageSchema = pageOf(traceSummarySchema, "TracePage");
export const sessionPageSchema = pageOf(sessionSchema, "SessionPage");

export const ingestAcceptedSchema = z
  .object({ traceIds: z.array(z.string()).openapi({ description: "The stored traces, generated ids included." }) })
  .openapi("IngestAccepted");
