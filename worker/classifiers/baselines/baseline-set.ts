import { resourceMetrics, type BaselineScopes, type MetricBaselines, type Observation, type ResourceMetric } from "../resource-outliers";
import { Sketch, type Quantiles } from "./sketch";

// A project's baselines in memory: one sketch per model and metric, and the project-wide sketch per metric,
// which is the merge of every model's (so it never has to be stored, and cannot disagree with them).

export interface SketchKey {
  model: string;
  metric: ResourceMetric;
}
export interface StoredSketchRow extends SketchKey {
  sketch: unknown;
}

export interface BaselineSnapshot {
  project: MetricBaselines;
  models: { model: string; metrics: MetricBaselines }[];
}

export class BaselineSet {
  private readonly byModel = new Map<string, Map<ResourceMetric, Sketch>>();
  private readonly project = new Map<ResourceMetric, Sketch>();

  static fromRows(rows: Iterable<StoredSketchRow>): BaselineSet {
    const set = new BaselineSet();
    for (const { model, metric, sketch } of rows) {
      const restored = Sketch.fromStored(sketch);
      set.sketchesOf(model).set(metric, restored);
      sketchIn(set.project, metric).merge(restored);
    }
    return set;
  }

  /** Records every known metric of the observation; returns the model sketches that changed. */
  add(observation: Observation): SketchKey[] {
    const changed: SketchKey[] = [];
    const own = this.sketchesOf(observation.model);
    for (const metric of resourceMetrics) {
      const value = observation.metrics[metric];
      if (value === null) continue;
      sketchIn(own, metric).add(value);
      sketchIn(this.project, metric).add(value);
      changed.push({ model: observation.model, metric });
    }
    return changed;
  }

  scopesFor(model: string): BaselineScopes {
    return { model: summarize(this.byModel.get(model)), project: summarize(this.project) };
  }

  sketch({ model, metric }: SketchKey): Sketch | undefined {
    return this.byModel.get(model)?.get(metric);
  }

  snapshot(): BaselineSnapshot {
    const models = [...this.byModel].map(([model, sketches]) => ({ model, metrics: summarize(sketches) }));
    models.sort((a, b) => a.model.localeCompare(b.model));
    return { project: summarize(this.project), models };
  }

  private sketchesOf(model: string): Map<ResourceMetric, Sketch> {
    let sketches = this.byModel.get(model);
    if (!sketches) this.byModel.set(model, (sketches = new Map()));
    return sketches;
  }
}

function sketchIn(sketches: Map<ResourceMetric, Sketch>, metric: ResourceMetric): Sketch {
  let sketch = sketches.get(metric);
  if (!sketch) sketches.set(metric, (sketch = Sketch.empty()));
  return sketch;
}

function summarize(sketches: Map<ResourceMetric, Sketch> | undefined): MetricBaselines {
  const baselines: MetricBaselines = {};
  for (const [metric, sketch] of sketches ?? []) {
    const quantiles: Quantiles | undefined = sketch.quantiles();
    if (quantiles) baselines[metric] = quantiles;
  }
  return baselines;
}
