import { z } from "@hono/zod-openapi";
import type { postScores } from "../../scores/service";
import { describes } from "./exact";

export const postedScoresSchema = describes<Awaited<ReturnType<typeof postScores>>>()(
  z
    .object({
      written: z.number().int(),
      items: z.array(
        z.object({
          traceId: z.string(),
          evaluation: z.string(),
          scoreConfigId: z.string().nullable(),
          valueNumber: z.number().nullable().openapi({ description: "Boolean (pass = 1) and numeric scores." }),
          valueLabel: z.string().nullable().openapi({ description: "Categorical scores." }),
        }),
      ),
    })
    .openapi("PostedScores"),
);
