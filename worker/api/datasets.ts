import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { exportDataset } from "../datasets/export";
import { addDatasetItemsSchema, createDatasetSchema, exportQuerySchema, listDatasetsQuerySchema } from "../datasets/schemas";
import { addDatasetItems, createDataset, listDatasets } from "../datasets/service";
import type { AppEnv } from "./context";
import { json, jsonBody } from "./openapi/common";
import { addDatasetItemsResultSchema, datasetPageSchema, datasetSchema, datasetsTag, exportResponses } from "./openapi/datasets";
import { documented, readRouteBody, readRouteQuery } from "./openapi/define";
import { errorResponses } from "./openapi/errors";

const params = z.object({ datasetId: z.string().openapi({ param: { name: "datasetId", in: "path" }, description: "The dataset's id." }) });

const listDatasetsRoute = createRoute({
  method: "get",
  path: "/",
  tags: [datasetsTag.name],
  summary: "List datasets, newest first, with their sizes",
  description: "`q` keeps names containing it (case-insensitive).",
  request: { query: listDatasetsQuerySchema },
  responses: { 200: json(datasetPageSchema, "A page of datasets."), ...errorResponses(400) },
});

const createDatasetRoute = createRoute({
  method: "post",
  path: "/",
  tags: [datasetsTag.name],
  summary: "Create a dataset",
  description: "Reviewers and admins. Names are unique in a project: a taken one answers 409.",
  request: { body: jsonBody(createDatasetSchema.openapi("CreateDataset")) },
  responses: { 201: json(datasetSchema, "The new, empty dataset."), ...errorResponses(400, 409, 413, 415) },
});

const addItemsRoute = createRoute({
  method: "post",
  path: "/{datasetId}/items",
  tags: [datasetsTag.name],
  summary: "Add traces to a dataset",
  description: "Up to 500 trace ids. Adding a trace twice is a no-op; an unknown trace adds nothing and answers 404 naming it.",
  request: { params, body: jsonBody(addDatasetItemsSchema.openapi("AddDatasetItems")) },
  responses: { 200: json(addDatasetItemsResultSchema, "What was added."), ...errorResponses(400, 404, 413, 415) },
});

const exportRoute = createRoute({
  method: "get",
  path: "/{datasetId}/export",
  tags: [datasetsTag.name],
  summary: "Export a dataset as JSONL or CSV",
  request: { params, query: exportQuerySchema },
  responses: { ...exportResponses, ...errorResponses(400, 404) },
});

export const datasetRoutes = new OpenAPIHono<AppEnv>();
datasetRoutes
  .openapi(documented(datasetRoutes, listDatasetsRoute), async (c) =>
    c.json(await listDatasets(c.get("db"), c.get("principal"), readRouteQuery(c, listDatasetsRoute)), 200),
  )
  .openapi(documented(datasetRoutes, createDatasetRoute), async (c) => {
    const input = await readRouteBody(c, createDatasetRoute, "dataset");
    return c.json(await createDataset(c.get("db"), c.get("principal"), input), 201);
  })
  .openapi(documented(datasetRoutes, addItemsRoute), async (c) => {
    const input = await readRouteBody(c, addItemsRoute, "body");
    return c.json(await addDatasetItems(c.get("db"), c.get("principal"), c.req.param("datasetId"), input), 200);
  })
  .openapi(documented(datasetRoutes, exportRoute), async (c) => {
    const { format } = readRouteQuery(c, exportRoute);
    return datasetDownload(await exportDataset(c.get("db"), c.get("principal"), c.req.param("datasetId"), format));
  });

/** The streamed export as a file download; shared with the web app's export link. */
export function datasetDownload(file: { filename: string; contentType: string; body: ReadableStream<Uint8Array> }): Response {
  return new Response(file.body, {
    status: 200,
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
