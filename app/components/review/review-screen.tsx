import { Link, useActionData, useNavigate, useSubmit } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { FormFailure } from "~/lib/form";
import type { ReviewData, ReviewIntent } from "~/lib/review.server";
import { usePresence } from "~/lib/use-presence";
import { useShortcuts } from "~/lib/use-shortcuts";
import { PresenceStrip } from "../presence-strip";
import { ProgressBar } from "../progress-bar";
import { rangeableText } from "../../../worker/annotations/text-ranges";
import { cardFetcherKey, type AnnotationView } from "./annotation-card";
import { AnnotationPanel } from "./annotation-panel";
import { annotationTarget } from "./annotation-target";
import { ConversationView, type ConversationHandle } from "./conversation-view";
import { indexAnnotations } from "./conversation-index";
import { DatasetPicker, datasetFetcherKey } from "./dataset-picker";
import { MetadataPanel } from "./metadata-panel";
import { itemUrl, ReviewBar } from "./review-bar";
import { readSelection } from "./selection";
import { storedInput } from "./score-options";
import { keys } from "./shortcuts";
import { ShortcutHelp } from "./shortcut-help";
import { postJson, useComposer } from "./use-composer";
import { useFocusKeeper } from "./use-focus-keeper";

/** The focused review of one queue item: state, keys and actions; the panes only render. */
export function ReviewScreen({ data }: { data: ReviewData }) {
  const { queue, trace, annotations, scoreConfigs } = data;
  const traceId = trace.summary.id;
  const submit = useSubmit();
  const navigate = useNavigate();
  const completeFailure = useActionData<FormFailure>();
  const conversationRef = useRef<ConversationHandle>(null);
  const completeRef = useRef<HTMLFormElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const focus = useFocusKeeper();
  const presence = usePresence(queue.id, traceId);

  const [focusedMessage, setFocusedMessage] = useState<number | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [datasetOpen, setDatasetOpen] = useState(false);
  const [focusedCard, setFocusedCard] = useState<string | null>(null);

  const index = useMemo(() => indexAnnotations(annotations, trace.conversation), [annotations, trace.conversation]);
  const firstDraft = annotations.find((a) => a.status === "draft")?.id ?? null;
  const activeCardId = focusedCard && annotations.some((a) => a.id === focusedCard) ? focusedCard : firstDraft;
  const activeCard = annotations.find((a) => a.id === activeCardId) ?? null;

  const composer = useComposer(traceId, scoreConfigs, focus, () => setHint(null));

  function annotateMessage() {
    if (focusedMessage === null) return setHint("Focus a message first: n / p, Tab, or click it.");
    composer.openAt({ level: "message", messageIndex: focusedMessage });
  }

  function annotateSelection() {
    const result = readSelection(window.getSelection(), (m, p) => rangeableText(trace.conversation[m]?.parts[p]));
    if (!result.ok) return setHint(result.reason);
    const { quote, ...target } = result.range;
    setFocusedMessage(target.messageIndex);
    composer.openAt({ level: "range", ...target }, quote);
  }

  // --- Drafts and corrections on existing cards.
  function cardAction(annotation: AnnotationView, intent: ReviewIntent) {
    focus.card(annotation.id);
    submit(intent, { ...postJson, fetcherKey: cardFetcherKey(annotation.id) });
  }
  const accept = (a: AnnotationView) => cardAction(a, { intent: "accept", annotationId: a.id, edit: {} });
  const reject = (a: AnnotationView) => cardAction(a, { intent: "reject", annotationId: a.id });
  function edit(a: AnnotationView) {
    const target = annotationTarget(a.target) ?? { level: "conversation" as const };
    composer.open({
      mode: a.status === "draft" ? "accept" : "update",
      annotationId: a.id,
      target,
      quote: index.quotes.get(a.id),
      scoreConfigId: a.scoreConfigId ?? scoreConfigs[0]?.id ?? "",
      value: storedInput(a),
      comment: a.comment,
      issue: a.issueId ? { id: a.issueId, title: a.issueTitle ?? a.issueId } : null,
    });
  }
  const canEdit = (a: AnnotationView) => a.status === "draft" || (a.status === "published" && a.source === "human" && (a.authorId === data.viewerId || data.viewerIsAdmin));

  const showAnnotation = useCallback((annotationId: string) => focus.card(annotationId), [focus]);
  function showTarget(a: AnnotationView) {
    const target = annotationTarget(a.target);
    if (target && target.level !== "conversation") showMessage(target.messageIndex);
  }
  function showMessage(messageIndex: number) {
    setFocusedMessage(messageIndex);
    conversationRef.current?.showMessage(messageIndex);
  }
  const stepMessage = (step: number) => {
    if (trace.conversation.length === 0) return;
    const from = focusedMessage ?? (step > 0 ? -1 : trace.conversation.length);
    showMessage(Math.min(Math.max(from + step, 0), trace.conversation.length - 1));
  };

  const addToDataset = (dataset: { id: string } | { name: string }) => {
    submit({ intent: "dataset", dataset }, { ...postJson, fetcherKey: datasetFetcherKey(traceId) });
    setDatasetOpen(false);
  };

  const bindings: Record<string, () => void> = {
    [keys.next]: () => data.position.next && navigate(itemUrl(queue.id, data.position.next)),
    [keys.previous]: () => data.position.previous && navigate(itemUrl(queue.id, data.position.previous)),
    [keys.complete]: () => completeRef.current?.requestSubmit(),
    [keys.annotateConversation]: () => composer.openAt({ level: "conversation" }),
    [keys.annotateMessage]: annotateMessage,
    [keys.annotateSelection]: annotateSelection,
    [keys.nextMessage]: () => stepMessage(1),
    [keys.previousMessage]: () => stepMessage(-1),
    [keys.nextScore]: composer.nextScore,
    [keys.comment]: () => composer.focusField("comment"),
    [keys.issue]: () => composer.focusField("issue"),
    [keys.save]: composer.save,
    [keys.accept]: () => activeCard?.status === "draft" && accept(activeCard),
    [keys.edit]: () => activeCard && canEdit(activeCard) && edit(activeCard),
    [keys.reject]: () => activeCard?.status === "draft" && reject(activeCard),
    [keys.dataset]: () => setDatasetOpen(true),
    [keys.help]: () => setHelpOpen(true),
    ...Object.fromEntries(Array.from({ length: 9 }, (_, i) => [String(i + 1), () => composer.chooseDigit(i + 1)])),
  };
  useShortcuts(bindings);

  // Which card y / e / r act on: the one with focus, else the first draft.
  useEffect(() => {
    const onFocusIn = (event: FocusEvent) => {
      const card = event.target instanceof Element ? event.target.closest("[data-annotation-id]") : null;
      setFocusedCard(card?.getAttribute("data-annotation-id") ?? null);
    };
    document.addEventListener("focusin", onFocusIn);
    return () => document.removeEventListener("focusin", onFocusIn);
  }, []);

  return (
    <div ref={focus.rootRef} tabIndex={-1} className="flex h-[calc(100vh-41px)] flex-col outline-none" data-testid="review-screen">
      <div className="flex items-center gap-3 border-b border-slate-200 bg-white px-4 py-2 text-sm">
        <Link to={`/queues/${queue.id}`} className="text-indigo-700 hover:underline">{queue.name}</Link>
        <span className="text-slate-400">/</span>
        <h1 className="truncate font-medium">{trace.summary.name || trace.summary.id}</h1>
        <div className="ml-auto"><ShortcutHelp open={helpOpen} onOpenChange={setHelpOpen} /></div>
      </div>
      <div className="grid min-h-0 flex-1 grid-cols-[15rem_minmax(0,1fr)_24rem] max-lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="contents max-lg:hidden">
          <MetadataPanel summary={trace.summary} machineScores={queue.showMachineScores ? data.machineScores : null} onShowMessage={showMessage} />
        </div>
        <ConversationView
          ref={conversationRef}
          messages={trace.conversation}
          highlights={index.highlights}
          messageNotes={index.messageNotes}
          focusedMessage={focusedMessage}
          onFocusMessage={setFocusedMessage}
          onShowAnnotation={showAnnotation}
        />
        <AnnotationPanel
          instructions={queue.instructions}
          annotations={annotations}
          optimistic={composer.optimistic}
          quoteOf={(a) => index.quotes.get(a.id)}
          activeCardId={activeCardId}
          canEdit={canEdit}
          cardRef={focus.cardRef}
          onAccept={accept}
          onEdit={edit}
          onReject={reject}
          onShowTarget={showTarget}
          listRef={listRef}
          composer={{
            draft: composer.draft,
            configs: scoreConfigs,
            issues: data.issues,
            busy: composer.busy,
            error: composer.error,
            onChange: composer.setDraft,
            onSave: composer.save,
            onCancel: composer.cancel,
            refs: composer.refs,
          }}
          start={{ conversation: () => composer.openAt({ level: "conversation" }), message: annotateMessage, selection: annotateSelection, focusedMessage, hint }}
        />
      </div>
      <ReviewBar
        queueId={queue.id}
        {...data.position}
        completeRef={completeRef}
        completeError={completeFailure?.error ?? null}
        dataset={<DatasetPicker traceId={traceId} datasets={data.datasets} open={datasetOpen} onOpenChange={setDatasetOpen} onAdd={addToDataset} />}
        presence={
          <div className="flex items-center gap-3">
            {presence && <ProgressBar completed={presence.progress.completed} total={presence.progress.total} />}
            <PresenceStrip presence={presence} selfId={data.viewerId} traceId={traceId} />
          </div>
        }
      />
    </div>
  );
}


