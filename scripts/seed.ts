import { and, eq } from "drizzle-orm";
import { getPlatformProxy } from "wrangler";
import { addMember, createUser } from "../worker/auth/accounts";
import { createApiKey } from "../worker/auth/api-keys";
import { database, type Database } from "../worker/db/client";
import { apiKeys, classifierSettings, members, users } from "../worker/db/schema";
import { createOrganization, createProject } from "../worker/projects/provision";

export const DEMO_PASSWORD = "demo-password";
export const DEMO_ADMIN = { email: "admin@example.com", name: "Ada Admin" };
export const DEMO_REVIEWER = { email: "reviewer@example.com", name: "Rui Reviewer" };

export interface DemoAccounts {
  projectId: string;
  reviewerId: string;
  ingestKey: string;
  adminKey: string;
}

/**
 * Creates the demo organization, project and accounts once, and fresh demo API keys on every run (a key's secret
 * is shown only when made, so the previous run's demo keys are revoked rather than recovered).
 */
export function seedDemo(persistTo: string): Promise<DemoAccounts> {
  return withLocalDatabase(persistTo, async (db) => {
    let admin = await db.query.users.findFirst({ where: eq(users.email, DEMO_ADMIN.email) });
    let projectId: string;
    if (admin) {
      const membership = await db.query.members.findFirst({ where: eq(members.userId, admin.id) });
      projectId = membership!.projectId;
    } else {
      const organizationId = await createOrganization(db, "Acme Inc.");
      projectId = await createProject(db, { organizationId, name: "Support assistant" });
      await addMember(db, projectId, await createUser(db, { ...DEMO_ADMIN, password: DEMO_PASSWORD }), "admin");
      await addMember(db, projectId, await createUser(db, { ...DEMO_REVIEWER, password: DEMO_PASSWORD }), "reviewer");
      admin = await db.query.users.findFirst({ where: eq(users.email, DEMO_ADMIN.email) });
      // A demo should show every system queue at work: the LLM classifiers look at every trace, not a sample.
      await db.insert(classifierSettings).values({ projectId, llmSamplingPercent: 100, updatedAt: Date.now() }).onConflictDoNothing();
    }
    const reviewer = await db.query.users.findFirst({ where: eq(users.email, DEMO_REVIEWER.email) });
    await db.update(apiKeys).set({ revokedAt: Date.now() }).where(and(eq(apiKeys.projectId, projectId), eq(apiKeys.name, "demo")));
    const ingest = await createApiKey(db, { projectId, name: "demo", scope: "ingest" });
    const adminKey = await createApiKey(db, { projectId, name: "demo", scope: "admin" });
    return { projectId, reviewerId: reviewer!.id, ingestKey: ingest.secret, adminKey: adminKey.secret };
  });
}

/** The local D1 that `wrangler dev --persist-to persistTo` uses, opened from Node while the app is not running. */
export async function withLocalDatabase<T>(persistTo: string, work: (db: Database) => Promise<T>): Promise<T> {
  const proxy = await getPlatformProxy<Env>({ persist: { path: `${persistTo}/v3` }, remoteBindings: false });
  try {
    return await work(database(proxy.env.DB));
  } finally {
    await proxy.dispose();
  }
}
