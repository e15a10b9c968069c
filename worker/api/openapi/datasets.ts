import { z } from "@hono/zod-openapi";
import type { AddDatasetItemsResult, DatasetView } from "../../datasets/service";
import { epochMs, pageOf } from "./common";
import { describes } from "./exact";

export const datasetsTag = { name: "Datasets", description: "Collections of traces with their annotations, exported as JSONL or CSV." } as const;

export const datasetSchema = describes<DatasetView>()(
  z
    .object({
      id: z.string(),
      name: z.string().openapi({ description: "Unique in the project." }),
      description: z.string(),
      createdAt: epochMs("Created"),
      itemCount: z.number().int(),
    })
    .openapi("Dataset"),
);
export const datasetPageSchema = pageOf(datasetSchema, "DatasetPage");

export const addDatasetItemsResultSchema = describes<AddDatasetItemsResult>()(
  z
    .object({
      requested: z.number().int().openapi({ description: "Distinct traces named." }),
      added: z.number().int().openapi({ description: "How many were new to the dataset." }),
      total: z.number().int().openapi({ description: "Items in the dataset afterwards." }),
    })
    .openapi("AddDatasetItemsResult"),
);

const exportLine =
  "Each item in the order it was added: the trace summary (name, times, models, tokens, cost, tags, metadata), its " +
  "conversation, and its published annotations (score, value, comment, target, issue, author). Drafts and rejected drafts are left out.";

export const exportResponses = {
  200: {
    description: `${exportLine} Streamed, so any size fits.`,
    headers: { "Content-Disposition": { description: "attachment, with a file name from the dataset's name.", schema: { type: "string" as const } } },
    content: {
      "application/x-ndjson": { schema: { type: "string" as const, description: "One JSON object per line (format=jsonl)." } },
      "text/csv": {
        schema: {
          type: "string" as const,
          description:
            "RFC 4180 CSV with a header row (format=csv); conversation, metadata and annotations are JSON in their cells. Text cells that a spreadsheet would run as a formula start with an apostrophe.",
        },
      },
    },
  },
};
