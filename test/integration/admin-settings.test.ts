import { describe, expect, it } from "vitest";
import { createProjectApiKey, listApiKeys, revokeApiKey } from "../../worker/auth/api-key-admin";
import { authenticate } from "../../worker/auth/accounts";
import type { Principal } from "../../worker/auth/principal";
import { principalForSession } from "../../worker/auth/sessions";
import { ServiceError } from "../../worker/errors";
import { addProjectMember, changeMemberRole, listProjectMembers, removeMember } from "../../worker/projects/members-service";
import { createScoreConfig } from "../../worker/annotations/score-configs";
import { createAnnotation } from "../../worker/annotations/service";
import { createQueue, getQueue } from "../../worker/queues/service";
import { env } from "cloudflare:test";
import { call } from "../support/http";
import { chatTrace } from "../support/otlp";
import { createTestProject, PASSWORD, type TestProject } from "../support/project";

type UserPrincipal = Extract<Principal, { kind: "user" }>;
const admin = (p: TestProject): UserPrincipal => ({ kind: "user", userId: p.admin.id, projectId: p.projectId, role: "admin", name: "Ada Admin", email: p.admin.email });
const reviewer = (p: TestProject): UserPrincipal => ({ kind: "user", userId: p.reviewer.id, projectId: p.projectId, role: "reviewer", name: "Rui Reviewer", email: p.reviewer.email });

async function failure(work: Promise<unknown>): Promise<ServiceError> {
  const error = await work.then(() => null, (e: unknown) => e);
  if (!(error instanceof ServiceError)) throw new Error(`expected a ServiceError, got ${String(error)}`);
  return error;
}

const fieldOf = (error: ServiceError) => (error.details as { issues?: { path: string }[] } | undefined)?.issues?.map((i) => i.path);

describe("settings: members", () => {
  it("adds a new person with a first password they can log in with, or an existing account without one", async () => {
    const p = await createTestProject();
    const other = await createTestProject();
    const email = `new-${p.projectId}@example.com`;
    const short = await failure(addProjectMember(p.db, admin(p), { email, name: "Nia New", role: "reviewer", password: "short" }));
    expect(fieldOf(short)).toEqual(["password"]);
    const created = await addProjectMember(p.db, admin(p), { email, name: "Nia New", role: "reviewer", password: "a long first password" });
    expect(created.created).toBe(true);
    expect(await authenticate(p.db, email, "a long first password")).toMatchObject({ userId: created.userId, projectId: p.projectId });

    // Someone from another project joins with the account they have; their password is not touched.
    const joined = await addProjectMember(p.db, admin(p), { email: other.admin.email.toUpperCase(), name: "ignored", role: "admin" });
    expect(joined).toEqual({ userId: other.admin.id, created: false });
    expect(await authenticate(p.db, other.admin.email, PASSWORD)).not.toBeNull();
    const again = await failure(addProjectMember(p.db, admin(p), { email: other.admin.email, name: "x", role: "admin" }));
    expect(again.code).toBe("conflict");
    expect(fieldOf(again)).toEqual(["email"]);

    const listed = await listProjectMembers(p.db, admin(p));
    expect(listed.map((m) => [m.email, m.role]).sort()).toEqual(
      [[p.admin.email, "admin"], [p.reviewer.email, "reviewer"], [email.toLowerCase(), "reviewer"], [other.admin.email, "admin"]].sort(),
    );
  });

  it("never leaves a project without an admin", async () => {
    const p = await createTestProject();
    expect((await failure(changeMemberRole(p.db, admin(p), { userId: p.admin.id, role: "reviewer" }))).code).toBe("conflict");
    expect((await failure(removeMember(p.db, admin(p), p.admin.id))).code).toBe("conflict");
    await changeMemberRole(p.db, admin(p), { userId: p.reviewer.id, role: "admin" });
    await changeMemberRole(p.db, admin(p), { userId: p.admin.id, role: "reviewer" });
    const promoted: UserPrincipal = { ...reviewer(p), role: "admin" };
    const roles = Object.fromEntries((await listProjectMembers(p.db, promoted)).map((m) => [m.id, m.role]));
    expect(roles).toEqual({ [p.admin.id]: "reviewer", [p.reviewer.id]: "admin" });
  });

  it("removes access at once and drops the person's queue assignments, keeping the account", async () => {
    const p = await createTestProject();
    const cookie = await p.sessionCookieFor(p.reviewer.id);
    const token = decodeURIComponent(cookie.split("=")[1] ?? "");
    const queue = await createQueue(p.db, env, admin(p), {
      name: "Assigned", description: "", instructions: "", assigneeIds: [p.reviewer.id, p.admin.id], isLive: false,
      samplingPercent: 10, filter: null, reviewersPerItem: 1, leaseSeconds: 600, showMachineScores: false,
    });
    expect(await principalForSession(p.db, token)).not.toBeNull();
    await removeMember(p.db, admin(p), p.reviewer.id);
    expect(await principalForSession(p.db, token)).toBeNull();
    expect((await getQueue(p.db, admin(p), queue.id)).assignees.map((a) => a.id)).toEqual([p.admin.id]);
    expect((await listProjectMembers(p.db, admin(p))).map((m) => m.id)).toEqual([p.admin.id]);
  });

  it("is for admins only, and another project's members are not found", async () => {
    const p = await createTestProject();
    const other = await createTestProject();
    expect((await failure(listProjectMembers(p.db, reviewer(p)))).code).toBe("forbidden");
    expect((await failure(changeMemberRole(p.db, reviewer(p), { userId: p.reviewer.id, role: "admin" }))).code).toBe("forbidden");
    expect((await failure(removeMember(p.db, admin(p), other.reviewer.id))).code).toBe("not_found");
  });
});

describe("settings: API keys", () => {
  it("shows the secret only when the key is made; the key works until revoked", async () => {
    const p = await createTestProject();
    const created = await createProjectApiKey(p.db, admin(p), { name: "CI exporter", scope: "ingest" });
    const listed = await listApiKeys(p.db, admin(p));
    const row = listed.find((k) => k.id === created.id);
    expect(row).toMatchObject({ name: "CI exporter", scope: "ingest", revokedAt: null });
    expect(created.secret.startsWith(row?.prefix ?? "?")).toBe(true);
    expect(JSON.stringify(listed)).not.toContain(created.secret);

    expect((await call("/v1/traces", { key: created.secret, json: chatTrace().body })).status).toBe(200);

    // Revoked before this isolate ever looked it up: refused at once (a cached lookup may last 30 s, ADR 0005).
    const second = await createProjectApiKey(p.db, admin(p), { name: "short-lived", scope: "admin" });
    await revokeApiKey(p.db, admin(p), second.id);
    expect((await call("/api/v1/queues", { key: second.secret })).status).toBe(401);
    expect((await failure(revokeApiKey(p.db, admin(p), second.id))).code).toBe("not_found");
    expect((await listApiKeys(p.db, admin(p))).find((k) => k.id === second.id)?.revokedAt).toEqual(expect.any(Number));
  });

  it("validates names and scopes, and keeps keys to admins of their own project", async () => {
    const p = await createTestProject();
    const other = await createTestProject();
    const bad = await failure(createProjectApiKey(p.db, admin(p), { name: " ", scope: "root" }));
    expect(fieldOf(bad)?.sort()).toEqual(["name", "scope"]);
    expect((await failure(createProjectApiKey(p.db, reviewer(p), { name: "x", scope: "ingest" }))).code).toBe("forbidden");
    const foreign = await createProjectApiKey(other.db, admin(other), { name: "theirs", scope: "ingest" });
    expect((await failure(revokeApiKey(p.db, admin(p), foreign.id))).code).toBe("not_found");
    expect((await listApiKeys(p.db, admin(p))).some((k) => k.id === foreign.id)).toBe(false);
  });
});

describe("settings: score configs", () => {
  it("creates each type, and annotations then accept exactly the values it allows", async () => {
    const p = await createTestProject();
    const { traceId, body } = chatTrace();
    await call("/v1/traces", { key: p.ingestKey, json: body });
    const tone = await createScoreConfig(p.db, admin(p), { name: "Tone", type: "categorical", categories: ["friendly", "neutral", "rude"] });
    const quality = await createScoreConfig(p.db, admin(p), { name: "Quality", type: "numeric", minValue: 1, maxValue: 5, description: "1 to 5" });
    const correct = await createScoreConfig(p.db, admin(p), { name: "Correct", type: "boolean" });
    const annotate = (scoreConfigId: string, value: boolean | number | string) => createAnnotation(p.db, admin(p), { traceId, scoreConfigId, value });
    await expect(annotate(tone.id, "rude")).resolves.toMatchObject({ valueLabel: "rude" });
    expect((await failure(annotate(tone.id, "angry"))).code).toBe("bad_request");
    await expect(annotate(quality.id, 4.5)).resolves.toMatchObject({ valueNumber: 4.5 });
    expect((await failure(annotate(quality.id, 6))).code).toBe("bad_request");
    await expect(annotate(correct.id, false)).resolves.toMatchObject({ valueNumber: 0 });
  });

  it("says which field is wrong, and refuses a name already taken in any case", async () => {
    const p = await createTestProject();
    expect(fieldOf(await failure(createScoreConfig(p.db, admin(p), { name: "Tone", type: "categorical", categories: ["only one"] })))).toEqual(["categories"]);
    expect(fieldOf(await failure(createScoreConfig(p.db, admin(p), { name: "Tone", type: "categorical", categories: ["a", "a"] })))).toEqual(["categories"]);
    expect(fieldOf(await failure(createScoreConfig(p.db, admin(p), { name: "Range", type: "numeric", minValue: 5, maxValue: 1 })))).toEqual(["maxValue"]);
    // Every project starts with a "Verdict" config.
    const taken = await failure(createScoreConfig(p.db, admin(p), { name: "verdict", type: "boolean" }));
    expect(taken.code).toBe("conflict");
    expect(fieldOf(taken)).toEqual(["name"]);
    expect((await failure(createScoreConfig(p.db, reviewer(p), { name: "Mine", type: "boolean" }))).code).toBe("forbidden");
  });
});
