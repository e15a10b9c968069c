import { useFetcher } from "@remix-run/react";
import { forwardRef } from "react";
import type { FormFailure } from "~/lib/form";
import type { ReviewActionResult, ReviewData, ReviewIntent } from "~/lib/review.server";
import { annotationTarget } from "./annotation-target";
import { Kbd } from "./kbd";
import { valueText, type BooleanLabels } from "./score-options";
import { keys } from "./shortcuts";
import { targetLabel } from "./target-label";

export type AnnotationView = ReviewData["annotations"][number];

/** Each card's accept/reject goes through its own fetcher, so several can be in flight and each rolls back alone. */
export const cardFetcherKey = (annotationId: string) => `annotation:${annotationId}`;

interface Props {
  annotation: AnnotationView;
  quote?: string;
  booleanLabels?: BooleanLabels;
  /** The card the y / e / r keys act on: it shows their hints. */
  active: boolean;
  canEdit: boolean;
  onAccept: () => void;
  onEdit: () => void;
  onReject: () => void;
  onShowTarget: () => void;
}

/** What the card shows while its change is in flight: the status it will have, so the change appears at once. */
function pendingStatus(json: unknown): AnnotationView["status"] | null {
  const intent = json as ReviewIntent | undefined;
  if (intent?.intent === "accept") return "published";
  if (intent?.intent === "reject") return "rejected";
  return null;
}

const statusStyle: Record<AnnotationView["status"], string> = {
  draft: "border-dashed border-amber-400 bg-amber-50",
  published: "border-slate-200 bg-white",
  rejected: "border-slate-200 bg-slate-50 opacity-60",
};

export const AnnotationCard = forwardRef<HTMLLIElement, Props>(function AnnotationCard(props, ref) {
  const { annotation, active } = props;
  const fetcher = useFetcher<ReviewActionResult | FormFailure>({ key: cardFetcherKey(annotation.id) });
  const pending = fetcher.state !== "idle" ? pendingStatus(fetcher.json) : null;
  const status = pending ?? annotation.status;
  const failed = fetcher.state === "idle" && fetcher.data && "error" in fetcher.data ? fetcher.data.error : null;
  const target = annotationTarget(annotation.target);
  const author = annotation.source === "classifier" ? "Classifier" : (annotation.authorName ?? "API key");
  return (
    <li
      ref={ref}
      tabIndex={0}
      data-testid="annotation"
      data-annotation-id={annotation.id}
      data-status={status}
      aria-label={`${annotation.scoreName ?? "Annotation"}: ${valueText(annotation, props.booleanLabels)}, ${status}`}
      className={`rounded border p-2 outline-none focus:ring-2 focus:ring-indigo-400 ${statusStyle[status]}`}
    >
      <div className="flex items-center justify-between gap-2 text-xs text-slate-500">
        <span>
          {author}
          {status !== "published" && <span className="ml-1 rounded bg-slate-200 px-1 font-medium uppercase text-slate-700">{status}</span>}
          {pending && <span className="ml-1 italic">saving…</span>}
        </span>
        <time dateTime={new Date(annotation.createdAt).toISOString()}>{new Date(annotation.createdAt).toLocaleString()}</time>
      </div>
      <div className={`font-medium ${status === "rejected" ? "line-through" : ""}`}>
        {annotation.scoreName ?? "No score yet"}: {valueText(annotation, props.booleanLabels)}
      </div>
      {target && (
        <button type="button" onClick={props.onShowTarget} className="block max-w-full truncate text-left text-xs text-indigo-700 hover:underline" data-testid="annotation-target">
          {targetLabel(target, props.quote)}
        </button>
      )}
      {annotation.comment && <p className="mt-1 whitespace-pre-wrap break-words text-slate-700">{annotation.comment}</p>}
      {annotation.issueTitle && <p className="mt-1 text-xs"><span className="rounded bg-rose-100 px-1.5 text-rose-900">Issue: {annotation.issueTitle}</span></p>}
      {failed && <p role="alert" className="mt-1 text-xs text-red-700">{failed}</p>}
      {(status === "draft" || (status === "published" && props.canEdit)) && !pending && (
        <div className="mt-2 flex gap-1.5 text-xs">
          {status === "draft" && (
            <button type="button" onClick={props.onAccept} className="rounded bg-emerald-600 px-2 py-0.5 text-white hover:bg-emerald-700">
              Accept{active && <Kbd k={keys.accept} className="border-emerald-400 bg-emerald-500 text-white" />}
            </button>
          )}
          <button type="button" onClick={props.onEdit} className="rounded border border-slate-300 bg-white px-2 py-0.5 hover:bg-slate-50">
            Edit{active && <Kbd k={keys.edit} />}
          </button>
          {status === "draft" && (
            <button type="button" onClick={props.onReject} className="rounded border border-slate-300 bg-white px-2 py-0.5 text-red-700 hover:bg-red-50">
              Reject{active && <Kbd k={keys.reject} />}
            </button>
          )}
        </div>
      )}
    </li>
  );
});
