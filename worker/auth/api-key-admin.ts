import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../db/client";
import { apiKeys, apiKeyScopes } from "../db/schema";
import { ServiceError } from "../errors";
import { createApiKey, type CreatedApiKey } from "./api-keys";
import { can, type Principal } from "./principal";

// Settings › API keys. The secret exists only in the answer to `createProjectApiKey`: the table keeps its
// SHA-256 and a short prefix to recognise it by. A revoked key may keep working for up to 30 s in isolates that
// cached it (ADR 0005).

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1, "name is required").max(120),
  scope: z.enum(apiKeyScopes),
});

function requireAdmin(principal: Principal): void {
  if (!can(principal, "configure")) throw new ServiceError("forbidden", "only admins can manage API keys");
}

export interface ApiKeyView {
  id: string;
  name: string;
  scope: (typeof apiKeyScopes)[number];
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export async function listApiKeys(db: Database, principal: Principal): Promise<ApiKeyView[]> {
  requireAdmin(principal);
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      scope: apiKeys.scope,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.projectId, principal.projectId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}

export async function createProjectApiKey(db: Database, principal: Principal, raw: unknown): Promise<CreatedApiKey> {
  requireAdmin(principal);
  const parsed = createApiKeySchema.safeParse(raw);
  if (!parsed.success) throw ServiceError.fromZod(parsed.error, "API key");
  return createApiKey(db, { projectId: principal.projectId, ...parsed.data });
}

export async function revokeApiKey(db: Database, principal: Principal, keyId: string, now = Date.now()): Promise<void> {
  requireAdmin(principal);
  const revoked = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.projectId, principal.projectId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  if (revoked.length === 0) throw new ServiceError("not_found", "no such active API key in this project");
}
