import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { apiKeys, type ApiKeyScope } from "../db/schema";
import { newId, randomToken, sha256Hex } from "./crypto";
import type { Principal } from "./principal";

const KEY_PREFIX = "aq";

export interface CreatedApiKey {
  id: string;
  name: string;
  scope: ApiKeyScope;
  /** Shown once: only its SHA-256 is stored. */
  secret: string;
}

export async function createApiKey(
  db: Database,
  input: { projectId: string; name: string; scope: ApiKeyScope; secret?: string },
): Promise<CreatedApiKey> {
  const secret = input.secret ?? `${KEY_PREFIX}_${input.scope}_${randomToken(24)}`;
  const id = newId("key");
  await db.insert(apiKeys).values({
    id,
    projectId: input.projectId,
    name: input.name,
    scope: input.scope,
    prefix: secret.slice(0, 12),
    keyHash: await sha256Hex(secret),
  });
  return { id, name: input.name, scope: input.scope, secret };
}

export async function principalForApiKey(db: Database, secret: string): Promise<Principal | null> {
  const row = await db.query.apiKeys.findFirst({
    where: and(eq(apiKeys.keyHash, await sha256Hex(secret)), isNull(apiKeys.revokedAt)),
  });
  if (!row) return null;
  return { kind: "key", keyId: row.id, projectId: row.projectId, scope: row.scope };
}
