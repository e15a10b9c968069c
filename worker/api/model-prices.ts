import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { listModelPrices, modelPriceSchema as priceInputSchema, resetModelPrice, setModelPrice } from "../traces/prices";
import type { AppEnv } from "./context";
import { json, jsonBody, listOf } from "./openapi/common";
import { documented, readRouteBody } from "./openapi/define";
import { errorResponses } from "./openapi/errors";
import { modelPriceSchema } from "./openapi/settings";
import { tags } from "./openapi/tags";

const params = z.object({
  model: z.string().openapi({ param: { name: "model", in: "path" }, description: "The model name, URL-encoded; matched case-insensitively." }),
});

const listRoute = createRoute({
  method: "get",
  path: "/",
  tags: [tags.settings.name],
  summary: "List model prices: the project's own and the built-in ones",
  description: "Used to price traces that arrive without a cost.",
  responses: { 200: json(listOf(modelPriceSchema, "ModelPriceList"), "Every known model's price."), ...errorResponses() },
});

const setRoute = createRoute({
  method: "put",
  path: "/{model}",
  tags: [tags.settings.name],
  summary: "Set the project's price for a model",
  description: "Admins only.",
  request: { params, body: jsonBody(priceInputSchema.openapi("SetModelPrice")) },
  responses: { 200: json(modelPriceSchema, "The stored price."), ...errorResponses(400, 413, 415) },
});

const resetRoute = createRoute({
  method: "delete",
  path: "/{model}",
  tags: [tags.settings.name],
  summary: "Drop the project's price for a model, back to the built-in one",
  description: "Admins only.",
  request: { params },
  responses: { 204: { description: "Reset." }, ...errorResponses() },
});

export const modelPriceRoutes = new OpenAPIHono<AppEnv>();
modelPriceRoutes
  .openapi(documented(modelPriceRoutes, listRoute), async (c) => c.json({ items: await listModelPrices(c.get("db"), c.get("principal")) }, 200))
  .openapi(documented(modelPriceRoutes, setRoute), async (c) => {
    const price = await readRouteBody(c, setRoute, "price");
    return c.json(await setModelPrice(c.get("db"), c.get("principal"), decodeURIComponent(c.req.param("model")), price), 200);
  })
  .openapi(documented(modelPriceRoutes, resetRoute), async (c) => {
    await resetModelPrice(c.get("db"), c.get("principal"), decodeURIComponent(c.req.param("model")));
    return c.body(null, 204);
  });
