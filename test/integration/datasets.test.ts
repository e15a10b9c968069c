import { beforeAll, describe, expect, it } from "vitest";
import { call as callWorker } from "../support/http";
import { createTestProject, type TestProject } from "../support/project";
import { callReviewApi as call, fetchReviewApi, reviewApi } from "../support/review-api";
import { ingestConversations, insertDraft, simpleChat, text } from "../support/review-fixtures";

interface Dataset {
  id: string;
  name: string;
  itemCount: number;
}
type Page<T> = { items: T[]; nextCursor: string | null };

let project: TestProject;
let reviewer: string;
let verdictId: string;
beforeAll(async () => {
  project = await createTestProject();
  reviewer = await project.sessionCookieFor(project.reviewer.id);
  const configs = await callWorker<{ items: { id: string; name: string }[] }>("/api/v1/score-configs", { key: project.adminKey });
  verdictId = configs.body.items.find((c) => c.name === "Verdict")!.id;
});

const create = (name: string, auth: { key?: string; cookie?: string } = { cookie: reviewer }) => call<Dataset>("/api/v1/datasets", { ...auth, json: { name } });

/** RFC 4180, the reading side: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(input: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (quoted) {
      if (ch === '"' && input[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") row.push(field), (field = "");
    else if (ch === "\r" && input[i + 1] === "\n") row.push(field), rows.push(row), (row = []), (field = ""), i++;
    else field += ch;
  }
  if (field !== "" || row.length > 0) row.push(field), rows.push(row);
  return rows;
}

describe("creating and listing datasets", () => {
  it("creates one per name and answers 409 for a taken name", async () => {
    const created = await create("Golden refunds");
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Golden refunds", itemCount: 0 });
    const again = await create("Golden refunds");
    expect(again.status).toBe(409);
    expect((await create("")).status).toBe(400);
    expect((await create("x", { key: project.ingestKey })).status).toBe(403);
  });

  it("pages newest first with each dataset's size, and narrows by name", async () => {
    const own = await createTestProject();
    const names = ["alpha set", "beta set", "gamma", "delta set"];
    for (const name of names) await create(name, { key: own.adminKey });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Page<Dataset> } = await call<Page<Dataset>>(`/api/v1/datasets?limit=3${cursor ? `&cursor=${cursor}` : ""}`, { key: own.adminKey });
      seen.push(...page.body.items.map((d) => d.name));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...names].reverse());
    const sets = await call<Page<Dataset>>("/api/v1/datasets?q=SET", { key: own.adminKey });
    expect(sets.body.items.map((d) => d.name)).toEqual(["delta set", "beta set", "alpha set"]);
  });
});

describe("adding traces", () => {
  it("adds each trace once, counts only new ones, and adds nothing when any trace is unknown", async () => {
    const traceIds = await ingestConversations(project, [simpleChat(), simpleChat(), simpleChat()]);
    const dataset = (await create("Adds")).body;
    const first = await call(`/api/v1/datasets/${dataset.id}/items`, { cookie: reviewer, json: { traceIds: traceIds.slice(0, 2) } });
    expect(first.body).toEqual({ requested: 2, added: 2, total: 2 });
    const again = await call(`/api/v1/datasets/${dataset.id}/items`, { cookie: reviewer, json: { traceIds: [...traceIds, traceIds[0]] } });
    expect(again.body).toEqual({ requested: 3, added: 1, total: 3 });
    const unknown = "0".repeat(32);
    const mixed = await call<{ error: { details: { missing: string[] } } }>(`/api/v1/datasets/${dataset.id}/items`, {
      cookie: reviewer,
      json: { traceIds: [unknown] },
    });
    expect(mixed.status).toBe(404);
    expect(mixed.body.error.details.missing).toEqual([unknown]);
    const list = await call<Page<Dataset>>("/api/v1/datasets?q=Adds", { cookie: reviewer });
    expect(list.body.items[0]?.itemCount).toBe(3);
  });

  it("treats another project's dataset and traces as missing", async () => {
    const other = await createTestProject();
    const [foreignTrace] = await ingestConversations(other, [simpleChat()]);
    const foreign = (await create("Theirs", { key: other.adminKey })).body;
    const [ownTrace] = await ingestConversations(project, [simpleChat()]);
    expect((await call(`/api/v1/datasets/${foreign.id}/items`, { cookie: reviewer, json: { traceIds: [ownTrace] } })).status).toBe(404);
    expect((await fetchReviewApi(`/api/v1/datasets/${foreign.id}/export`, { cookie: reviewer })).status).toBe(404);
    const mine = (await create("Mine")).body;
    expect((await call(`/api/v1/datasets/${mine.id}/items`, { cookie: reviewer, json: { traceIds: [foreignTrace] } })).status).toBe(404);
  });
});

describe("exporting", () => {
  it("streams JSONL: each trace with its conversation and only its published annotations", async () => {
    const [traceId] = await ingestConversations(project, [simpleChat("Can I return shoes?", "Yes, within 30 days.")]);
    const issue = await call<{ id: string }>("/api/v1/issues", { cookie: reviewer, json: { title: "Return window" } });
    await callWorker("/api/v1/annotations", { cookie: reviewer, json: { traceId, scoreConfigId: verdictId, value: true, comment: "Correct.", issueId: issue.body.id } });
    await insertDraft(project.db, project.projectId, traceId!, { comment: "still a draft" });
    const rejected = await insertDraft(project.db, project.projectId, traceId!, { comment: "was rejected" });
    await call(`/api/v1/annotations/${rejected}/reject`, { cookie: reviewer, method: "POST" });
    const dataset = (await create("JSONL export")).body;
    await call(`/api/v1/datasets/${dataset.id}/items`, { cookie: reviewer, json: { traceIds: [traceId] } });

    const res = await fetchReviewApi(`/api/v1/datasets/${dataset.id}/export?format=jsonl`, { cookie: reviewer });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("application/x-ndjson");
    expect(res.headers.get("Content-Disposition")).toBe('attachment; filename="JSONL-export.jsonl"');
    const lines = res.text.trimEnd().split("\n").map((line) => JSON.parse(line));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      traceId,
      models: ["gpt-4o-mini"],
      conversation: [
        { role: "user", parts: [text("Can I return shoes?")] },
        { role: "assistant", parts: [text("Yes, within 30 days.")] },
      ],
      annotations: [{ scoreName: "Verdict", value: true, comment: "Correct.", author: "Rui Reviewer", issue: { id: issue.body.id, title: "Return window" } }],
    });
  });

  it("writes CSV a spreadsheet reads back exactly, with formula-looking text defused", async () => {
    const nasty = 'He said "hi", then left;\nnew line, =cmd|\' /C calc\'!A0';
    const [traceId] = await ingestConversations(project, [simpleChat(nasty, "Noted.")], "=HYPERLINK(\"http://evil\")");
    const dataset = (await create("CSV export")).body;
    await call(`/api/v1/datasets/${dataset.id}/items`, { cookie: reviewer, json: { traceIds: [traceId] } });
    const res = await fetchReviewApi(`/api/v1/datasets/${dataset.id}/export?format=csv`, { cookie: reviewer });
    expect(res.headers.get("Content-Type")).toContain("text/csv");
    const [header, row, ...rest] = parseCsv(res.text);
    expect(rest).toEqual([]);
    const cell = (name: string) => row![header!.indexOf(name)];
    expect(cell("trace_id")).toBe(traceId);
    expect(cell("name")).toBe(`'=HYPERLINK("http://evil")`);
    expect(JSON.parse(cell("conversation")!)[0].parts[0].content).toBe(nasty);
    expect(header).toHaveLength(row!.length);
    expect((await fetchReviewApi(`/api/v1/datasets/${dataset.id}/export?format=xml`, { cookie: reviewer })).status).toBe(400);
  });

  it("exports every item of a dataset larger than one read page exactly once, in the order they were added", async () => {
    const count = 73;
    const traceIds = await ingestConversations(project, Array.from({ length: count }, (_, i) => simpleChat(`question ${i}`)));
    const dataset = (await create("Large")).body;
    await call(`/api/v1/datasets/${dataset.id}/items`, { cookie: reviewer, json: { traceIds: traceIds.slice(0, 40) } });
    await call(`/api/v1/datasets/${dataset.id}/items`, { cookie: reviewer, json: { traceIds: traceIds.slice(40) } });
    const res = await fetchReviewApi(`/api/v1/datasets/${dataset.id}/export`, { cookie: reviewer });
    const exported = res.text.trimEnd().split("\n").map((line) => JSON.parse(line) as { traceId: string; addedAt: number });
    expect(exported.map((r) => r.traceId).sort()).toEqual([...traceIds].sort());
    // Added order, and within one moment the trace id, so pages continue where the last one stopped.
    const key = (r: { traceId: string; addedAt: number }) => `${String(r.addedAt).padStart(16, "0")}:${r.traceId}`;
    expect(exported.map(key)).toEqual(exported.map(key).sort());
  });
});

it("documents the four operations", () => {
  const doc = reviewApi.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "t", version: "1" } });
  expect(Object.keys(doc.paths?.["/api/v1/datasets"] ?? {}).sort()).toEqual(["get", "post"]);
  expect(Object.keys(doc.paths?.["/api/v1/datasets/{datasetId}/items"] ?? {})).toEqual(["post"]);
  expect(Object.keys(doc.paths?.["/api/v1/datasets/{datasetId}/export"] ?? {})).toEqual(["get"]);
});
