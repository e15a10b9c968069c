import { percentOf } from "../worker/queues/progress";
import { isSampled } from "../worker/queues/sampling";

// The AnnotationQueue's state in its SQLite storage. Every method is synchronous SQL inside one DO turn, so
// no two calls interleave: that single-threadedness is what makes claims collision-free and counters exact.

export interface QueueSettings {
  queueId: string;
  projectId: string;
  reviewersPerItem: number;
  leaseMs: number;
  /** Share of matching completed traces a live queue takes, 0–100. */
  samplingPercent: number;
}

export interface LiveStats {
  matched: number;
  sampled: number;
}

export interface Neighbors {
  position: number;
  total: number;
  previous: string | null;
  next: string | null;
}

export interface QueueProgress {
  total: number;
  completed: number;
  percent: number;
  byReviewer: Record<string, number>;
  version: number;
}

export interface ClaimedItem {
  traceId: string;
  leaseExpiresAt: number;
  position: number;
  total: number;
}

export type ItemStatus = "pending" | "reserved" | "completed";

export class QueueError extends Error {
  constructor(
    readonly code: "not_configured" | "not_found" | "conflict",
    message: string,
  ) {
    super(message);
  }
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS items (
    trace_id TEXT PRIMARY KEY, priority INTEGER NOT NULL DEFAULT 0, added_at INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending', completed_at INTEGER, version INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS items_review_order ON items (status, priority DESC, added_at, trace_id);
  CREATE TABLE IF NOT EXISTS reservations (
    trace_id TEXT NOT NULL, reviewer_id TEXT NOT NULL, expires_at INTEGER NOT NULL,
    PRIMARY KEY (trace_id, reviewer_id));
  CREATE INDEX IF NOT EXISTS reservations_reviewer ON reservations (reviewer_id, expires_at);
  CREATE TABLE IF NOT EXISTS reviews (
    trace_id TEXT NOT NULL, reviewer_id TEXT NOT NULL, completed_at INTEGER NOT NULL,
    PRIMARY KEY (trace_id, reviewer_id));
  -- Live queues: each completed trace that matched the filter, and whether sampling took it. Recorded once,
  -- so a redelivered "trace completed" neither counts twice nor re-rolls the sample.
  CREATE TABLE IF NOT EXISTS offers (trace_id TEXT PRIMARY KEY, sampled INTEGER NOT NULL, offered_at INTEGER NOT NULL);
  -- Items (or '' for the counters) whose D1 mirror is behind; drained by the alarm.
  CREATE TABLE IF NOT EXISTS outbox (trace_id TEXT PRIMARY KEY, version INTEGER NOT NULL);
`;

const REVIEW_ORDER = "priority DESC, added_at ASC, trace_id ASC";

export class QueueStore {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(SCHEMA);
  }

  configure(settings: QueueSettings): void {
    this.sql.exec("INSERT OR REPLACE INTO settings (key, value) VALUES ('settings', ?)", JSON.stringify(settings));
  }

  settings(): QueueSettings {
    const row = this.sql.exec<{ value: string }>("SELECT value FROM settings WHERE key = 'settings'").toArray()[0];
    if (!row) throw new QueueError("not_configured", "queue is not configured");
    // Queues configured before sampling existed take the product default.
    return { samplingPercent: 10, ...(JSON.parse(row.value) as Partial<QueueSettings>) } as QueueSettings;
  }

  /**
   * A completed trace that matched this live queue's filter: sampled (deterministically per queue and trace) into
   * the queue or not. Idempotent per trace. Returns the traces that were added.
   */
  offer(traceIds: readonly string[], now: number): string[] {
    const { queueId, samplingPercent } = this.settings();
    const taken: string[] = [];
    for (const traceId of traceIds) {
      const sampled = isSampled(queueId, traceId, samplingPercent);
      const cursor = this.sql.exec(
        "INSERT INTO offers (trace_id, sampled, offered_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        traceId, sampled ? 1 : 0, now,
      );
      if (cursor.rowsWritten > 0 && sampled) taken.push(traceId);
    }
    if (taken.length > 0) this.add(taken, now);
    return taken;
  }

  liveStats(): LiveStats {
    return this.sql
      .exec<{ matched: number; sampled: number }>("SELECT COUNT(*) AS matched, COALESCE(SUM(sampled), 0) AS sampled FROM offers")
      .one();
  }

  /** Adds the traces not yet in the queue; returns how many were new. */
  add(traceIds: readonly string[], now: number, priority = 0): number {
    let added = 0;
    for (const traceId of traceIds) {
      const version = this.nextVersion();
      const cursor = this.sql.exec(
        "INSERT INTO items (trace_id, priority, added_at, version) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
        traceId, priority, now, version,
      );
      if (cursor.rowsWritten > 0) {
        added++;
        this.markDirty(traceId, version);
      }
    }
    if (added > 0) this.markDirty("", this.currentVersion());
    return added;
  }

  remove(traceId: string): boolean {
    const removed = this.sql.exec("DELETE FROM items WHERE trace_id = ?", traceId).rowsWritten > 0;
    if (!removed) return false;
    this.sql.exec("DELETE FROM reservations WHERE trace_id = ?", traceId);
    this.sql.exec("DELETE FROM reviews WHERE trace_id = ?", traceId);
    const version = this.nextVersion();
    this.markDirty(traceId, version);
    this.markDirty("", version);
    return true;
  }

  /**
   * The reviewer's current item if their lease still holds, otherwise the first item in review order that
   * still needs a review, that they have not reviewed, and that is not fully reserved by others.
   */
  claim(reviewerId: string, now: number): ClaimedItem | null {
    const { reviewersPerItem, leaseMs } = this.settings();
    this.expireLeases(now);
    const held = this.sql
      .exec<{ trace_id: string }>("SELECT trace_id FROM reservations WHERE reviewer_id = ? LIMIT 1", reviewerId)
      .toArray()[0];
    const traceId = held?.trace_id ?? this.nextAvailable(reviewerId, reviewersPerItem);
    if (!traceId) return null;
    const leaseExpiresAt = now + leaseMs;
    this.sql.exec(
      "INSERT OR REPLACE INTO reservations (trace_id, reviewer_id, expires_at) VALUES (?, ?, ?)",
      traceId, reviewerId, leaseExpiresAt,
    );
    this.refreshStatus(traceId, now);
    return { traceId, leaseExpiresAt, ...this.position(traceId) };
  }

  /** Records the reviewer's verdict as done ("Fully Annotated"); idempotent per reviewer. */
  complete(traceId: string, reviewerId: string, now: number): ItemStatus {
    this.requireItem(traceId);
    const { reviewersPerItem } = this.settings();
    this.expireLeases(now);
    const alreadyReviewed = this.reviewCount(traceId, reviewerId) > 0;
    if (!alreadyReviewed) {
      const othersHolding = this.sql
        .exec<{ n: number }>("SELECT COUNT(*) AS n FROM reservations WHERE trace_id = ? AND reviewer_id != ?", traceId, reviewerId)
        .one().n;
      if (this.reviewCount(traceId) + othersHolding >= reviewersPerItem && !this.holds(traceId, reviewerId)) {
        throw new QueueError("conflict", "another reviewer holds this item");
      }
      this.sql.exec("INSERT INTO reviews (trace_id, reviewer_id, completed_at) VALUES (?, ?, ?)", traceId, reviewerId, now);
    }
    this.sql.exec("DELETE FROM reservations WHERE trace_id = ? AND reviewer_id = ?", traceId, reviewerId);
    return this.refreshStatus(traceId, now);
  }

  release(traceId: string, reviewerId: string, now: number): ItemStatus {
    this.requireItem(traceId);
    this.sql.exec("DELETE FROM reservations WHERE trace_id = ? AND reviewer_id = ?", traceId, reviewerId);
    return this.refreshStatus(traceId, now);
  }

  /** Sends a completed item back for review, dropping its reviews. */
  reopen(traceId: string, now: number): ItemStatus {
    this.requireItem(traceId);
    this.sql.exec("DELETE FROM reviews WHERE trace_id = ?", traceId);
    return this.refreshStatus(traceId, now);
  }

  progress(): QueueProgress {
    const { total, completed } = this.sql
      .exec<{ total: number; completed: number }>(
        "SELECT COUNT(*) AS total, COALESCE(SUM(status = 'completed'), 0) AS completed FROM items",
      )
      .one();
    const byReviewer: Record<string, number> = {};
    for (const row of this.sql.exec<{ reviewer_id: string; n: number }>(
      "SELECT reviewer_id, COUNT(*) AS n FROM reviews GROUP BY reviewer_id",
    )) {
      byReviewer[row.reviewer_id] = row.n;
    }
    return { total, completed, percent: percentOf(completed, total), byReviewer, version: this.currentVersion() };
  }

  item(traceId: string) {
    return this.sql
      .exec<{ trace_id: string; status: ItemStatus; added_at: number; completed_at: number | null; version: number }>(
        "SELECT trace_id, status, added_at, completed_at, version FROM items WHERE trace_id = ?", traceId,
      )
      .toArray()[0];
  }

  reviewers(traceId: string): string[] {
    return this.sql
      .exec<{ reviewer_id: string }>("SELECT reviewer_id FROM reviews WHERE trace_id = ? ORDER BY completed_at", traceId)
      .toArray()
      .map((r) => r.reviewer_id);
  }

  outbox(limit: number) {
    return this.sql
      .exec<{ trace_id: string; version: number }>("SELECT trace_id, version FROM outbox ORDER BY version LIMIT ?", limit)
      .toArray();
  }

  /** Drops outbox rows once mirrored, unless a newer change re-dirtied them meanwhile. */
  acknowledge(entries: readonly { trace_id: string; version: number }[]): void {
    for (const entry of entries) {
      this.sql.exec("DELETE FROM outbox WHERE trace_id = ? AND version <= ?", entry.trace_id, entry.version);
    }
  }

  /** Returns expired reservations' items to the pool. */
  expireLeases(now: number): void {
    const expired = this.sql
      .exec<{ trace_id: string }>("DELETE FROM reservations WHERE expires_at <= ? RETURNING trace_id", now)
      .toArray();
    for (const { trace_id } of expired) this.refreshStatus(trace_id, now);
  }

  /** The item's place in review order and the items either side of it, for previous / next. */
  neighbors(traceId: string): Neighbors {
    const { position, total } = this.position(traceId);
    const at = (rank: number) =>
      this.sql
        .exec<{ trace_id: string }>(`SELECT trace_id FROM items ORDER BY ${REVIEW_ORDER} LIMIT 1 OFFSET ?`, rank - 1)
        .toArray()[0]?.trace_id ?? null;
    return { position, total, previous: position > 1 ? at(position - 1) : null, next: position < total ? at(position + 1) : null };
  }

  /** Where an item stands in review order ("12 of 340"). */
  position(traceId: string): { position: number; total: number } {
    this.requireItem(traceId);
    return this.sql
      .exec<{ position: number; total: number }>(
        `SELECT (SELECT COUNT(*) FROM items) AS total, rank AS position FROM (
           SELECT trace_id, ROW_NUMBER() OVER (ORDER BY ${REVIEW_ORDER}) AS rank FROM items) WHERE trace_id = ?`,
        traceId,
      )
      .one();
  }

  private nextAvailable(reviewerId: string, reviewersPerItem: number): string | undefined {
    return this.sql
      .exec<{ trace_id: string }>(
        `SELECT trace_id FROM items i WHERE status != 'completed'
           AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.trace_id = i.trace_id AND r.reviewer_id = ?)
           AND (SELECT COUNT(*) FROM reviews r WHERE r.trace_id = i.trace_id)
             + (SELECT COUNT(*) FROM reservations s WHERE s.trace_id = i.trace_id) < ?
         ORDER BY ${REVIEW_ORDER} LIMIT 1`,
        reviewerId, reviewersPerItem,
      )
      .toArray()[0]?.trace_id;
  }

  private refreshStatus(traceId: string, now: number): ItemStatus {
    const { reviewersPerItem } = this.settings();
    const reviews = this.reviewCount(traceId);
    const reserved = this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM reservations WHERE trace_id = ?", traceId).one().n;
    const status: ItemStatus = reviews >= reviewersPerItem ? "completed" : reserved > 0 ? "reserved" : "pending";
    const current = this.requireItem(traceId);
    const version = this.nextVersion();
    this.sql.exec(
      "UPDATE items SET status = ?, completed_at = ?, version = ? WHERE trace_id = ?",
      status, status === "completed" ? (current.completed_at ?? now) : null, version, traceId,
    );
    this.markDirty(traceId, version);
    if ((current.status === "completed") !== (status === "completed")) this.markDirty("", version);
    return status;
  }

  private requireItem(traceId: string) {
    const item = this.item(traceId);
    if (!item) throw new QueueError("not_found", `trace ${traceId} is not in this queue`);
    return item;
  }

  private holds(traceId: string, reviewerId: string): boolean {
    return this.sql
      .exec<{ n: number }>("SELECT COUNT(*) AS n FROM reservations WHERE trace_id = ? AND reviewer_id = ?", traceId, reviewerId)
      .one().n > 0;
  }

  private reviewCount(traceId: string, reviewerId?: string): number {
    return reviewerId
      ? this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM reviews WHERE trace_id = ? AND reviewer_id = ?", traceId, reviewerId).one().n
      : this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM reviews WHERE trace_id = ?", traceId).one().n;
  }

  private markDirty(traceId: string, version: number): void {
    this.sql.exec("INSERT OR REPLACE INTO outbox (trace_id, version) VALUES (?, ?)", traceId, version);
  }

  private currentVersion(): number {
    const row = this.sql.exec<{ value: string }>("SELECT value FROM settings WHERE key = 'version'").toArray()[0];
    return row ? Number(row.value) : 0;
  }

  private nextVersion(): number {
    const version = this.currentVersion() + 1;
    this.sql.exec("INSERT OR REPLACE INTO settings (key, value) VALUES ('version', ?)", String(version));
    return version;
  }
}
