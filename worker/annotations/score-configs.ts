import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { newId } from "../auth/crypto";
import { can, type Principal } from "../auth/principal";
import type { Database } from "../db/client";
import { scoreConfigs } from "../db/schema";
import { ServiceError } from "../errors";

// Settings › Score configs: what an annotation can score. Boolean is pass/fail, categorical one of its options,
// numeric a number within its range. Names are unique per project (case-insensitively, so "Helpful" and
// "helpful" cannot both exist and confuse reviewers).

const base = {
  name: z.string().trim().min(1, "name is required").max(120),
  description: z.string().trim().max(500).default(""),
};

export const createScoreConfigSchema = z.discriminatedUnion(
  "type",
  [
    z.object({ ...base, type: z.literal("boolean") }),
    z.object({
      ...base,
      type: z.literal("categorical"),
      categories: z
        .array(z.string().trim().min(1, "options cannot be empty").max(80))
        .min(2, "give at least two options")
        .max(20, "at most 20 options")
        .refine((list) => new Set(list).size === list.length, "options must be different"),
    }),
    z.object({ ...base, type: z.literal("numeric"), minValue: z.number({ error: "minimum must be a number" }), maxValue: z.number({ error: "maximum must be a number" }) })
      .refine((c) => c.minValue < c.maxValue, { message: "the maximum must be above the minimum", path: ["maxValue"] }),
  ],
  { error: "type is boolean, categorical or numeric" },
);
export type CreateScoreConfigInput = z.input<typeof createScoreConfigSchema>;

export async function createScoreConfig(db: Database, principal: Principal, raw: unknown) {
  if (!can(principal, "configure")) throw new ServiceError("forbidden", "only admins can create score configs");
  const parsed = createScoreConfigSchema.safeParse(raw);
  if (!parsed.success) throw ServiceError.fromZod(parsed.error, "score config");
  const input = parsed.data;
  const [clash] = await db
    .select({ id: scoreConfigs.id })
    .from(scoreConfigs)
    .where(and(eq(scoreConfigs.projectId, principal.projectId), sql`lower(${scoreConfigs.name}) = lower(${input.name})`));
  if (clash) {
    const message = `a score config named ${input.name} already exists`;
    throw new ServiceError("conflict", message, { issues: [{ path: "name", message }] });
  }
  const row = {
    id: newId("sc"),
    projectId: principal.projectId,
    name: input.name,
    type: input.type,
    description: input.description,
    categories: input.type === "categorical" ? input.categories : null,
    minValue: input.type === "numeric" ? input.minValue : null,
    maxValue: input.type === "numeric" ? input.maxValue : null,
  };
  const [created] = await db.insert(scoreConfigs).values(row).returning();
  return created!;
}
