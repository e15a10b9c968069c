import { asc, eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { members, users } from "../db/schema";

export async function listMembers(db: Database, projectId: string) {
  return db
    .select({ id: users.id, name: users.name, email: users.email, role: members.role })
    .from(members)
    .innerJoin(users, eq(users.id, members.userId))
    .where(eq(members.projectId, projectId))
    .orderBy(asc(users.name));
}
