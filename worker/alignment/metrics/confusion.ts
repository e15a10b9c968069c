/** Counts of (truth, predicted) pairs: rows are the human verdict (truth), columns the machine's (predicted). */
export interface ConfusionMatrix {
  labels: string[];
  counts: number[][];
  n: number;
}

export interface LabelPair {
  truth: string;
  predicted: string;
}

/**
 * `labels` fixes the order (a score config's categories, so empty rows still show); labels seen in the pairs but
 * not listed are appended in sorted order.
 */
export function confusionMatrix(pairs: readonly LabelPair[], labels: readonly string[] = []): ConfusionMatrix {
  const order = [...new Set(labels)];
  const extra = new Set<string>();
  for (const { truth, predicted } of pairs) {
    if (!order.includes(truth)) extra.add(truth);
    if (!order.includes(predicted)) extra.add(predicted);
  }
  order.push(...[...extra].sort());
  const index = new Map(order.map((label, i) => [label, i]));
  const counts = order.map(() => order.map(() => 0));
  for (const { truth, predicted } of pairs) counts[index.get(truth)!]![index.get(predicted)!]!++;
  return { labels: order, counts, n: pairs.length };
}

export interface Margins {
  /** Row sums: how often each label is the truth. */
  truth: number[];
  /** Column sums: how often each label is predicted. */
  predicted: number[];
  /** The diagonal: agreements per label. */
  agreed: number[];
  n: number;
}

export function margins(counts: readonly (readonly number[])[]): Margins {
  const k = counts.length;
  const truth = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const predicted = Array.from({ length: k }, (_, j) => counts.reduce((sum, row) => sum + row[j]!, 0));
  const agreed = Array.from({ length: k }, (_, i) => counts[i]![i]!);
  return { truth, predicted, agreed, n: truth.reduce((a, b) => a + b, 0) };
}

/** Rebuilds a k×k matrix from its cells laid out row by row (the shape the bootstrap resamples). */
export function fromCells(cells: readonly number[], k: number): number[][] {
  return Array.from({ length: k }, (_, i) => cells.slice(i * k, i * k + k));
}
