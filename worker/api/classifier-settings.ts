import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { classifierSettingsPatchSchema, getClassifierSettings, updateClassifierSettings } from "../classifiers/llm/settings";
import type { AppEnv } from "./context";
import { json, jsonBody } from "./openapi/common";
import { classifierSettingsSchema } from "./openapi/classifier-settings";
import { documented, readRouteBody } from "./openapi/define";
import { errorResponses } from "./openapi/errors";
import { tags } from "./openapi/tags";

const getRoute = createRoute({
  method: "get",
  path: "/",
  tags: [tags.settings.name],
  summary: "The LLM classifiers' cost controls and configuration",
  description: "Sampling share, daily budget, today's estimated spend, whether classification is paused, and which provider decides.",
  responses: { 200: json(classifierSettingsSchema, "The project's classifier settings."), ...errorResponses() },
});

const patchRoute = createRoute({
  method: "patch",
  path: "/",
  tags: [tags.settings.name],
  summary: "Change the LLM classifiers' sampling, budget or per-category configuration",
  description: "Admins only. A category set to null goes back to the defaults; each change gives it a new version.",
  request: { body: jsonBody(classifierSettingsPatchSchema.openapi("ClassifierSettingsPatch")) },
  responses: { 200: json(classifierSettingsSchema, "The settings after the change."), ...errorResponses(400, 413, 415) },
});

export const classifierSettingsRoutes = new OpenAPIHono<AppEnv>();
classifierSettingsRoutes
  .openapi(documented(classifierSettingsRoutes, getRoute), async (c) => c.json(await getClassifierSettings(c.get("db"), c.env, c.get("principal")), 200))
  .openapi(documented(classifierSettingsRoutes, patchRoute), async (c) => {
    const patch = await readRouteBody(c, patchRoute, "settings");
    return c.json(await updateClassifierSettings(c.get("db"), c.env, c.get("principal"), patch), 200);
  });
