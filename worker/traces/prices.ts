import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { can, type Principal } from "../auth/principal";
import type { Database } from "../db/client";
import { modelPrices } from "../db/schema";
import { ServiceError } from "../errors";
import { DEFAULT_PRICES, normalizeModel, type ModelPrice } from "./pricing";

export const modelPriceSchema = z.object({
  inputPerMillion: z.number().min(0).max(10_000),
  outputPerMillion: z.number().min(0).max(10_000),
});

/** The built-in table with the project's own prices laid over it. */
export async function pricesForProject(db: Database, projectId: string): Promise<Record<string, ModelPrice>> {
  const rows = await db.select().from(modelPrices).where(eq(modelPrices.projectId, projectId));
  return { ...DEFAULT_PRICES, ...Object.fromEntries(rows.map((r) => [r.model, { inputPerMillion: r.inputPerMillion, outputPerMillion: r.outputPerMillion }])) };
}

export async function listModelPrices(db: Database, principal: Principal) {
  if (!can(principal, "read")) throw new ServiceError("forbidden", "this key may only ingest traces");
  const own = await db.select().from(modelPrices).where(eq(modelPrices.projectId, principal.projectId));
  const ownModels = new Set(own.map((r) => r.model));
  return [
    ...own.map((r) => ({ model: r.model, inputPerMillion: r.inputPerMillion, outputPerMillion: r.outputPerMillion, source: "project" as const })),
    ...Object.entries(DEFAULT_PRICES)
      .filter(([model]) => !ownModels.has(model))
      .map(([model, price]) => ({ model, ...price, source: "default" as const })),
  ].sort((a, b) => a.model.localeCompare(b.model));
}

export async function setModelPrice(db: Database, principal: Principal, model: string, price: ModelPrice) {
  if (!can(principal, "configure")) throw new ServiceError("forbidden", "only admins can change model prices");
  const name = normalizeModel(model);
  if (!name) throw new ServiceError("bad_request", "model name is empty");
  await db
    .insert(modelPrices)
    .values({ projectId: principal.projectId, model: name, ...price, updatedAt: Date.now() })
    .onConflictDoUpdate({ target: [modelPrices.projectId, modelPrices.model], set: { ...price, updatedAt: Date.now() } });
  return { model: name, ...price, source: "project" as const };
}

export async function resetModelPrice(db: Database, principal: Principal, model: string) {
  if (!can(principal, "configure")) throw new ServiceError("forbidden", "only admins can change model prices");
  await db.delete(modelPrices).where(and(eq(modelPrices.projectId, principal.projectId), eq(modelPrices.model, normalizeModel(model))));
}
