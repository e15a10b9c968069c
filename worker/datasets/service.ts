import { and, desc, eq, sql } from "drizzle-orm";
import { newId } from "../auth/crypto";
import type { Principal } from "../auth/principal";
import { chunk, rowsPerStatement, type Database } from "../db/client";
import { datasetItems, datasets } from "../db/schema";
import { ServiceError } from "../errors";
import { requireReview } from "../issues/service";
import { decodeCursor, keysetAfter, toPage, type Page } from "../pagination";
import { existingTraceIds, requireRead } from "../traces/service";
import {
  addDatasetItemsSchema,
  createDatasetSchema,
  listDatasetsQuerySchema,
  type AddDatasetItemsInput,
  type CreateDatasetInput,
  type ListDatasetsQuery,
} from "./schemas";

// Datasets: named collections of traces (with their annotations) that teams export for evals and fine-tuning.

export interface DatasetView {
  id: string;
  name: string;
  description: string;
  createdAt: number;
  itemCount: number;
}

// Written out by hand: drizzle leaves column names unqualified inside sql``, which a correlated subquery misreads.
const itemCount = sql<number>`(SELECT count(*) FROM dataset_items i WHERE i.dataset_id = datasets.id)`;
const datasetColumns = { id: datasets.id, name: datasets.name, description: datasets.description, createdAt: datasets.createdAt, itemCount };

export async function createDataset(db: Database, principal: Principal, raw: CreateDatasetInput): Promise<DatasetView> {
  requireReview(principal, "create datasets");
  const parsed = createDatasetSchema.safeParse(raw);
  if (!parsed.success) throw ServiceError.fromZod(parsed.error, "dataset");
  const { name, description } = parsed.data;
  const row = { id: newId("ds"), projectId: principal.projectId, name, description, createdAt: Date.now() };
  // The unique index on (project, name) settles a race; the read only lets the usual case answer politely.
  const [taken] = await db.select({ id: datasets.id }).from(datasets).where(and(eq(datasets.projectId, principal.projectId), eq(datasets.name, name)));
  if (taken) throw new ServiceError("conflict", `a dataset named "${name}" already exists`, { datasetId: taken.id });
  try {
    await db.insert(datasets).values(row);
  } catch (error) {
    if (String(error).includes("UNIQUE")) throw new ServiceError("conflict", `a dataset named "${name}" already exists`);
    throw error;
  }
  return { id: row.id, name, description, createdAt: row.createdAt, itemCount: 0 };
}

/** Newest first. */
export async function listDatasets(db: Database, principal: Principal, raw: ListDatasetsQuery): Promise<Page<DatasetView>> {
  requireRead(principal);
  const parsed = listDatasetsQuerySchema.safeParse(raw);
  if (!parsed.success) throw ServiceError.fromZod(parsed.error, "query");
  const query = parsed.data;
  const rows = await db
    .select(datasetColumns)
    .from(datasets)
    .where(
      and(
        eq(datasets.projectId, principal.projectId),
        query.q ? sql`instr(lower(${datasets.name}), lower(${query.q})) > 0` : undefined,
        keysetAfter(decodeCursor(query.cursor), datasets.createdAt, datasets.id, "desc"),
      ),
    )
    .orderBy(desc(datasets.createdAt), desc(datasets.id))
    .limit(query.limit + 1);
  return toPage(rows, query.limit, (row) => ({ at: row.createdAt, id: row.id }));
}

export async function getDataset(db: Database, principal: Principal, datasetId: string): Promise<DatasetView> {
  requireRead(principal);
  const [found] = await db.select(datasetColumns).from(datasets).where(and(eq(datasets.projectId, principal.projectId), eq(datasets.id, datasetId)));
  // Another project's dataset answers exactly like a missing one.
  if (!found) throw new ServiceError("not_found", `dataset ${datasetId} not found`);
  return found;
}

export interface AddDatasetItemsResult {
  requested: number;
  /** How many of them were new to the dataset. */
  added: number;
  total: number;
}

/** Adds traces to a dataset; adding one twice is a no-op. Every trace must exist in the project, or nothing is added. */
export async function addDatasetItems(db: Database, principal: Principal, datasetId: string, raw: AddDatasetItemsInput): Promise<AddDatasetItemsResult> {
  requireReview(principal, "add to datasets");
  const parsed = addDatasetItemsSchema.safeParse(raw);
  if (!parsed.success) throw ServiceError.fromZod(parsed.error, "body");
  await getDataset(db, principal, datasetId);
  const ids = [...new Set(parsed.data.traceIds)];
  const found = await existingTraceIds(db, principal.projectId, ids);
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) throw new ServiceError("not_found", `${missing.length} trace(s) not found in this project`, { missing: missing.slice(0, 20) });
  const addedBy = principal.kind === "user" ? principal.userId : `key:${principal.keyId}`;
  const now = Date.now();
  const rows = ids.map((traceId) => ({ datasetId, traceId, addedBy, createdAt: now }));
  const [first, ...rest] = chunk(rows, rowsPerStatement(4)).map((part) => db.insert(datasetItems).values(part).onConflictDoNothing());
  const results = first ? await db.batch([first, ...rest]) : [];
  const added = results.reduce((sum, result) => sum + result.meta.changes, 0);
  const after = await getDataset(db, principal, datasetId);
  return { requested: ids.length, added, total: after.itemCount };
}

/** Which of the given datasets already hold the trace: the review screen ticks them. */
export async function datasetsHoldingTrace(db: Database, principal: Principal, traceId: string): Promise<string[]> {
  requireRead(principal);
  const rows = await db
    .select({ id: datasetItems.datasetId })
    .from(datasetItems)
    .innerJoin(datasets, eq(datasets.id, datasetItems.datasetId))
    .where(and(eq(datasets.projectId, principal.projectId), eq(datasetItems.traceId, traceId)));
  return rows.map((row) => row.id);
}

