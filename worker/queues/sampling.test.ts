import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { seededTraceIds } from "../../test/support/ids";
import { isSampled, samplingScore } from "./sampling";


describe("live-queue sampling", () => {
  it("decides the same way every time for the same queue and trace", () => {
    fc.assert(fc.property(fc.string(), fc.string(), fc.double({ min: 0, max: 100, noNaN: true }), (q, t, p) => isSampled(q, t, p) === isSampled(q, t, p)));
  });

  it("keeps the realized rate within 1 point of the setting over 10,000 traces", () => {
    const traces = seededTraceIds(10_000);
    for (const percent of [1, 5, 10, 25, 50, 90]) {
      for (const queue of ["q_alpha", "q_beta"]) {
        const realized = (traces.filter((t) => isSampled(queue, t, percent)).length / traces.length) * 100;
        expect(Math.abs(realized - percent), `${queue} at ${percent}%`).toBeLessThanOrEqual(1);
      }
    }
  });

  it("takes nothing at 0% and everything at 100%, and samples queues independently", () => {
    const traces = seededTraceIds(2_000, 7);
    expect(traces.some((t) => isSampled("q", t, 0))).toBe(false);
    expect(traces.every((t) => isSampled("q", t, 100))).toBe(true);
    const both = traces.filter((t) => isSampled("q1", t, 50) && isSampled("q2", t, 50)).length / traces.length;
    expect(both).toBeGreaterThan(0.2);
    expect(both).toBeLessThan(0.3);
    expect(samplingScore("q1", traces[0]!)).not.toBe(samplingScore("q2", traces[0]!));
  });
});
