import { and, eq, gt, lt, or, type Column, type SQL } from "drizzle-orm";
import { z } from "zod";
import { ServiceError } from "./errors";

// Keyset cursors: opaque to callers, stable under inserts, one index seek per page.

export const pageQuerySchema = z.object({
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Position {
  at: number;
  id: string;
}

export function encodeCursor(position: Position): string {
  return btoa(JSON.stringify([position.at, position.id])).replace(/=+$/, "");
}

export function decodeCursor(cursor: string | undefined): Position | null {
  if (!cursor) return null;
  try {
    const parsed = z.tuple([z.number(), z.string()]).parse(JSON.parse(atob(cursor)));
    return { at: parsed[0], id: parsed[1] };
  } catch {
    throw new ServiceError("bad_request", "invalid cursor: pass back the nextCursor of a previous page");
  }
}

/** Fetch limit + 1 rows; the extra one only says whether another page exists. */
export function toPage<T>(rows: T[], limit: number, positionOf: (row: T) => Position): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(positionOf(last)) : null };
}

/** The WHERE clause that continues a keyset page after `position`, for rows ordered by (at, id). */
export function keysetAfter(position: Position | null, at: Column, id: Column, order: "asc" | "desc"): SQL | undefined {
  if (!position) return undefined;
  const beyond = order === "desc" ? lt : gt;
  return or(beyond(at, position.at), and(eq(at, position.at), beyond(id, position.id)));
}
