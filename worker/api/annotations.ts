import { Hono } from "hono";
import { z } from "zod";
import { createAnnotation, createAnnotationSchema, listAnnotations, listScoreConfigs } from "../annotations/service";
import { readJson, readQuery, type AppEnv } from "./context";

export const annotationRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const { traceId } = readQuery(c, z.object({ traceId: z.string().min(1) }));
    return c.json({ items: await listAnnotations(c.get("db"), c.get("principal"), traceId) });
  })
  .post("/", async (c) => {
    const input = await readJson(c, createAnnotationSchema, "annotation");
    return c.json(await createAnnotation(c.get("db"), c.get("principal"), input), 201);
  });

export const scoreConfigRoutes = new Hono<AppEnv>().get("/", async (c) =>
  c.json({ items: await listScoreConfigs(c.get("db"), c.get("principal")) }),
);
