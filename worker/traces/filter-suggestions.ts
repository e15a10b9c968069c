import { asc, eq, sql } from "drizzle-orm";
import type { Principal } from "../auth/principal";
import { classifierKeys } from "../classifiers/types";
import type { Database } from "../db/client";
import { scoreConfigs, scores } from "../db/schema";
import { requireRead } from "./service";

/** Names a filter builder offers for the flag and score fields: every classifier, and the evaluations seen so far. */
export async function filterSuggestions(db: Database, principal: Principal): Promise<{ classifiers: string[]; evaluations: string[] }> {
  requireRead(principal);
  const [seen, configs] = await Promise.all([
    db
      .selectDistinct({ evaluation: scores.evaluation })
      .from(scores)
      .where(eq(scores.projectId, principal.projectId))
      .orderBy(asc(scores.evaluation))
      .limit(200),
    db.select({ name: scoreConfigs.name }).from(scoreConfigs).where(eq(scoreConfigs.projectId, principal.projectId)).orderBy(sql`lower(${scoreConfigs.name})`),
  ]);
  const evaluations = [...new Set([...seen.map((s) => s.evaluation), ...configs.map((c) => c.name)])].sort((a, b) => a.localeCompare(b));
  return { classifiers: [...classifierKeys], evaluations };
}
