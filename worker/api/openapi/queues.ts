import { z } from "@hono/zod-openapi";
import type { ClaimedItem, ItemStatus, LiveStats, QueueProgress } from "../../../durable-objects/queue-store";
import { queueItemStatuses } from "../../db/schema";
import type { AddItemsResult, QueueItemView, itemNeighbors, queueProgress, removeItem } from "../../queues/items";
import type { QueueView } from "../../queues/service";
import { epochMs as ms, pageOf } from "./common";
import { describes } from "./exact";

const itemStatus = z.enum(queueItemStatuses);

export const queueSchema = describes<QueueView>()(
  z
    .object({
      id: z.string(),
      projectId: z.string(),
      name: z.string(),
      description: z.string(),
      instructions: z.string().openapi({ description: "Markdown shown to reviewers." }),
      systemKey: z.string().nullable().openapi({ description: "Set on the built-in queues a classifier fills; null otherwise." }),
      isLive: z.boolean().openapi({ description: "Live queues take a sample of new traces that match `filter`." }),
      samplingPercent: z.number(),
      // The column holds a FilterSet that was validated on the way in, but is read back untyped.
      filter: z.unknown().openapi({ description: "The queue's FilterSet (see the FilterSet schema), or null." }),
      reviewersPerItem: z.number().int(),
      leaseSeconds: z.number().int(),
      showMachineScores: z.boolean().openapi({ description: "Reviewers see machine scores; off keeps their verdicts independent." }),
      totalItems: z.number().int(),
      completedItems: z.number().int(),
      progressVersion: z.number().int(),
      createdBy: z.string().nullable(),
      createdAt: ms("Created"),
      updatedAt: ms("Last changed"),
      deletedAt: z.number().nullable(),
      assignees: z.array(z.object({ id: z.string(), name: z.string() })).openapi({ description: "Empty: every reviewer may review." }),
      percent: z.number().openapi({ description: "Completed share, 0-100." }),
    })
    .openapi("Queue"),
);
export const queuePageSchema = pageOf(queueSchema, "QueuePage");

export const queueItemSchema = describes<QueueItemView>()(
  z
    .object({
      traceId: z.string(),
      traceName: z.string(),
      // Typed as a string by the service, but the column only holds these values.
      status: z.string().openapi({ enum: [...queueItemStatuses] }),
      reviewedBy: z.array(z.string()).openapi({ description: "Reviewers' names." }),
      addedAt: ms("Added"),
      traceStartedAt: z.number().nullable(),
    })
    .openapi("QueueItem"),
);
export const queueItemPageSchema = pageOf(queueItemSchema, "QueueItemPage");

const queueProgressFields = describes<QueueProgress>()(
  z.object({
    total: z.number().int(),
    completed: z.number().int(),
    percent: z.number(),
    byReviewer: z.record(z.string(), z.number().int()).openapi({ description: "Completed reviews per reviewer id." }),
    version: z.number().int(),
  }),
);

// Not a named component: zod-to-openapi drops `null` from a nullable $ref (and writes it into the component).
const liveStatsSchema = describes<LiveStats>()(
  z.object({
    matched: z.number().int().openapi({ description: "Completed traces that matched the filter." }),
    sampled: z.number().int().openapi({ description: "How many of them sampling let in." }),
  }),
);

export const progressSchema = describes<Awaited<ReturnType<typeof queueProgress>>>()(
  queueProgressFields.extend({ live: liveStatsSchema.nullable().openapi({ description: "Null unless the queue is live." }) }).openapi("QueueProgress"),
);

export const neighborsSchema = describes<Awaited<ReturnType<typeof itemNeighbors>>>()(
  z
    .object({
      position: z.number().int().openapi({ description: "1-based position of the item in review order." }),
      total: z.number().int(),
      previous: z.string().nullable(),
      next: z.string().nullable(),
    })
    .openapi("Neighbors"),
);

const claimedItemSchema = describes<ClaimedItem>()(
  z.object({ traceId: z.string(), leaseExpiresAt: ms("Reserved until"), position: z.number().int(), total: z.number().int() }),
);
export const claimResultSchema = z
  .object({ item: claimedItemSchema.nullable().openapi({ description: "Null when nothing is left for this reviewer." }) })
  .openapi("ClaimResult");

export const addItemsResultSchema = describes<AddItemsResult>()(
  z
    .object({
      requested: z.number().int().openapi({ description: "Traces the request named or matched." }),
      added: z.number().int().openapi({ description: "How many of them were new to the queue." }),
      total: z.number().int(),
    })
    .openapi("AddItemsResult"),
);

export const removeItemResultSchema = describes<Awaited<ReturnType<typeof removeItem>>>()(
  z.object({ removed: z.boolean(), progress: queueProgressFields }).openapi("RemoveItemResult"),
);

export const itemStatusResultSchema = describes<{ traceId: string; status: ItemStatus }>()(
  z.object({ traceId: z.string(), status: itemStatus }).openapi("ItemStatusResult"),
);
