import { describe, expect, it } from "vitest";
import { call } from "../support/http";
import { createTestProject } from "../support/project";

type ScoreConfig = { id: string; name: string; type: string; categories: string[] | null; minValue: number | null; maxValue: number | null };
type ErrorBody = { error: { code: string; message: string; details?: { issues?: { path: string; message: string }[] } } };

describe("POST /api/v1/score-configs", () => {
  it("creates each type for admins, and lists them", async () => {
    const project = await createTestProject();
    const made = await Promise.all([
      call<ScoreConfig>("/api/v1/score-configs", { key: project.adminKey, json: { name: "Tone", type: "categorical", categories: ["polite", "curt", "rude"] } }),
      call<ScoreConfig>("/api/v1/score-configs", { key: project.adminKey, json: { name: "Helpfulness", type: "numeric", minValue: 1, maxValue: 5 } }),
    ]);
    expect(made.map((r) => r.status)).toEqual([201, 201]);
    expect(made[0]!.body).toMatchObject({ type: "categorical", categories: ["polite", "curt", "rude"] });
    const list = await call<{ items: ScoreConfig[] }>("/api/v1/score-configs", { key: project.adminKey });
    expect(list.body.items.map((c) => c.name)).toEqual(expect.arrayContaining(["Tone", "Helpfulness", "Verdict"]));
  });

  it("refuses reviewers, duplicate names in any case, and configs that cannot be scored, saying which field", async () => {
    const project = await createTestProject();
    const reviewer = await project.sessionCookieFor(project.reviewer.id);
    expect((await call("/api/v1/score-configs", { cookie: reviewer, json: { name: "X", type: "boolean" } })).status).toBe(403);
    const duplicate = await call<ErrorBody>("/api/v1/score-configs", { key: project.adminKey, json: { name: "verdict", type: "boolean" } });
    expect(duplicate.status).toBe(409);
    const oneOption = await call<ErrorBody>("/api/v1/score-configs", { key: project.adminKey, json: { name: "Tone", type: "categorical", categories: ["only"] } });
    expect(oneOption.status).toBe(400);
    expect(oneOption.body.error.details?.issues?.[0]?.message).toContain("at least two");
    const backwards = await call<ErrorBody>("/api/v1/score-configs", { key: project.adminKey, json: { name: "Range", type: "numeric", minValue: 5, maxValue: 1 } });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details?.issues?.[0]?.path).toBe("maxValue");
  });
});
