// How operators read in the builder: "Model starts with gpt-4", "Duration (ms) between 100 and 500".
export const operatorLabels: Record<string, string> = {
  equals: "is",
  notEquals: "is not",
  in: "is any of",
  contains: "contains",
  startsWith: "starts with",
  isSet: "is set",
  isNotSet: "is not set",
  gt: ">",
  gte: "≥",
  lt: "<",
  lte: "≤",
  between: "between",
  before: "before",
  after: "after",
  within: "within the last",
  has: "has",
  hasAny: "has one of",
  hasAll: "has all of",
  hasNone: "has none of",
  flagged: "flagged",
  notFlagged: "not flagged",
  exists: "exists",
  notExists: "does not exist",
  above: "above",
  below: "below",
};

export const nameLabels = { key: "Metadata key", classifier: "Classifier", evaluation: "Evaluation" } as const;

export const inputClass = "rounded border border-slate-300 bg-white px-2 py-1 text-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500";
