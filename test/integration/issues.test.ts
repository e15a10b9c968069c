import { beforeAll, describe, expect, it } from "vitest";
import { call as callWorker } from "../support/http";
import { createTestProject, type TestProject } from "../support/project";
import { insertDraft, ingestConversations, simpleChat } from "../support/review-fixtures";
import { callReviewApi as call, reviewApi } from "../support/review-api";

interface Issue {
  id: string;
  title: string;
  status: string;
  annotationCount: number;
}
type Page = { items: Issue[]; nextCursor: string | null };

let project: TestProject;
let reviewer: string;
beforeAll(async () => {
  project = await createTestProject();
  reviewer = await project.sessionCookieFor(project.reviewer.id);
});

describe("POST /api/v1/issues", () => {
  it("lets a reviewer file an open issue and trims its title", async () => {
    const res = await call<Issue>("/api/v1/issues", { cookie: reviewer, json: { title: "  Refund policy invented  ", description: "Bot promises refunds." } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ title: "Refund policy invented", status: "open", annotationCount: 0 });
  });

  it("says which field is wrong", async () => {
    const res = await call<{ error: { code: string; details: { issues: { path: string }[] } } }>("/api/v1/issues", { cookie: reviewer, json: { title: "   " } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues.map((i) => i.path)).toEqual(["title"]);
  });

  it("refuses ingest-only keys and anonymous callers", async () => {
    expect((await call("/api/v1/issues", { key: project.ingestKey, json: { title: "x" } })).status).toBe(403);
    expect((await call("/api/v1/issues", { json: { title: "x" } })).status).toBe(401);
  });
});

describe("GET /api/v1/issues", () => {
  it("pages newest first through every issue exactly once", async () => {
    const own = await createTestProject();
    const titles = ["first", "second", "third", "fourth", "fifth"];
    for (const title of titles) await call("/api/v1/issues", { key: own.adminKey, json: { title } });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/v1/issues?limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page: { status: number; body: Page } = await call<Page>(query, { key: own.adminKey });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((i) => i.title));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...titles].reverse());
  });

  it("narrows by title without treating the search as a pattern, and never shows another project's issues", async () => {
    const own = await createTestProject();
    for (const title of ["Slow tool calls", "100% wrong answer", "Wrong language"]) await call("/api/v1/issues", { key: own.adminKey, json: { title } });
    await call("/api/v1/issues", { key: project.adminKey, json: { title: "Wrong elsewhere" } });
    const wrong = await call<Page>("/api/v1/issues?q=WRONG", { key: own.adminKey });
    expect(wrong.body.items.map((i) => i.title).sort()).toEqual(["100% wrong answer", "Wrong language"]);
    const percent = await call<Page>(`/api/v1/issues?q=${encodeURIComponent("%")}`, { key: own.adminKey });
    expect(percent.body.items.map((i) => i.title)).toEqual(["100% wrong answer"]);
    expect((await call<Page>("/api/v1/issues?status=resolved", { key: own.adminKey })).body.items).toEqual([]);
    expect((await call("/api/v1/issues?status=closed", { key: own.adminKey })).status).toBe(400);
    expect((await call("/api/v1/issues?cursor=nonsense", { key: own.adminKey })).status).toBe(400);
  });

  it("counts the annotations linked to each issue, leaving out rejected drafts", async () => {
    const own = await createTestProject();
    const [traceId] = await ingestConversations(own, [simpleChat()]);
    const issue = (await call<Issue>("/api/v1/issues", { key: own.adminKey, json: { title: "Late shipping" } })).body;
    const configs = await callWorker<{ items: { id: string; name: string }[] }>("/api/v1/score-configs", { key: own.adminKey });
    const verdict = configs.body.items.find((c) => c.name === "Verdict")!;
    const annotate = { traceId, scoreConfigId: verdict.id, value: false, issueId: issue.id };
    expect((await call("/api/v1/annotations", { key: own.adminKey, json: annotate })).status).toBe(201);
    await insertDraft(own.db, own.projectId, traceId!, { issueId: issue.id });
    const rejected = await insertDraft(own.db, own.projectId, traceId!, { issueId: issue.id });
    expect((await call(`/api/v1/annotations/${rejected}/reject`, { key: own.adminKey, method: "POST" })).status).toBe(200);
    const page = await call<Page>("/api/v1/issues", { key: own.adminKey });
    expect(page.body.items.find((i) => i.id === issue.id)?.annotationCount).toBe(2);
  });
});

it("documents both operations in the OpenAPI document", () => {
  const doc = reviewApi.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "t", version: "1" } });
  expect(Object.keys(doc.paths?.["/api/v1/issues"] ?? {}).sort()).toEqual(["get", "post"]);
  expect(doc.components?.schemas).toHaveProperty("IssuePage");
});
