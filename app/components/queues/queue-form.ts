import type { FilterSet } from "../../../worker/filters/schema";

// The values the queue dialog edits and how an edit becomes a PATCH: only what changed, and never a system
// queue's fixed fields (its classifier decides those).

// A type, not an interface: Remix's JSON submit accepts only index-signature-compatible object types.
export type QueueFormValues = {
  name: string;
  description: string;
  instructions: string;
  assigneeIds: string[];
  isLive: boolean;
  samplingPercent: number;
  filter: FilterSet | null;
  showMachineScores: boolean;
  reviewersPerItem: number;
};

export interface EditableQueue extends QueueFormValues {
  id: string;
  systemKey: string | null;
}

export const SYSTEM_FIXED_FIELDS = ["name", "description", "instructions", "filter"] as const;

export const emptyQueueValues: QueueFormValues = {
  name: "",
  description: "",
  instructions: "",
  assigneeIds: [],
  isLive: false,
  samplingPercent: 10,
  filter: null,
  showMachineScores: false,
  reviewersPerItem: 1,
};

/** A manual queue keeps no filter; a live one sends the filter it was given (null: every trace). */
export function createPayload(values: QueueFormValues): QueueFormValues {
  return values.isLive ? values : { ...values, filter: null };
}

export function editPatch(queue: EditableQueue, values: QueueFormValues): Partial<QueueFormValues> {
  const fixed = new Set<string>(queue.systemKey ? SYSTEM_FIXED_FIELDS : []);
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(values) as (keyof QueueFormValues)[]) {
    if (fixed.has(key)) continue;
    // Turning a queue manual leaves its filter as it was, ready for when it goes live again.
    if (key === "filter" && !values.isLive) continue;
    const before = key === "assigneeIds" ? [...queue.assigneeIds].sort() : queue[key];
    const after = key === "assigneeIds" ? [...values.assigneeIds].sort() : values[key];
    if (JSON.stringify(before) !== JSON.stringify(after)) patch[key] = values[key];
  }
  return patch as Partial<QueueFormValues>;
}
