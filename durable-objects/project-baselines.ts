import { DurableObject } from "cloudflare:workers";
import { z } from "zod";
import type { BaselineSnapshot } from "../worker/classifiers/baselines/baseline-set";
import { BaselineStore, type Assessment } from "../worker/classifiers/baselines/store";
import { observationSchema } from "../worker/classifiers/resource-outliers";
import { ServiceError, type Outcome } from "../worker/errors";

// One consumer batch is at most 100 traces; the cap only stops a runaway caller from holding the DO for long.
const observations = z.array(observationSchema).max(1_000);

/**
 * One per project (`idFromName(projectId)`): quantile sketches of resource use per metric and model, for the
 * Resource Outliers classifier. Thin RPC over BaselineStore, whose state lives in this DO's SQLite storage.
 */
export class ProjectBaselines extends DurableObject<Env> {
  private store: BaselineStore;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new BaselineStore(ctx.storage.sql);
  }

  /** Judges each trace against the baselines as they were before it, then adds it (once, however redelivered). */
  async assess(input: z.input<typeof observations>): Promise<Outcome<Assessment[]>> {
    const parsed = observations.safeParse(input);
    if (!parsed.success) return { ok: false, code: "bad_request", message: ServiceError.fromZod(parsed.error, "observations").message };
    try {
      return { ok: true, value: this.ctx.storage.transactionSync(() => this.store.assess(parsed.data)) };
    } catch (error) {
      // The transaction rolled back; reload so the in-memory sketches match storage again.
      this.store = new BaselineStore(this.ctx.storage.sql);
      throw error;
    }
  }

  /** count/p50/p95/p99 per metric, project-wide and per model, for the settings and trace views. */
  async snapshot(): Promise<BaselineSnapshot> {
    return this.store.snapshot();
  }
}
