import { getTableColumns, type Table } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

export function database(d1: D1Database) {
  return drizzle(d1, { schema });
}
export type Database = ReturnType<typeof database>;

/** D1 caps bound parameters at 100 per statement: chunk multi-row inserts by this many columns. */
export function rowsPerStatement(columnsPerRow: number): number {
  return Math.max(1, Math.floor(100 / columnsPerRow));
}

/** Rows per multi-row insert into `table`: such inserts bind every column of every row, defaults included. */
export function rowsPerInsert(table: Table): number {
  return rowsPerStatement(Object.keys(getTableColumns(table)).length);
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
