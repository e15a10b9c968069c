import { LogCollapsingLowestDenseDDSketch } from "@datadog/sketches-js";
import { z } from "zod";

// A DDSketch of one non-negative metric: quantiles within 1% relative error, mergeable across models and shards.
// The collapsing-lowest variant bounds memory (2,048 bins) by merging only the smallest values together, which
// leaves the upper quantiles the outlier rules read untouched.
// The library's own toProto/fromProto need protobufjs (which uses eval, refused by Workers), so a sketch is stored
// as its non-empty bins and summary statistics in JSON and rebuilt bin by bin.

export const RELATIVE_ACCURACY = 0.01;
const BIN_LIMIT = 2048;

/** What a baseline says about one metric: how many traces back it and where its quantiles sit. */
export interface Quantiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
}

export const storedSketchSchema = z.object({
  relativeAccuracy: z.literal(RELATIVE_ACCURACY),
  /** [key, count] of every non-empty bin of the positive store. */
  bins: z.array(z.tuple([z.number().int(), z.number().positive()])),
  zeroCount: z.number().nonnegative(),
  count: z.number().nonnegative(),
  sum: z.number().nonnegative(),
  min: z.number().nonnegative().nullable(),
  max: z.number().nonnegative().nullable(),
});
export type StoredSketch = z.infer<typeof storedSketchSchema>;

export class Sketch {
  private constructor(private readonly sketch: LogCollapsingLowestDenseDDSketch) {}

  static empty(): Sketch {
    return new Sketch(new LogCollapsingLowestDenseDDSketch({ relativeAccuracy: RELATIVE_ACCURACY, binLimit: BIN_LIMIT }));
  }

  static fromStored(input: unknown): Sketch {
    const stored = storedSketchSchema.parse(input);
    const rebuilt = Sketch.empty();
    const inner = rebuilt.sketch;
    for (const [key, count] of stored.bins) inner.store.add(key, count);
    inner.zeroCount = stored.zeroCount;
    inner.count = stored.count;
    inner.sum = stored.sum;
    inner.min = stored.min ?? Infinity;
    inner.max = stored.max ?? -Infinity;
    return rebuilt;
  }

  get count(): number {
    return this.sketch.count;
  }

  /** Metrics here are durations, token counts and costs: a negative or non-finite value is a caller's bug. */
  add(value: number): void {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`sketch values must be finite and non-negative, got ${value}`);
    this.sketch.accept(value);
  }

  merge(other: Sketch): void {
    this.sketch.merge(other.sketch);
  }

  /** The value at quantile q (0..1), within 1% of the true one; undefined while the sketch is empty. */
  quantile(q: number): number | undefined {
    return this.count === 0 ? undefined : this.sketch.getValueAtQuantile(q);
  }

  quantiles(): Quantiles | undefined {
    if (this.count === 0) return undefined;
    const at = (q: number) => this.sketch.getValueAtQuantile(q);
    return { count: this.count, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
  }

  toStored(): StoredSketch {
    const { store } = this.sketch;
    const bins: [number, number][] = [];
    store.bins.forEach((count, index) => {
      if (count > 0) bins.push([index + store.offset, count]);
    });
    const { zeroCount, count, sum, min, max } = this.sketch;
    return {
      relativeAccuracy: RELATIVE_ACCURACY,
      bins,
      zeroCount,
      count,
      sum,
      min: Number.isFinite(min) ? min : null,
      max: Number.isFinite(max) ? max : null,
    };
  }
}
