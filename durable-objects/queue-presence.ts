import { z } from "zod";
import type { QueueProgress } from "./queue-types";

// Live presence for a queue's reviewers: who is connected and which item each is on. Pure, so the Durable Object
// only stores one attachment per WebSocket and broadcasts what these functions build.

/** What the Durable Object keeps on each WebSocket (survives hibernation through serializeAttachment). */
export const presenceAttachmentSchema = z.object({
  reviewerId: z.string().min(1),
  name: z.string(),
  traceId: z.string().nullable(),
});
export type PresenceAttachment = z.infer<typeof presenceAttachmentSchema>;

/** The one message a reviewer's page sends: the item it now shows (null on the queue page). */
const presenceMessageSchema = z.object({ type: z.literal("viewing"), traceId: z.string().regex(/^[0-9a-f]{32}$/).nullable() });

export interface PresentReviewer {
  id: string;
  name: string;
  /** Items open in this reviewer's tabs, in the order they were connected. */
  traceIds: string[];
}

export interface PresenceUpdate {
  type: "presence";
  reviewers: PresentReviewer[];
  progress: QueueProgress;
}

/** One entry per reviewer however many tabs they have open, sorted by name so the strip does not jump around. */
export function presentReviewers(attachments: readonly PresenceAttachment[]): PresentReviewer[] {
  const byId = new Map<string, PresentReviewer>();
  for (const { reviewerId, name, traceId } of attachments) {
    const reviewer = byId.get(reviewerId) ?? { id: reviewerId, name, traceIds: [] };
    if (traceId && !reviewer.traceIds.includes(traceId)) reviewer.traceIds.push(traceId);
    byId.set(reviewerId, reviewer);
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** Applies a message from a reviewer's page to that socket's attachment; anything unreadable changes nothing. */
export function applyPresenceMessage(attachment: PresenceAttachment, raw: string | ArrayBuffer): PresenceAttachment {
  if (typeof raw !== "string") return attachment;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return attachment;
  }
  const message = presenceMessageSchema.safeParse(parsed);
  return message.success ? { ...attachment, traceId: message.data.traceId } : attachment;
}
