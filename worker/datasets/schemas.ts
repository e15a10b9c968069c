import { z } from "zod";
import { pageQuerySchema } from "../pagination";

const traceId = z.string().regex(/^[0-9a-f]{32}$/, "trace ids are 32 lowercase hex characters");

export const createDatasetSchema = z.object({
  name: z.string().trim().min(1, "give the dataset a name").max(200),
  description: z.string().max(20_000).default(""),
});
export type CreateDatasetInput = z.input<typeof createDatasetSchema>;

export const addDatasetItemsSchema = z.object({
  traceIds: z.array(traceId).min(1, "name at least one trace").max(500, "add at most 500 traces per request"),
});
export type AddDatasetItemsInput = z.input<typeof addDatasetItemsSchema>;

export const listDatasetsQuerySchema = pageQuerySchema.extend({
  // Narrows by name, for pickers; matched case-insensitively anywhere in the name.
  q: z.string().trim().max(200).optional(),
});
export type ListDatasetsQuery = z.input<typeof listDatasetsQuerySchema>;

export const exportFormats = ["jsonl", "csv"] as const;
export type ExportFormat = (typeof exportFormats)[number];
export const exportQuerySchema = z.object({ format: z.enum(exportFormats).default("jsonl") });
