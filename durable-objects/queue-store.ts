import { percentOf } from "../worker/queues/progress";
import { isSampled } from "../worker/queues/sampling";
import { migrate, recountAll, REVIEW_ORDER } from "./queue-schema";
import { QueueError, type ClaimedItem, type ItemStatus, type LiveStats, type Neighbors, type QueueProgress, type QueueSettings } from "./queue-types";

export * from "./queue-types";

// The AnnotationQueue's state in its SQLite storage. Every method is synchronous SQL inside one DO turn, so
// no two calls interleave: that single-threadedness is what makes claims collision-free and counters exact.
// Settings and the version counter are also kept in memory: only this store writes them, one instance at a time.

type ItemRow = { trace_id: string; priority: number; status: ItemStatus; added_at: number; completed_at: number | null; version: number };
const BEFORE = "(priority > ?1 OR (priority = ?1 AND (added_at < ?2 OR (added_at = ?2 AND trace_id < ?3))))";
const AFTER = "(priority < ?1 OR (priority = ?1 AND (added_at > ?2 OR (added_at = ?2 AND trace_id > ?3))))";

export class QueueStore {
  private cachedSettings: QueueSettings | undefined;
  private cachedVersion: number | undefined;
  // COUNT(*) walks every item; claims ask for "N of total" each time, so the store keeps the count it changes.
  private cachedTotal: number | undefined;

  constructor(private readonly sql: SqlStorage) {
    const needsRecount = migrate(sql);
    const settings = this.readSettings();
    // A queue from before `slots` existed: its items' slots must be counted once.
    if (needsRecount && settings) recountAll(sql, settings.reviewersPerItem);
  }

  configure(settings: QueueSettings): void {
    const before = this.readSettings();
    this.sql.exec("INSERT OR REPLACE INTO settings (key, value) VALUES ('settings', ?)", JSON.stringify(settings));
    this.cachedSettings = settings;
    if (before?.reviewersPerItem !== settings.reviewersPerItem) this.recount();
  }

  settings(): QueueSettings {
    this.cachedSettings ??= this.readSettings();
    if (!this.cachedSettings) throw new QueueError("not_configured", "queue is not configured");
    return this.cachedSettings;
  }

  /**
   * A completed trace that matched this live queue's filter: sampled (deterministically per queue and trace) into
   * the queue or not. Idempotent per trace. Returns the traces that were added.
   */
  offer(traceIds: readonly string[], now: number): string[] {
    const { queueId, samplingPercent } = this.settings();
    const taken = traceIds.filter((traceId) => {
      const sampled = isSampled(queueId, traceId, samplingPercent);
      const cursor = this.sql.exec(
        "INSERT INTO offers (trace_id, sampled, offered_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        traceId, sampled ? 1 : 0, now,
      );
      return cursor.rowsWritten > 0 && sampled;
    });
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
    const { reviewersPerItem } = this.settings();
    let added = 0;
    for (const traceId of traceIds) {
      const version = this.nextVersion();
      const cursor = this.sql.exec(
        "INSERT INTO items (trace_id, priority, added_at, version, slots) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        traceId, priority, now, version, reviewersPerItem,
      );
      if (cursor.rowsWritten > 0) {
        added++;
        this.markDirty(traceId, version);
      }
    }
    if (added > 0) {
      this.markDirty("", this.currentVersion());
      if (this.cachedTotal !== undefined) this.cachedTotal += added;
    }
    return added;
  }

  remove(traceId: string): boolean {
    const removed = this.sql.exec("DELETE FROM items WHERE trace_id = ?", traceId).rowsWritten > 0;
    if (!removed) return false;
    if (this.cachedTotal !== undefined) this.cachedTotal -= 1;
    this.sql.exec("DELETE FROM reservations WHERE trace_id = ?", traceId);
    this.sql.exec("DELETE FROM reviews WHERE trace_id = ?", traceId);
    const version = this.nextVersion();
    this.markDirty(traceId, version);
    this.markDirty("", version);
    return true;
  }

  /**
   * The reviewer's current item if their lease still holds, otherwise the first item in review order that
   * still has a free slot and that they have not reviewed.
   */
  claim(reviewerId: string, now: number): ClaimedItem | null {
    const { leaseMs } = this.settings();
    this.expireLeases(now);
    const held = this.sql
      .exec<{ trace_id: string }>("SELECT trace_id FROM reservations WHERE reviewer_id = ? LIMIT 1", reviewerId)
      .toArray()[0];
    const traceId = held?.trace_id ?? this.nextAvailable(reviewerId);
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
    if (this.count("reviews", traceId, reviewerId) === 0) {
      const holds = this.count("reservations", traceId, reviewerId) > 0;
      const othersHolding = this.count("reservations", traceId) - (holds ? 1 : 0);
      if (!holds && this.count("reviews", traceId) + othersHolding >= reviewersPerItem) {
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

  item(traceId: string): ItemRow | undefined {
    return this.sql
      .exec<ItemRow>("SELECT trace_id, priority, status, added_at, completed_at, version FROM items WHERE trace_id = ?", traceId)
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
    const item = this.requireItem(traceId);
    const key = [item.priority, item.added_at, item.trace_id];
    const previous = this.sql
      .exec<{ trace_id: string }>(`SELECT trace_id FROM items WHERE ${BEFORE} ORDER BY priority ASC, added_at DESC, trace_id DESC LIMIT 1`, ...key)
      .toArray()[0]?.trace_id ?? null;
    const next = this.sql
      .exec<{ trace_id: string }>(`SELECT trace_id FROM items WHERE ${AFTER} ORDER BY ${REVIEW_ORDER} LIMIT 1`, ...key)
      .toArray()[0]?.trace_id ?? null;
    return { ...this.position(traceId), previous, next };
  }

  /** Where an item stands in review order ("12 of 340"). */
  position(traceId: string): { position: number; total: number } {
    const item = this.requireItem(traceId);
    const { before } = this.sql
      .exec<{ before: number }>(`SELECT COUNT(*) AS before FROM items WHERE ${BEFORE}`, item.priority, item.added_at, item.trace_id)
      .one();
    return { position: before + 1, total: this.total() };
  }

  total(): number {
    this.cachedTotal ??= this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM items").one().n;
    return this.cachedTotal;
  }

  private nextAvailable(reviewerId: string): string | undefined {
    return this.sql
      .exec<{ trace_id: string }>(
        `SELECT trace_id FROM items INDEXED BY items_open WHERE slots > 0
           AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.trace_id = items.trace_id AND r.reviewer_id = ?)
         ORDER BY ${REVIEW_ORDER} LIMIT 1`,
        reviewerId,
      )
      .toArray()[0]?.trace_id;
  }

  private refreshStatus(traceId: string, now: number): ItemStatus {
    const { reviewersPerItem } = this.settings();
    const current = this.requireItem(traceId);
    const reviews = this.count("reviews", traceId);
    const holds = this.count("reservations", traceId);
    const status: ItemStatus = reviews >= reviewersPerItem ? "completed" : holds > 0 ? "reserved" : "pending";
    const version = this.nextVersion();
    this.sql.exec(
      "UPDATE items SET status = ?, slots = ?, completed_at = ?, version = ? WHERE trace_id = ?",
      status, Math.max(0, reviewersPerItem - reviews - holds), status === "completed" ? (current.completed_at ?? now) : null,
      version, traceId,
    );
    this.markDirty(traceId, version);
    if ((current.status === "completed") !== (status === "completed")) this.markDirty("", version);
    return status;
  }

  /** After reviewersPerItem changes every item's slots and status may change: recount, and mirror them all. */
  private recount(): void {
    recountAll(this.sql, this.settings().reviewersPerItem);
    const version = this.nextVersion();
    this.sql.exec("UPDATE items SET version = ?", version);
    this.sql.exec("INSERT OR REPLACE INTO outbox (trace_id, version) SELECT trace_id, ? FROM items", version);
    this.markDirty("", version);
  }

  private requireItem(traceId: string): ItemRow {
    const item = this.item(traceId);
    if (!item) throw new QueueError("not_found", `trace ${traceId} is not in this queue`);
    return item;
  }

  private count(table: "reviews" | "reservations", traceId: string, reviewerId?: string): number {
    return reviewerId === undefined
      ? this.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE trace_id = ?`, traceId).one().n
      : this.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE trace_id = ? AND reviewer_id = ?`, traceId, reviewerId).one().n;
  }

  private markDirty(traceId: string, version: number): void {
    this.sql.exec("INSERT OR REPLACE INTO outbox (trace_id, version) VALUES (?, ?)", traceId, version);
  }

  private readSettings(): QueueSettings | undefined {
    const row = this.sql.exec<{ value: string }>("SELECT value FROM settings WHERE key = 'settings'").toArray()[0];
    // Queues configured before sampling existed take the product default.
    return row ? ({ samplingPercent: 10, ...(JSON.parse(row.value) as Partial<QueueSettings>) } as QueueSettings) : undefined;
  }

  private currentVersion(): number {
    this.cachedVersion ??= Number(
      this.sql.exec<{ value: string }>("SELECT value FROM settings WHERE key = 'version'").toArray()[0]?.value ?? 0,
    );
    return this.cachedVersion;
  }

  private nextVersion(): number {
    const version = this.currentVersion() + 1;
    this.sql.exec("INSERT OR REPLACE INTO settings (key, value) VALUES ('version', ?)", String(version));
    this.cachedVersion = version;
    return version;
  }
}
