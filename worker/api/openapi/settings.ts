import { z } from "@hono/zod-openapi";
import type { listModelPrices } from "../../traces/prices";
import { describes } from "./exact";

export const modelPriceSchema = describes<Awaited<ReturnType<typeof listModelPrices>>[number]>()(
  z
    .object({
      model: z.string(),
      inputPerMillion: z.number().openapi({ description: "USD per million input tokens." }),
      outputPerMillion: z.number().openapi({ description: "USD per million output tokens." }),
      source: z.enum(["project", "default"]).openapi({ description: "The project's own price, or the built-in one." }),
    })
    .openapi("ModelPrice"),
);
