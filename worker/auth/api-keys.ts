import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { apiKeys, type ApiKeyScope } from "../db/schema";
import { newId, randomToken, sha256Hex } from "./crypto";
import { IsolateCache } from "../isolate-cache";
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

// Exporters send a request every few seconds with the same key: looking it up once per isolate every 30 s takes a
// D1 round trip off most ingest requests. The price: a revoked key keeps working for up to 30 s (ADR 0005).
const API_KEY_CACHE_SECONDS = 30;
const keyCache = new IsolateCache<Principal | null>(API_KEY_CACHE_SECONDS * 1000);

export async function principalForApiKey(db: Database, secret: string): Promise<Principal | null> {
  const keyHash = await sha256Hex(secret);
  return keyCache.get(keyHash, async () => {
    const row = await db.query.apiKeys.findFirst({ where: and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)) });
    return row ? { kind: "key", keyId: row.id, projectId: row.projectId, scope: row.scope } : null;
  });
}
