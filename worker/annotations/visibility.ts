// Which annotations a reviewer sees in a queue. A classifier's draft is a machine judgment: a queue reviewing its
// own drafts (a system queue) shows them, but elsewhere they would anchor a reviewer's independent verdict, so
// they appear only where the queue shows machine scores. Human annotations are always visible.

export interface VisibilityQueue {
  id: string;
  showMachineScores: boolean;
}

export function visibleInQueue<A extends { source: string; queueId: string | null }>(annotations: readonly A[], queue: VisibilityQueue): A[] {
  return annotations.filter((a) => a.source !== "classifier" || queue.showMachineScores || a.queueId === queue.id);
}
