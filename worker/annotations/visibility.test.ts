import { describe, expect, it } from "vitest";
import { visibleInQueue } from "./visibility";

const human = { id: "h", source: "human", queueId: "other" };
const ownDraft = { id: "own", source: "classifier", queueId: "q1" };
const foreignDraft = { id: "foreign", source: "classifier", queueId: "q2" };
const all = [human, ownDraft, foreignDraft];

describe("visibleInQueue", () => {
  it("hides other queues' classifier drafts where machine scores are hidden", () => {
    expect(visibleInQueue(all, { id: "q1", showMachineScores: false }).map((a) => a.id)).toEqual(["h", "own"]);
  });

  it("shows every annotation where machine scores are shown", () => {
    expect(visibleInQueue(all, { id: "q1", showMachineScores: true }).map((a) => a.id)).toEqual(["h", "own", "foreign"]);
  });
});
