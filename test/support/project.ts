import { env } from "cloudflare:test";
import { addMember, createUser } from "../../worker/auth/accounts";
import { createApiKey } from "../../worker/auth/api-keys";
import { randomToken } from "../../worker/auth/crypto";
import { createSession } from "../../worker/auth/sessions";
import { database } from "../../worker/db/client";
import { createOrganization, createProject } from "../../worker/projects/provision";

export const PASSWORD = "correct horse battery";

/** A fresh organization and project with an admin, a reviewer and keys: tests never share state. */
export async function createTestProject() {
  const db = database(env.DB);
  const tag = randomToken(6).toLowerCase();
  const organizationId = await createOrganization(db, `Org ${tag}`);
  const projectId = await createProject(db, { organizationId, name: `Project ${tag}` });
  const adminEmail = `admin-${tag}@example.com`;
  const reviewerEmail = `reviewer-${tag}@example.com`;
  const adminId = await createUser(db, { email: adminEmail, name: "Ada Admin", password: PASSWORD });
  const reviewerId = await createUser(db, { email: reviewerEmail, name: "Rui Reviewer", password: PASSWORD });
  await addMember(db, projectId, adminId, "admin");
  await addMember(db, projectId, reviewerId, "reviewer");
  const ingestKey = await createApiKey(db, { projectId, name: "ingest", scope: "ingest" });
  const adminKey = await createApiKey(db, { projectId, name: "admin", scope: "admin" });
  return {
    db,
    projectId,
    admin: { id: adminId, email: adminEmail },
    reviewer: { id: reviewerId, email: reviewerEmail },
    ingestKey: ingestKey.secret,
    adminKey: adminKey.secret,
    sessionCookieFor: async (userId: string) => `aq_session=${await createSession(db, userId, projectId)}`,
  };
}
export type TestProject = Awaited<ReturnType<typeof createTestProject>>;
