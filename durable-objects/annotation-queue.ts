import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import { database } from "../worker/db/client";
import type { ErrorCode, Outcome } from "../worker/errors";
import { flushMirror } from "./queue-mirror";
import { applyPresenceMessage, presenceAttachmentSchema, presentReviewers, type PresenceAttachment, type PresenceUpdate } from "./queue-presence";
import { QueueError, QueueStore, type ClaimedItem, type ItemStatus, type LiveStats, type Neighbors, type QueueProgress } from "./queue-store";

const settingsSchema = z.object({
  queueId: z.string().min(1),
  projectId: z.string().min(1),
  reviewersPerItem: z.number().int().min(1).max(10),
  leaseMs: z.number().int().min(1000),
  samplingPercent: z.number().min(0).max(100).default(10),
});
const MIRROR_DELAY_MS = 100;
const traceIds = z.array(z.string().min(1)).max(10_000);
const id = z.string().min(1);
const queueErrorCodes: Record<QueueError["code"], ErrorCode> = {
  not_configured: "not_found",
  not_found: "not_found",
  conflict: "conflict",
};

/** Set by the Worker after it authorized the reviewer; the Durable Object is reachable only through the Worker. */
export const PRESENCE_REVIEWER_HEADERS = { id: "X-Reviewer-Id", name: "X-Reviewer-Name" } as const;

/**
 * One per annotation queue (`idFromName(queueId)`): the authority for its items, leases and progress.
 * Thin RPC over QueueStore; every mutation schedules the alarm that mirrors state into D1 and tells the reviewers
 * connected over WebSocket (hibernatable, so an idle queue costs nothing) the new progress.
 */
export class AnnotationQueue extends DurableObject<Env> {
  private readonly store: QueueStore;
  private flushScheduled = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new QueueStore(ctx.storage.sql);
  }

  async configure(settings: z.input<typeof settingsSchema>): Promise<void> {
    this.store.configure(settingsSchema.parse(settings));
  }

  async add(ids: string[]): Promise<{ added: number; progress: QueueProgress }> {
    const added = this.store.add(traceIds.parse(ids), Date.now());
    await this.changed();
    return { added, progress: this.store.progress() };
  }

  /** Completed traces that matched this live queue's filter; sampling decides which enter. */
  async offer(ids: string[]): Promise<{ added: string[]; live: LiveStats }> {
    const added = this.store.offer(traceIds.parse(ids), Date.now());
    await this.changed();
    return { added, live: this.store.liveStats() };
  }

  async liveStats(): Promise<LiveStats> {
    return this.store.liveStats();
  }

  async neighbors(traceId: string): Promise<Outcome<Neighbors>> {
    return this.attempt(() => this.store.neighbors(id.parse(traceId)));
  }

  async remove(traceId: string): Promise<{ removed: boolean; progress: QueueProgress }> {
    const removed = this.store.remove(id.parse(traceId));
    await this.changed();
    return { removed, progress: this.store.progress() };
  }

  async claim(reviewerId: string): Promise<Outcome<ClaimedItem | null>> {
    return this.attempt(() => this.store.claim(id.parse(reviewerId), Date.now()));
  }

  async complete(traceId: string, reviewerId: string): Promise<Outcome<ItemStatus>> {
    return this.attempt(() => this.store.complete(id.parse(traceId), id.parse(reviewerId), Date.now()));
  }

  async release(traceId: string, reviewerId: string): Promise<Outcome<ItemStatus>> {
    return this.attempt(() => this.store.release(id.parse(traceId), id.parse(reviewerId), Date.now()));
  }

  async reopen(traceId: string): Promise<Outcome<ItemStatus>> {
    return this.attempt(() => this.store.reopen(id.parse(traceId), Date.now()));
  }

  async progress(): Promise<QueueProgress> {
    return this.store.progress();
  }

  /** A reviewer's page connecting for live presence; the Worker has checked who they are and that they may see the queue. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade") !== "websocket") return new Response("expected a WebSocket upgrade", { status: 426 });
    const attachment = presenceAttachmentSchema.safeParse({
      reviewerId: request.headers.get(PRESENCE_REVIEWER_HEADERS.id),
      name: request.headers.get(PRESENCE_REVIEWER_HEADERS.name) ?? "",
      traceId: null,
    });
    if (!attachment.success) return new Response("missing reviewer", { status: 400 });
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment(attachment.data);
    this.broadcast();
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(socket: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const before = this.attachmentOf(socket);
    if (!before) return;
    const after = applyPresenceMessage(before, message);
    if (after.traceId === before.traceId) return;
    socket.serializeAttachment(after);
    this.broadcast();
  }

  override async webSocketClose(socket: WebSocket, code: number): Promise<void> {
    // 1005/1006 mean "no status"/"abnormal" and may not be echoed back; 1000 closes cleanly instead.
    socket.close(code === 1005 || code === 1006 ? 1000 : code, "bye");
    this.broadcast();
  }

  override async webSocketError(): Promise<void> {
    this.broadcast();
  }

  override async alarm(): Promise<void> {
    // Changes made while this flush awaits D1 schedule the next one.
    this.flushScheduled = false;
    await flushMirror(this.store, database(this.env.DB));
  }

  private async attempt<T>(change: () => T): Promise<Outcome<T>> {
    try {
      const value = change();
      await this.changed();
      return { ok: true, value };
    } catch (error) {
      if (error instanceof QueueError) return { ok: false, code: queueErrorCodes[error.code], message: error.message };
      throw error;
    }
  }

  private async changed(): Promise<void> {
    await this.scheduleFlush();
    this.broadcast();
  }

  private attachmentOf(socket: WebSocket): PresenceAttachment | null {
    const parsed = presenceAttachmentSchema.safeParse(socket.deserializeAttachment());
    return parsed.success ? parsed.data : null;
  }

  /** Tells every connected reviewer who is where and the current progress. Nothing to do when no one is connected. */
  private broadcast(): void {
    const sockets = this.ctx.getWebSockets().filter((socket) => socket.readyState === WebSocket.OPEN);
    if (sockets.length === 0) return;
    const update: PresenceUpdate = {
      type: "presence",
      reviewers: presentReviewers(sockets.flatMap((socket) => this.attachmentOf(socket) ?? [])),
      progress: this.store.progress(),
    };
    const text = JSON.stringify(update);
    for (const socket of sockets) {
      try {
        socket.send(text);
      } catch {
        // A socket that closed meanwhile gets its webSocketClose, which broadcasts again.
      }
    }
  }

  /**
   * Sets the alarm that mirrors changes into D1. It fires a moment later rather than at once, so that a burst of
   * claims and completions is mirrored in one D1 batch instead of one each (lists may lag by that moment).
   */
  private async scheduleFlush(): Promise<void> {
    if (this.flushScheduled || this.store.outbox(1).length === 0) return;
    this.flushScheduled = true;
    await this.ctx.storage.setAlarm(Date.now() + MIRROR_DELAY_MS);
  }
}
