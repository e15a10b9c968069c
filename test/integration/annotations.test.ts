import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { humanVerdict } from "../../worker/annotations/service";
import { annotations, issues } from "../../worker/db/schema";
import { call as callWorker } from "../support/http";
import { createTestProject, type TestProject } from "../support/project";
import { callReviewApi as call, reviewApi } from "../support/review-api";
import { ingestConversations, insertDraft, insertScoreConfig, simpleChat, text } from "../support/review-fixtures";

interface Annotation {
  id: string;
  status: string;
  source: string;
  authorId: string | null;
  authorName: string | null;
  scoreName: string | null;
  valueNumber: number | null;
  valueLabel: string | null;
  comment: string;
  issueId: string | null;
  issueTitle: string | null;
  target: unknown;
}
type ErrorBody = { error: { code: string; message: string } };

let project: TestProject;
let reviewer: string;
let admin: string;
let traceId: string;
let toolTraceId: string;
const configs: Record<"verdict" | "tone" | "helpfulness", string> = { verdict: "", tone: "", helpfulness: "" };

beforeAll(async () => {
  project = await createTestProject();
  reviewer = await project.sessionCookieFor(project.reviewer.id);
  admin = await project.sessionCookieFor(project.admin.id);
  [traceId, toolTraceId] = (await ingestConversations(project, [
    simpleChat("Where is my order #1234?", "It ships **tomorrow**."),
    [
      { role: "user", parts: [text("Look up order 7.")] },
      { role: "assistant", parts: [{ type: "tool_call", id: "c1", name: "lookup_order", arguments: { id: 7 } }] },
      { role: "tool", parts: [{ type: "tool_result", id: "c1", result: "shipped" }] },
      { role: "assistant", parts: [text("Order 7 has shipped.")] },
    ],
  ])) as [string, string];
  const list = await callWorker<{ items: { id: string; name: string }[] }>("/api/v1/score-configs", { key: project.adminKey });
  configs.verdict = list.body.items.find((c) => c.name === "Verdict")!.id;
  configs.tone = await insertScoreConfig(project.db, project.projectId, { name: "Tone", type: "categorical", categories: ["friendly", "neutral", "rude"] });
  configs.helpfulness = await insertScoreConfig(project.db, project.projectId, { name: "Helpfulness", type: "numeric", minValue: 1, maxValue: 5 });
});

const annotate = (body: Record<string, unknown>, cookie = reviewer) => call<Annotation & ErrorBody>("/api/v1/annotations", { cookie, json: { traceId, ...body } });
const listFor = async (id = traceId) => (await call<{ items: Annotation[] }>(`/api/v1/annotations?traceId=${id}`, { cookie: reviewer })).body.items;
const humanVerdictCount = async (id: string) =>
  (await project.db.select({ n: count() }).from(annotations).where(and(eq(annotations.traceId, id), humanVerdict)))[0]?.n;

describe("scores of every config type", () => {
  it("stores pass/fail, a category and a number, each in its column", async () => {
    expect((await annotate({ scoreConfigId: configs.verdict, value: false })).status).toBe(201);
    expect((await annotate({ scoreConfigId: configs.tone, value: "rude" })).status).toBe(201);
    expect((await annotate({ scoreConfigId: configs.helpfulness, value: 4.5 })).status).toBe(201);
    const stored = (await listFor()).map((a) => [a.scoreName, a.valueNumber, a.valueLabel]);
    expect(stored).toEqual(expect.arrayContaining([["Verdict", 0, null], ["Tone", null, "rude"], ["Helpfulness", 4.5, null]]));
  });

  it("refuses values that do not fit the config, saying what would", async () => {
    const cases: [string, unknown, string][] = [
      [configs.verdict, "pass", "true (pass) or false (fail)"],
      [configs.tone, "angry", "friendly, neutral, rude"],
      [configs.tone, 1, "friendly, neutral, rude"],
      [configs.helpfulness, 6, "from 1 to 5"],
      [configs.helpfulness, "4", "from 1 to 5"],
    ];
    for (const [scoreConfigId, value, hint] of cases) {
      const res = await annotate({ scoreConfigId, value });
      expect({ value, status: res.status }).toEqual({ value, status: 400 });
      expect(res.body.error.message).toContain(hint);
    }
  });
});

describe("targets", () => {
  it("annotates a message or a text range that exists", async () => {
    const range = { level: "range", messageIndex: 1, partIndex: 0, start: 3, end: 8 };
    expect((await annotate({ scoreConfigId: configs.verdict, value: true, target: { level: "message", messageIndex: 1 } })).status).toBe(201);
    const created = await annotate({ scoreConfigId: configs.verdict, value: false, target: range, comment: "vague" });
    expect(created.status).toBe(201);
    expect((await listFor()).find((a) => a.id === created.body.id)?.target).toEqual(range);
  });

  it("refuses targets the conversation does not have", async () => {
    const bad = [
      { level: "message", messageIndex: 9 },
      { level: "range", messageIndex: 0, partIndex: 0, start: 5, end: 99 },
      { level: "range", messageIndex: 0, partIndex: 0, start: 5, end: 5 },
      { level: "range", messageIndex: 0, partIndex: 3, start: 0, end: 1 },
    ];
    for (const target of bad) expect((await annotate({ scoreConfigId: configs.verdict, value: true, target })).status).toBe(400);
    const toolCall = { level: "range", messageIndex: 1, partIndex: 0, start: 0, end: 2 };
    const res = await call<ErrorBody>("/api/v1/annotations", { cookie: reviewer, json: { traceId: toolTraceId, scoreConfigId: configs.verdict, value: true, target: toolCall } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("no text");
  });
});

describe("issue links", () => {
  it("links to an existing issue, or files a new one together with the annotation", async () => {
    const issue = await call<{ id: string }>("/api/v1/issues", { cookie: reviewer, json: { title: "Ship dates wrong" } });
    const linked = await annotate({ scoreConfigId: configs.verdict, value: false, issueId: issue.body.id });
    expect(linked.body.issueId).toBe(issue.body.id);
    const filed = await annotate({ scoreConfigId: configs.verdict, value: false, newIssue: { title: "Promises refunds" } });
    expect(filed.status).toBe(201);
    const row = (await listFor()).find((a) => a.id === filed.body.id);
    expect(row).toMatchObject({ issueId: filed.body.issueId, issueTitle: "Promises refunds" });
  });

  it("files no issue when the annotation is refused, and refuses another project's issue", async () => {
    const before = await project.db.select({ n: count() }).from(issues).where(eq(issues.projectId, project.projectId));
    expect((await annotate({ scoreConfigId: configs.helpfulness, value: 99, newIssue: { title: "Orphan" } })).status).toBe(400);
    expect((await annotate({ scoreConfigId: configs.verdict, value: true, issueId: "iss_x", newIssue: { title: "Both" } })).status).toBe(400);
    const after = await project.db.select({ n: count() }).from(issues).where(eq(issues.projectId, project.projectId));
    expect(after).toEqual(before);
    const other = await createTestProject();
    const foreign = await call<{ id: string }>("/api/v1/issues", { key: other.adminKey, json: { title: "Theirs" } });
    expect((await annotate({ scoreConfigId: configs.verdict, value: true, issueId: foreign.body.id })).status).toBe(404);
  });
});

describe("classifier drafts", () => {
  it("never count as human verdicts until a reviewer accepts them, who then stands behind them", async () => {
    const [fresh] = await ingestConversations(project, [simpleChat()]);
    const draft = await insertDraft(project.db, project.projectId, fresh!, { scoreConfigId: configs.verdict, valueNumber: 0, comment: "Refusal detected" });
    expect(await humanVerdictCount(fresh!)).toBe(0);
    const accepted = await call<Annotation>(`/api/v1/annotations/${draft}/accept`, { cookie: reviewer, json: {} });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: "published", source: "human", authorId: project.reviewer.id, valueNumber: 0, comment: "Refusal detected" });
    expect(await humanVerdictCount(fresh!)).toBe(1);
    expect((await call(`/api/v1/annotations/${draft}/accept`, { cookie: reviewer, json: {} })).status).toBe(409);
    expect((await call(`/api/v1/annotations/${draft}/reject`, { cookie: reviewer, method: "POST" })).status).toBe(409);
  });

  it("accepts a draft with edits: a new value, comment and issue", async () => {
    const draft = await insertDraft(project.db, project.projectId, traceId, { scoreConfigId: configs.verdict, valueNumber: 0 });
    const res = await call<Annotation>(`/api/v1/annotations/${draft}/accept`, {
      cookie: reviewer,
      json: { value: true, comment: "False alarm: the answer is fine.", newIssue: { title: "Over-eager refusal classifier" } },
    });
    expect(res.body).toMatchObject({ status: "published", valueNumber: 1, comment: "False alarm: the answer is fine." });
    expect((await listFor()).find((a) => a.id === draft)?.issueTitle).toBe("Over-eager refusal classifier");
  });

  it("needs a score for a draft that carries none, and checks it", async () => {
    const draft = await insertDraft(project.db, project.projectId, traceId);
    expect((await call(`/api/v1/annotations/${draft}/accept`, { cookie: reviewer, json: {} })).status).toBe(400);
    expect((await call(`/api/v1/annotations/${draft}/accept`, { cookie: reviewer, json: { scoreConfigId: configs.tone } })).status).toBe(400);
    expect((await call(`/api/v1/annotations/${draft}/accept`, { cookie: reviewer, json: { scoreConfigId: configs.tone, value: "meh" } })).status).toBe(400);
    const ok = await call<Annotation>(`/api/v1/annotations/${draft}/accept`, { cookie: reviewer, json: { scoreConfigId: configs.tone, value: "neutral" } });
    expect(ok.body).toMatchObject({ status: "published", valueLabel: "neutral" });
  });

  it("keeps a rejected draft rejected, and out of the verdicts", async () => {
    const [fresh] = await ingestConversations(project, [simpleChat()]);
    const draft = await insertDraft(project.db, project.projectId, fresh!, { scoreConfigId: configs.verdict, valueNumber: 1 });
    const rejected = await call<Annotation>(`/api/v1/annotations/${draft}/reject`, { cookie: reviewer, method: "POST" });
    expect(rejected.body.status).toBe("rejected");
    expect((await call(`/api/v1/annotations/${draft}/accept`, { cookie: reviewer, json: {} })).status).toBe(409);
    expect(await humanVerdictCount(fresh!)).toBe(0);
    expect((await listFor(fresh)).map((a) => a.status)).toEqual(["rejected"]);
  });

  it("lets only reviewers act on drafts, and only in their project", async () => {
    const draft = await insertDraft(project.db, project.projectId, traceId, { scoreConfigId: configs.verdict, valueNumber: 1 });
    expect((await call(`/api/v1/annotations/${draft}/reject`, { key: project.ingestKey, method: "POST" })).status).toBe(403);
    const other = await createTestProject();
    expect((await call(`/api/v1/annotations/${draft}/reject`, { key: other.adminKey, method: "POST" })).status).toBe(404);
  });
});

describe("corrections", () => {
  it("lets the author or an admin change a published annotation, and no one else", async () => {
    const created = await annotate({ scoreConfigId: configs.verdict, value: true, comment: "ok" });
    const id = created.body.id;
    const mine = await call<Annotation>(`/api/v1/annotations/${id}`, { cookie: reviewer, method: "PATCH", json: { value: false, comment: "Missed the date." } });
    expect(mine.body).toMatchObject({ valueNumber: 0, comment: "Missed the date.", status: "published" });
    const switched = await call<Annotation>(`/api/v1/annotations/${id}`, { cookie: admin, method: "PATCH", json: { scoreConfigId: configs.helpfulness, value: 2 } });
    expect(switched.body).toMatchObject({ scoreConfigId: configs.helpfulness, valueNumber: 2 });
    const byAdmin = await annotate({ scoreConfigId: configs.verdict, value: true }, admin);
    expect((await call(`/api/v1/annotations/${byAdmin.body.id}`, { cookie: reviewer, method: "PATCH", json: { comment: "mine now" } })).status).toBe(403);
    expect((await call(`/api/v1/annotations/${id}`, { cookie: reviewer, method: "PATCH", json: { scoreConfigId: configs.tone } })).status).toBe(400);
  });

  it("sends drafts through accept and reject instead", async () => {
    const draft = await insertDraft(project.db, project.projectId, traceId, { scoreConfigId: configs.verdict, valueNumber: 1 });
    expect((await call(`/api/v1/annotations/${draft}`, { cookie: admin, method: "PATCH", json: { comment: "sneaky" } })).status).toBe(409);
  });
});

it("documents the change operations", () => {
  const doc = reviewApi.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "t", version: "1" } });
  expect(Object.keys(doc.paths?.["/api/v1/annotations/{annotationId}"] ?? {})).toEqual(["patch"]);
  expect(Object.keys(doc.paths?.["/api/v1/annotations/{annotationId}/accept"] ?? {})).toEqual(["post"]);
  expect(Object.keys(doc.paths?.["/api/v1/annotations/{annotationId}/reject"] ?? {})).toEqual(["post"]);
});
