import type { ApiKeyScope, Role } from "../db/schema";

/** Who is calling: a signed-in person or a project API key. Every service call is scoped by projectId. */
export type Principal =
  | { kind: "user"; userId: string; projectId: string; role: Role; name: string; email: string }
  | { kind: "key"; keyId: string; projectId: string; scope: ApiKeyScope };

export type Permission = "ingest" | "read" | "review" | "configure";

const rolePermissions: Record<Role, readonly Permission[]> = {
  admin: ["ingest", "read", "review", "configure"],
  reviewer: ["read", "review"],
};

const scopePermissions: Record<ApiKeyScope, readonly Permission[]> = {
  ingest: ["ingest"],
  admin: ["ingest", "read", "review", "configure"],
};

export function can(principal: Principal, permission: Permission): boolean {
  const granted = principal.kind === "user" ? rolePermissions[principal.role] : scopePermissions[principal.scope];
  return granted.includes(permission);
}

/** The id under which a principal reviews: keys review under their own id so leases stay per caller. */
export function reviewerId(principal: Principal): string {
  return principal.kind === "user" ? principal.userId : `key:${principal.keyId}`;
}
