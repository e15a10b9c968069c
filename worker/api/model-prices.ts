import { Hono } from "hono";
import { listModelPrices, modelPriceSchema, resetModelPrice, setModelPrice } from "../traces/prices";
import { readJson, type AppEnv } from "./context";

export const modelPriceRoutes = new Hono<AppEnv>()
  .get("/", async (c) => c.json({ items: await listModelPrices(c.get("db"), c.get("principal")) }))
  .put("/:model", async (c) => {
    const price = await readJson(c, modelPriceSchema, "price");
    return c.json(await setModelPrice(c.get("db"), c.get("principal"), decodeURIComponent(c.req.param("model")), price));
  })
  .delete("/:model", async (c) => {
    await resetModelPrice(c.get("db"), c.get("principal"), decodeURIComponent(c.req.param("model")));
    return c.body(null, 204);
  });
