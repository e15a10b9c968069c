// The queue's SQLite tables. `slots` is how many more reviewers an item can take (reviewersPerItem minus reviews
// and live reservations): a partial index over items with free slots makes "next item" one index seek instead of
// a scan with a count per item.

const TABLES = `
  CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS items (
    trace_id TEXT PRIMARY KEY, priority INTEGER NOT NULL DEFAULT 0, added_at INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending', completed_at INTEGER, version INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS reservations (
    trace_id TEXT NOT NULL, reviewer_id TEXT NOT NULL, expires_at INTEGER NOT NULL,
    PRIMARY KEY (trace_id, reviewer_id));
  CREATE INDEX IF NOT EXISTS reservations_reviewer ON reservations (reviewer_id, expires_at);
  CREATE INDEX IF NOT EXISTS reservations_expiry ON reservations (expires_at);
  CREATE TABLE IF NOT EXISTS reviews (
    trace_id TEXT NOT NULL, reviewer_id TEXT NOT NULL, completed_at INTEGER NOT NULL,
    PRIMARY KEY (trace_id, reviewer_id));
  -- Live queues: each completed trace that matched the filter, and whether sampling took it. Recorded once,
  -- so a redelivered "trace completed" neither counts twice nor re-rolls the sample.
  CREATE TABLE IF NOT EXISTS offers (trace_id TEXT PRIMARY KEY, sampled INTEGER NOT NULL, offered_at INTEGER NOT NULL);
  -- Items (or '' for the counters) whose D1 mirror is behind; drained by the alarm.
  CREATE TABLE IF NOT EXISTS outbox (trace_id TEXT PRIMARY KEY, version INTEGER NOT NULL);
`;

export const REVIEW_ORDER = "priority DESC, added_at ASC, trace_id ASC";

const SCHEMA_VERSION = 2;

/**
 * Creates the tables, and brings a queue stored by older code up to date. Returns true when the stored data predates
 * `slots` (schema version 2), so the caller must recount every item once.
 */
export function migrate(sql: SqlStorage): boolean {
  sql.exec(TABLES);
  const columns = sql.exec<{ name: string }>("SELECT name FROM pragma_table_info('items')").toArray().map((c) => c.name);
  if (!columns.includes("slots")) {
    sql.exec("ALTER TABLE items ADD COLUMN slots INTEGER NOT NULL DEFAULT 0");
    sql.exec("DROP INDEX IF EXISTS items_review_order");
  }
  sql.exec(`CREATE INDEX IF NOT EXISTS items_order ON items (${REVIEW_ORDER})`);
  sql.exec(`CREATE INDEX IF NOT EXISTS items_open ON items (${REVIEW_ORDER}) WHERE slots > 0`);
  const stored = Number(sql.exec<{ value: string }>("SELECT value FROM settings WHERE key = 'schema'").toArray()[0]?.value ?? 0);
  sql.exec("INSERT OR REPLACE INTO settings (key, value) VALUES ('schema', ?)", String(SCHEMA_VERSION));
  const hasItems = sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM items").one().n > 0;
  return stored < SCHEMA_VERSION && hasItems;
}

/**
 * Recomputes every item's slots and status from its reviews and reservations (after reviewers-per-item changes).
 * Reservations an item no longer needs are dropped first, longest-held kept, so no item ends up over-reserved.
 */
export function recountAll(sql: SqlStorage, reviewersPerItem: number): void {
  sql.exec(
    `DELETE FROM reservations WHERE rowid IN (
       SELECT held.rowid FROM (
         SELECT rowid, trace_id, ROW_NUMBER() OVER (PARTITION BY trace_id ORDER BY expires_at, reviewer_id) AS n FROM reservations
       ) AS held
       WHERE held.n > max(0, ?1 - (SELECT COUNT(*) FROM reviews r WHERE r.trace_id = held.trace_id)))`,
    reviewersPerItem,
  );
  sql.exec(
    `UPDATE items SET
       slots = max(0, ?1 - (SELECT COUNT(*) FROM reviews r WHERE r.trace_id = items.trace_id)
                         - (SELECT COUNT(*) FROM reservations s WHERE s.trace_id = items.trace_id)),
       status = CASE
         WHEN (SELECT COUNT(*) FROM reviews r WHERE r.trace_id = items.trace_id) >= ?1 THEN 'completed'
         WHEN EXISTS (SELECT 1 FROM reservations s WHERE s.trace_id = items.trace_id) THEN 'reserved'
         ELSE 'pending' END,
       completed_at = CASE
         WHEN (SELECT COUNT(*) FROM reviews r WHERE r.trace_id = items.trace_id) >= ?1
           THEN coalesce(completed_at, (SELECT max(r.completed_at) FROM reviews r WHERE r.trace_id = items.trace_id))
         ELSE NULL END`,
    reviewersPerItem,
  );
}
