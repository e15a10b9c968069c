import type { Database } from "../db/client";
import { organizations, projects, scoreConfigs } from "../db/schema";
import { newId } from "../auth/crypto";
import { systemQueueStatements } from "./system-queues";

/** The score config every project starts with, used by the review screen's pass/fail verdict. */
export const VERDICT_SCORE = "Verdict";

export async function createOrganization(db: Database, name: string): Promise<string> {
  const id = newId("org");
  await db.insert(organizations).values({ id, name });
  return id;
}

export async function createProject(db: Database, input: { organizationId: string; name: string }): Promise<string> {
  const id = newId("prj");
  await db.batch([
    db.insert(projects).values({ id, organizationId: input.organizationId, name: input.name }),
    db.insert(scoreConfigs).values({
      id: newId("sc"),
      projectId: id,
      name: VERDICT_SCORE,
      type: "boolean",
      description: "Does the trace pass review?",
    }),
    // The queues' Durable Objects are configured on first use (ensureSystemQueues), which needs no env here.
    ...systemQueueStatements(db, id),
  ]);
  return id;
}
