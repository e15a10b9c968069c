import type { RefObject } from "react";
import { AnnotationCard, type AnnotationView } from "./annotation-card";
import { AnnotationComposer } from "./annotation-composer";
import type { ComposerDraft } from "./composer-draft";
import { Kbd } from "./kbd";
import type { ScoreConfigView } from "./score-options";
import { keys } from "./shortcuts";
import { TraceMarkdown } from "./trace-markdown";

interface Props {
  instructions: string;
  annotations: AnnotationView[];
  /** Annotations posted but not yet confirmed, shown at once (and gone again if the server refuses them). */
  optimistic: { label: string; comment: string }[];
  quoteOf: (annotation: AnnotationView) => string | undefined;
  activeCardId: string | null;
  canEdit: (annotation: AnnotationView) => boolean;
  cardRef: (id: string) => (element: HTMLLIElement | null) => void;
  onAccept: (annotation: AnnotationView) => void;
  onEdit: (annotation: AnnotationView) => void;
  onReject: (annotation: AnnotationView) => void;
  onShowTarget: (annotation: AnnotationView) => void;
  composer: {
    draft: ComposerDraft | null;
    configs: readonly ScoreConfigView[];
    issues: readonly { id: string; title: string }[];
    busy: boolean;
    error: string | null;
    onChange: (draft: ComposerDraft) => void;
    onSave: () => void;
    onCancel: () => void;
    refs: Parameters<typeof AnnotationComposer>[0]["refs"];
  };
  start: { conversation: () => void; message: () => void; selection: () => void; focusedMessage: number | null; hint: string | null };
  listRef: RefObject<HTMLUListElement>;
}

export function AnnotationPanel(props: Props) {
  const { composer, start } = props;
  const drafts = props.annotations.filter((a) => a.status === "draft").length;
  return (
    <aside className="flex min-h-0 flex-col gap-4 overflow-y-auto border-l border-slate-200 bg-white p-4 text-sm" aria-label="Annotations">
      <section aria-labelledby="instructions-title">
        <h2 id="instructions-title" className="mb-1 text-xs font-semibold uppercase text-slate-500">Instructions</h2>
        <div className="text-slate-700" data-testid="instructions">
          {props.instructions ? <TraceMarkdown source={props.instructions} /> : <p className="text-slate-500">No instructions for this queue.</p>}
        </div>
      </section>

      <section aria-labelledby="annotations-title">
        <h2 id="annotations-title" className="mb-1 text-xs font-semibold uppercase text-slate-500">
          Annotations{drafts > 0 && <span className="ml-1 normal-case text-amber-700">({drafts} draft{drafts === 1 ? "" : "s"} to review)</span>}
        </h2>
        <ul ref={props.listRef} className="flex flex-col gap-2">
          {props.annotations.length === 0 && props.optimistic.length === 0 && <li className="text-slate-500">None yet.</li>}
          {props.annotations.map((annotation) => (
            <AnnotationCard
              key={annotation.id}
              ref={props.cardRef(annotation.id)}
              annotation={annotation}
              quote={props.quoteOf(annotation)}
              booleanLabels={composer.configs.find((c) => c.id === annotation.scoreConfigId)?.booleanLabels}
              active={props.activeCardId === annotation.id}
              canEdit={props.canEdit(annotation)}
              onAccept={() => props.onAccept(annotation)}
              onEdit={() => props.onEdit(annotation)}
              onReject={() => props.onReject(annotation)}
              onShowTarget={() => props.onShowTarget(annotation)}
            />
          ))}
          {props.optimistic.map((pending, i) => (
            <li key={`pending-${i}`} className="rounded border border-slate-200 bg-white p-2 opacity-70" data-testid="annotation-pending" aria-busy="true">
              <div className="text-xs italic text-slate-500">Saving…</div>
              <div className="font-medium">{pending.label}</div>
              {pending.comment && <p className="whitespace-pre-wrap text-slate-700">{pending.comment}</p>}
            </li>
          ))}
        </ul>
      </section>

      <section aria-label="Create an annotation" className="flex flex-col gap-2">
        {composer.draft ? (
          <AnnotationComposer
            draft={composer.draft}
            configs={composer.configs}
            issues={composer.issues}
            busy={composer.busy}
            error={composer.error}
            onChange={composer.onChange}
            onSave={composer.onSave}
            onCancel={composer.onCancel}
            refs={composer.refs}
          />
        ) : (
          <>
            {composer.error && <p role="alert" className="text-sm text-red-700">{composer.error}</p>}
            <div className="flex flex-wrap gap-1.5">
              <button type="button" onClick={start.conversation} className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-50">
                Annotate conversation <Kbd k={keys.annotateConversation} />
              </button>
              <button
                type="button"
                onClick={start.message}
                disabled={start.focusedMessage === null}
                className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-50 disabled:opacity-40"
              >
                Annotate message{start.focusedMessage !== null ? ` #${start.focusedMessage + 1}` : ""} <Kbd k={keys.annotateMessage} />
              </button>
              <button
                type="button"
                // Pressing the button would clear the selection it is meant to read.
                onMouseDown={(event) => event.preventDefault()}
                onClick={start.selection}
                className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-50"
              >
                Annotate selection <Kbd k={keys.annotateSelection} />
              </button>
            </div>
            {start.hint && <p role="status" className="text-xs text-slate-600">{start.hint}</p>}
          </>
        )}
      </section>
    </aside>
  );
}
