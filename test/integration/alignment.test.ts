import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createScoreConfig } from "../../worker/annotations/score-configs";
import type { Principal } from "../../worker/auth/principal";
import { annotations } from "../../worker/db/schema";
import { span } from "../../worker/ingest/genai-fixtures";
import { extractEvaluationScores, EVALUATION_EVENT } from "../../worker/scores/extract";
import { upsertScores } from "../../worker/scores/service";
import { call, type ApiResponse } from "../support/http";
import { chatTrace } from "../support/otlp";
import { createTestProject, type TestProject } from "../support/project";
import { deliverTraceEvents } from "../support/settle";

// Machine scores in through the API (and OTLP's extractor), human verdicts in through a queue with two reviewers
// per item, the numbers out through the API. Every expected value is worked out by hand from the design below.

type Auth = { key?: string; cookie?: string };
type Estimate = { value: number | null; ci: { low: number; high: number; method: string } | null; n: number; reason: string | null };
interface Alignment {
  scoreConfig: { id: string; name: string; type: string } | null;
  sources: string[];
  counts: { machineScores: number; humanVerdicts: number; pairs: number; ties: number };
  classification: {
    labels: string[];
    matrix: number[][];
    positiveLabel: string | null;
    accuracy: Estimate;
    kappa: Estimate;
    mcc: Estimate;
    perClass: { label: string; precision: Estimate; recall: Estimate; f1: Estimate }[];
  } | null;
  numeric: { pearson: Estimate; spearman: Estimate; mae: Estimate; rmse: Estimate; tolerance: number } | null;
  drift: { points: { n: number; accuracy: Estimate | null; mae: Estimate | null }[] };
  disagreements: { items: { traceId: string; machine: string | number; human: string | number; humanRatings: number; queueId: string | null; error: number | null }[]; nextCursor: string | null };
}

// Per trace: the machine's verdict, then the two reviewers' (admin, reviewer).
const DESIGN = [
  ["pass", "pass", "pass"],
  ["pass", "pass", "pass"],
  ["pass", "pass", "pass"],
  ["fail", "pass", "pass"], // the machine misses
  ["fail", "fail", "fail"],
  ["fail", "fail", "fail"],
  ["pass", "fail", "fail"], // a false alarm
  ["pass", "pass", "fail"], // reviewers split: no ground truth, left out
] as const;
const EVALUATION = "LLM judge: verdict";
const alignmentUrl = (name: string, query = "") => `/api/v1/evaluations/${encodeURIComponent(name)}/alignment${query}`;

let project: TestProject;
let admin: Auth;
let reviewer: Auth;
let adminUser: Auth;
let traceIds: string[];
let verdictId: string;
let queueId: string;
let doc: { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>; components: { schemas: Record<string, unknown> } };

async function ingest(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { traceId, body } = chatTrace();
    expect((await call("/v1/traces", { key: project.ingestKey, json: body })).status).toBe(200);
    ids.push(traceId);
  }
  await deliverTraceEvents(project.projectId, ids);
  return ids;
}

/** The response's status is documented for the operation and its body fits that status's schema. */
function expectDocumented(method: string, path: string, res: ApiResponse) {
  const response = doc.paths[path]?.[method]?.responses[String(res.status)];
  expect(response, `${method} ${path} answered an undocumented ${res.status}`).toBeDefined();
  const schema = response?.content?.["application/json"]?.schema;
  const local = (value: unknown) => JSON.parse(JSON.stringify(value).replaceAll("#/components/schemas/", "#/$defs/")) as object;
  const validator = z.fromJSONSchema({ ...local(schema), $defs: local(doc.components.schemas) } as z.core.JSONSchema.JSONSchema, { registry: z.registry() });
  expect(validator.safeParse(res.body).error?.issues ?? []).toEqual([]);
}

async function getAlignment(name: string, query = "", auth: Auth = admin): Promise<Alignment> {
  const res = await call<Alignment>(alignmentUrl(name, query), auth);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expectDocumented("get", "/api/v1/evaluations/{name}/alignment", res);
  return res.body;
}

async function reviewQueue(auth: Auth, verdictFor: (traceId: string) => boolean) {
  for (;;) {
    const claim = await call<{ item: { traceId: string } | null }>(`/api/v1/queues/${queueId}/claim`, { ...auth, method: "POST" });
    const traceId = claim.body.item?.traceId;
    if (!traceId) return;
    const annotated = await call("/api/v1/annotations", { ...auth, json: { traceId, queueId, scoreConfigId: verdictId, value: verdictFor(traceId) } });
    expect(annotated.status).toBe(201);
    expect((await call(`/api/v1/queues/${queueId}/items/${traceId}/complete`, { ...auth, method: "POST" })).status).toBe(200);
  }
}

beforeAll(async () => {
  project = await createTestProject();
  admin = { key: project.adminKey };
  reviewer = { cookie: await project.sessionCookieFor(project.reviewer.id) };
  adminUser = { cookie: await project.sessionCookieFor(project.admin.id) };
  doc = (await (await SELF.fetch("http://localhost/api/v1/openapi.json")).json()) as typeof doc;
  traceIds = await ingest(DESIGN.length);
  const configs = await call<{ items: { id: string; name: string }[] }>("/api/v1/score-configs", admin);
  verdictId = configs.body.items.find((c) => c.name === "Verdict")!.id;

  // The evaluator posts with an ingest key, naming the config by name.
  const posted = await call<{ written: number }>("/api/v1/scores", {
    key: project.ingestKey,
    json: { scores: traceIds.map((traceId, i) => ({ traceId, evaluation: EVALUATION, scoreConfig: "Verdict", value: DESIGN[i]![0] === "pass", reason: `judged ${i}` })) },
  });
  expect(posted.status).toBe(200);
  expectDocumented("post", "/api/v1/scores", posted);
  expect(posted.body.written).toBe(DESIGN.length);

  // Two reviewers per item, each annotating independently in the queue.
  const queue = await call<{ id: string }>("/api/v1/queues", { ...admin, json: { name: "Judge calibration", reviewersPerItem: 2 } });
  queueId = queue.body.id;
  await call(`/api/v1/queues/${queueId}/items`, { ...admin, json: { traceIds } });
  const designOf = (traceId: string) => DESIGN[traceIds.indexOf(traceId)]!;
  await reviewQueue(adminUser, (t) => designOf(t)[1] === "pass");
  await reviewQueue(reviewer, (t) => designOf(t)[2] === "pass");

  // None of these are trace verdicts: a note on one message, a draft, a rejected draft. Each would change the numbers.
  const note = await call("/api/v1/annotations", { ...reviewer, json: { traceId: traceIds[0], scoreConfigId: verdictId, value: false, target: { level: "message", messageIndex: 0 } } });
  expect(note.status).toBe(201);
  const now = Date.now() + 60_000;
  const machineSide = { projectId: project.projectId, scoreConfigId: verdictId, authorId: project.admin.id, target: { level: "conversation" }, updatedAt: now, createdAt: now };
  await project.db.insert(annotations).values([
    { ...machineSide, id: "ann_draft_test", traceId: traceIds[3]!, valueNumber: 0, status: "draft", source: "classifier" },
    { ...machineSide, id: "ann_rejected_test", traceId: traceIds[6]!, valueNumber: 1, status: "rejected" },
  ]);
});

describe("alignment of a boolean evaluation with human verdicts", () => {
  it("pairs traces with the reviewers' majority and computes the metrics", async () => {
    const a = await getAlignment(EVALUATION);
    expect(a.scoreConfig).toMatchObject({ id: verdictId, name: "Verdict", type: "boolean" });
    expect(a.sources).toEqual(["api"]);
    expect(a.counts).toEqual({ machineScores: 8, humanVerdicts: 8, pairs: 7, ties: 1 });
    const c = a.classification!;
    // rows human, columns machine: human pass → machine pass 3, fail 1; human fail → machine pass 1, fail 2
    expect(c.labels).toEqual(["pass", "fail"]);
    expect(c.matrix).toEqual([[3, 1], [1, 2]]);
    expect(c.positiveLabel).toBe("pass");
    expect(c.accuracy.value).toBeCloseTo(5 / 7, 12);
    expect(c.accuracy.ci).toMatchObject({ method: "wilson" });
    // p_o = 5/7, p_e = (4/7)² + (3/7)² = 25/49 → κ = (35 − 25) / (49 − 25)
    expect(c.kappa.value).toBeCloseTo(10 / 24, 12);
    // (TP·TN − FP·FN) / √(4·4·3·3) = (6 − 1) / 12
    expect(c.mcc.value).toBeCloseTo(5 / 12, 12);
    const pass = c.perClass.find((k) => k.label === "pass")!;
    expect([pass.precision.value, pass.recall.value, pass.f1.value]).toEqual([0.75, 0.75, 0.75]);
    expect(a.drift.points).toHaveLength(1);
    expect(a.drift.points[0]).toMatchObject({ n: 7, accuracy: { value: c.accuracy.value } });
  });

  it("lists exactly the disagreements, paged, each pointing back at its queue", async () => {
    const first = await getAlignment(EVALUATION, "?limit=1");
    expect(first.disagreements.items).toHaveLength(1);
    expect(first.disagreements.nextCursor).not.toBeNull();
    const second = await getAlignment(EVALUATION, `?limit=1&cursor=${first.disagreements.nextCursor}`);
    expect(second.disagreements.nextCursor).toBeNull();
    const items = [...first.disagreements.items, ...second.disagreements.items];
    expect(items.map((d) => d.traceId).sort()).toEqual([traceIds[3], traceIds[6]].sort());
    expect(items.find((d) => d.traceId === traceIds[3])).toMatchObject({ machine: "fail", human: "pass", humanRatings: 2, queueId, error: null });
    expect(items.find((d) => d.traceId === traceIds[6])).toMatchObject({ machine: "pass", human: "fail" });
  });

  it("measures agreement between the two reviewers", async () => {
    const res = await call<{
      alpha: Estimate & { pairableUnits: number };
      reviewers: { id: string; name: string; ratings: number }[];
      pairs: { reviewers: { id: string }[]; n: number; agreement: Estimate; kappa: Estimate }[];
      queues: { id: string; reviewersPerItem: number }[];
    }>(`/api/v1/reviewer-agreement?scoreConfigId=${verdictId}&queueId=${queueId}`, admin);
    expect(res.status).toBe(200);
    expectDocumented("get", "/api/v1/reviewer-agreement", res);
    // 16 values (pass 9, fail 7), disagreement only in the split trace: α = 1 − 15·2 / (16² − 9² − 7²) = 1 − 30/126
    expect(res.body.alpha).toMatchObject({ pairableUnits: 8 });
    expect(res.body.alpha.value).toBeCloseTo(1 - 30 / 126, 12);
    expect(res.body.reviewers.map((r) => [r.name, r.ratings]).sort()).toEqual([["Ada Admin", 8], ["Rui Reviewer", 8]]);
    const [pair] = res.body.pairs;
    expect(pair!.n).toBe(8);
    expect(pair!.agreement.value).toBeCloseTo(7 / 8, 12);
    // admin × reviewer: [[4, 1], [0, 3]]; p_o = 7/8, p_e = (5·4 + 3·4)/64 = 1/2 → κ = 0.75
    expect(pair!.kappa.value).toBeCloseTo(0.75, 12);
    expect(res.body.queues).toEqual([expect.objectContaining({ id: queueId, reviewersPerItem: 2 })]);
  });

  it("replaces a re-posted score rather than adding one", async () => {
    const repost = await call("/api/v1/scores", { ...admin, json: { scores: [{ traceId: traceIds[3], evaluation: EVALUATION, scoreConfigId: verdictId, value: true }] } });
    expect(repost.status).toBe(200);
    const a = await getAlignment(EVALUATION);
    expect(a.counts.machineScores).toBe(8);
    expect(a.classification!.matrix).toEqual([[4, 0], [1, 2]]);
    expect(a.disagreements.items.map((d) => d.traceId)).toEqual([traceIds[6]]);
  });

  it("lists the evaluation with its counts", async () => {
    const res = await call<{ items: { evaluation: string; scores: number; traces: number; sources: string[]; scoreConfigs: string[]; withHumanVerdict: number }[] }>("/api/v1/evaluations", reviewer);
    expect(res.status).toBe(200);
    expectDocumented("get", "/api/v1/evaluations", res);
    expect(res.body.items.find((e) => e.evaluation === EVALUATION)).toMatchObject({ scores: 8, traces: 8, sources: ["api"], scoreConfigs: ["Verdict"], withHumanVerdict: 8 });
  });
});

describe("numeric and categorical evaluations", () => {
  it("compares numbers with Pearson, Spearman, MAE and RMSE", async () => {
    const principal: Principal = { kind: "key", keyId: "test", projectId: project.projectId, scope: "admin" };
    const config = await createScoreConfig(project.db, principal, { name: "Helpfulness", type: "numeric", minValue: 1, maxValue: 5 });
    const ids = traceIds.slice(0, 4);
    const machine = [2, 2, 4, 5];
    const human = [1, 2, 3, 4];
    const posted = await call("/api/v1/scores", { ...admin, json: { scores: ids.map((traceId, i) => ({ traceId, evaluation: "helpfulness-judge", scoreConfigId: config.id, value: machine[i] })) } });
    expect(posted.status).toBe(200);
    for (const [i, traceId] of ids.entries()) {
      expect((await call("/api/v1/annotations", { ...reviewer, json: { traceId, scoreConfigId: config.id, value: human[i] } })).status).toBe(201);
    }
    const n = (await getAlignment("helpfulness-judge")).numeric!;
    // errors 1, 0, 1, 1
    expect(n.mae.value).toBeCloseTo(0.75, 12);
    expect(n.rmse.value).toBeCloseTo(Math.sqrt(0.75), 12);
    // Σdxdy = 5.5, Σdx² = 5, Σdy² = 6.75; on ranks (machine ties → 1.5, 1.5, 3, 4): 4.5 / √(5 · 4.5)
    expect(n.pearson.value).toBeCloseTo(5.5 / Math.sqrt(5 * 6.75), 12);
    expect(n.pearson.ci?.method).toBe("fisher-z");
    expect(n.spearman.value).toBeCloseTo(4.5 / Math.sqrt(5 * 4.5), 12);
    expect(n.tolerance).toBeCloseTo(0.4, 12);
    const a = await getAlignment("helpfulness-judge", "?tolerance=0.5");
    expect(a.disagreements.items.map((d) => d.error)).toEqual([1, 1, 1]);
    expect(a.drift.points[0]!.mae?.value).toBeCloseTo(0.75, 12);
  });

  it("aligns results extracted from OTLP evaluation events once a score config of that name exists", async () => {
    const principal: Principal = { kind: "key", keyId: "test", projectId: project.projectId, scope: "admin" };
    const tone = await createScoreConfig(project.db, principal, { name: "Tone", type: "categorical", categories: ["polite", "neutral", "rude"] });
    const labels = ["Polite", "rude", "neutral"];
    const spans = traceIds.slice(0, 3).map((traceId, i) =>
      span(`s${i}`, 0, { traceId, events: [{ name: EVALUATION_EVENT, time: Date.now(), attributes: { "gen_ai.evaluation.name": "tone", "gen_ai.evaluation.score.label": labels[i] } }] }),
    );
    const stored = await upsertScores(project.db, project.projectId, extractEvaluationScores(spans).map((s) => ({ ...s, source: "otlp" })));
    expect(stored.map((s) => [s.scoreConfigId, s.valueLabel])).toEqual([[tone.id, "polite"], [tone.id, "rude"], [tone.id, "neutral"]]);
    for (const [i, value] of ["polite", "neutral", "neutral"].entries()) {
      await call("/api/v1/annotations", { ...reviewer, json: { traceId: traceIds[i], scoreConfigId: tone.id, value } });
    }
    const a = await getAlignment("tone");
    expect(a.sources).toEqual(["otlp"]);
    expect(a.classification!.labels).toEqual(["polite", "neutral", "rude"]);
    // humans: polite, neutral, neutral; machine: polite, rude, neutral
    expect(a.classification!.matrix).toEqual([[1, 0, 0], [0, 1, 1], [0, 0, 0]]);
    expect(a.classification!.positiveLabel).toBeNull();
    const rude = a.classification!.perClass.find((c) => c.label === "rude")!;
    expect(rude.recall).toMatchObject({ value: null, reason: expect.any(String) });
  });
});

describe("live queues over machine scores", () => {
  it("take the completed traces an evaluation scores once the scores arrive, once", async () => {
    const filter = { all: [{ field: "score", evaluation: "routing-judge", op: "exists" }] };
    const live = await call<{ id: string }>("/api/v1/queues", { ...admin, json: { name: "Judge scored", isLive: true, samplingPercent: 100, filter } });
    expect(live.status).toBe(201);
    const scored = { scores: traceIds.slice(0, 2).map((traceId) => ({ traceId, evaluation: "routing-judge", scoreConfig: "Verdict", value: false })) };
    const progress = async () => (await call<{ total: number }>(`/api/v1/queues/${live.body.id}/progress`, admin)).body.total;
    expect(await progress()).toBe(0);
    expect((await call("/api/v1/scores", { key: project.ingestKey, json: scored })).status).toBe(200);
    expect(await progress()).toBe(2);
    expect((await call("/api/v1/scores", { key: project.ingestKey, json: scored })).status).toBe(200);
    expect(await progress()).toBe(2);
  });
});

describe("refusals", () => {
  it("rejects a batch with any bad score, naming each one, and writes nothing", async () => {
    const good = { traceId: traceIds[0], evaluation: "never stored", scoreConfig: "Verdict", value: true };
    const res = await call<{ error: { code: string; details: { issues: { path: string; message: string }[] } } }>("/api/v1/scores", {
      ...admin,
      json: {
        scores: [
          good,
          { ...good, traceId: "0".repeat(32) },
          { ...good, value: 3 },
          { ...good, scoreConfig: "No such config" },
          { ...good, scoreConfigId: verdictId, scoreConfig: "Helpfulness" },
        ],
      },
    });
    expect(res.status).toBe(400);
    expectDocumented("post", "/api/v1/scores", res);
    expect(res.body.error.details.issues.map((i) => i.path)).toEqual(["scores.1.traceId", "scores.2.value", "scores.3.scoreConfig", "scores.4.scoreConfig"]);
    expect(res.body.error.details.issues[0]!.message).toContain("not found");
    expect((await call(alignmentUrl("never stored"), admin)).status).toBe(404);
  });

  it("checks the body's shape and who is asking", async () => {
    const noConfig = await call("/api/v1/scores", { ...admin, json: { scores: [{ traceId: traceIds[0], evaluation: "x", value: true }] } });
    expect(noConfig.status).toBe(400);
    expect((await call("/api/v1/scores", { ...admin, json: { scores: [] } })).status).toBe(400);
    const asReviewer = await call("/api/v1/scores", { ...reviewer, json: { scores: [{ traceId: traceIds[0], evaluation: "x", scoreConfig: "Verdict", value: true }] } });
    expect(asReviewer.status).toBe(403);
    expect((await call(alignmentUrl(EVALUATION), { key: project.ingestKey })).status).toBe(403);
    expect((await call(alignmentUrl(EVALUATION, "?bucket=month"), admin)).status).toBe(400);
    expect((await call(alignmentUrl(EVALUATION, "?scoreConfigId=nope"), admin)).status).toBe(404);
    expect((await call("/api/v1/reviewer-agreement?scoreConfigId=nope", admin)).status).toBe(404);
  });

  it("keeps projects apart", async () => {
    const other = await createTestProject();
    expect((await call(alignmentUrl(EVALUATION), { key: other.adminKey })).status).toBe(404);
    const res = await call("/api/v1/scores", { key: other.adminKey, json: { scores: [{ traceId: traceIds[0], evaluation: "x", scoreConfig: "Verdict", value: true }] } });
    expect(res.status).toBe(400);
  });
});
