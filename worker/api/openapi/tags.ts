import { datasetsTag } from "./datasets";
import { issuesTag } from "./issues";

/** The document's sections, in the order a newcomer meets them. */
export const tags = {
  ingest: { name: "Ingest", description: "Send traces: OTLP/HTTP, or the canonical JSON for those without OpenTelemetry." },
  traces: { name: "Traces", description: "Read traces and sessions, filtered with a FilterSet." },
  queues: { name: "Queues", description: "Annotation queues: what to review, by whom, and how far along it is." },
  review: { name: "Review", description: "A queue's items: add, claim, complete, release, reopen." },
  annotations: { name: "Annotations", description: "Human judgments on traces, against score configs." },
  evaluations: { name: "Evaluations", description: "Machine scores, and how well they agree with human verdicts (alignment, reviewer agreement)." },
  issues: issuesTag,
  datasets: datasetsTag,
  settings: { name: "Settings", description: "Project settings that change how traces are summarized." },
  meta: { name: "Meta", description: "This document." },
} as const;
