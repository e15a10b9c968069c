import { z } from "zod";
import { classifyResourceUse, resourceMetrics, type Observation, type ResourceOutlierVerdict } from "../resource-outliers";
import { BaselineSet, type BaselineSnapshot, type SketchKey } from "./baseline-set";

// The ProjectBaselines DO's state in its SQLite storage: the model sketches (as JSON) and the trace ids recently
// added, so a redelivered trace is judged again but never counted twice. Synchronous SQL inside one DO turn; the
// sketches are also held in memory, since only this store writes them.

/** Redeliveries come within minutes to hours; this many recent trace ids covers that for busy projects. */
export const REMEMBERED_TRACES = 100_000;

export interface Assessment {
  traceId: string;
  verdict: ResourceOutlierVerdict;
}

export class BaselineStore {
  private readonly baselines: BaselineSet;

  constructor(
    private readonly sql: SqlStorage,
    private readonly rememberedTraces = REMEMBERED_TRACES,
  ) {
    sql.exec(`CREATE TABLE IF NOT EXISTS sketches (
      model TEXT NOT NULL, metric TEXT NOT NULL, sketch TEXT NOT NULL, PRIMARY KEY (model, metric)) WITHOUT ROWID`);
    sql.exec("CREATE TABLE IF NOT EXISTS added_traces (seq INTEGER PRIMARY KEY AUTOINCREMENT, trace_id TEXT NOT NULL UNIQUE)");
    const rows = sql.exec<{ model: string; metric: string; sketch: string }>("SELECT model, metric, sketch FROM sketches").toArray();
    this.baselines = BaselineSet.fromRows(rows.map((row) => ({ ...row, metric: storedMetric.parse(row.metric), sketch: JSON.parse(row.sketch) })));
  }

  /** Judges each trace against the baselines as they stood before it, then adds it unless it was added before. */
  assess(observations: readonly Observation[]): Assessment[] {
    const changed = new Map<string, SketchKey>();
    const assessments = observations.map((observation) => {
      const verdict = classifyResourceUse(observation, this.baselines.scopesFor(observation.model));
      if (this.markAdded(observation.traceId)) {
        for (const key of this.baselines.add(observation)) changed.set(JSON.stringify([key.model, key.metric]), key);
      }
      return { traceId: observation.traceId, verdict };
    });
    for (const key of changed.values()) this.save(key);
    this.forgetOldTraces();
    return assessments;
  }

  snapshot(): BaselineSnapshot {
    return this.baselines.snapshot();
  }

  private markAdded(traceId: string): boolean {
    return this.sql.exec("INSERT INTO added_traces (trace_id) VALUES (?) ON CONFLICT DO NOTHING RETURNING seq", traceId).toArray().length > 0;
  }

  private save(key: SketchKey): void {
    const sketch = this.baselines.sketch(key);
    if (!sketch) return;
    this.sql.exec(
      "INSERT INTO sketches (model, metric, sketch) VALUES (?, ?, ?) ON CONFLICT (model, metric) DO UPDATE SET sketch = excluded.sketch",
      key.model, key.metric, JSON.stringify(sketch.toStored()),
    );
  }

  private forgetOldTraces(): void {
    const newest = this.sql.exec<{ seq: number | null }>("SELECT MAX(seq) AS seq FROM added_traces").one().seq ?? 0;
    this.sql.exec("DELETE FROM added_traces WHERE seq <= ?", newest - this.rememberedTraces);
  }
}

const storedMetric = z.enum(resourceMetrics);
