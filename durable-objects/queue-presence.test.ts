import { describe, expect, it } from "vitest";
import { applyPresenceMessage, presentReviewers, type PresenceAttachment } from "./queue-presence";

const t1 = "a".repeat(32);
const t2 = "b".repeat(32);

describe("presentReviewers", () => {
  it("lists each reviewer once across tabs, with every item they have open, sorted by name", () => {
    const attachments: PresenceAttachment[] = [
      { reviewerId: "u2", name: "Zoe", traceId: t1 },
      { reviewerId: "u1", name: "Ada", traceId: null },
      { reviewerId: "u2", name: "Zoe", traceId: t2 },
      { reviewerId: "u2", name: "Zoe", traceId: t1 },
    ];
    expect(presentReviewers(attachments)).toEqual([
      { id: "u1", name: "Ada", traceIds: [] },
      { id: "u2", name: "Zoe", traceIds: [t1, t2] },
    ]);
  });
});

describe("applyPresenceMessage", () => {
  const start: PresenceAttachment = { reviewerId: "u1", name: "Ada", traceId: null };

  it("moves the reviewer to the item their page now shows, and back to none", () => {
    const moved = applyPresenceMessage(start, JSON.stringify({ type: "viewing", traceId: t1 }));
    expect(moved.traceId).toBe(t1);
    expect(applyPresenceMessage(moved, JSON.stringify({ type: "viewing", traceId: null })).traceId).toBeNull();
  });

  it("ignores what it cannot read: bad JSON, other types, ids that are not trace ids, binary frames", () => {
    for (const raw of ["{", JSON.stringify({ type: "other", traceId: t1 }), JSON.stringify({ type: "viewing", traceId: "x" })]) {
      expect(applyPresenceMessage(start, raw)).toEqual(start);
    }
    expect(applyPresenceMessage(start, new ArrayBuffer(4))).toEqual(start);
  });
});
