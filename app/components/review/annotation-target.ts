import { annotationTargetSchema, type AnnotationTarget } from "../../../worker/annotations/target";

/** A stored target, read back untyped from JSON, checked before the screen relies on it. */
export function annotationTarget(raw: unknown): AnnotationTarget | null {
  const parsed = annotationTargetSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
