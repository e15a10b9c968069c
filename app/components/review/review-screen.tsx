import { useActionData, useFetcher, useNavigate, useSubmit } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { FormFailure } from "~/lib/form";
import type { ReviewActionResult, ReviewData, ReviewIntent } from "~/lib/review.server";
import { useShortcuts } from "~/lib/use-shortcuts";
import { rangeableText } from "../../../worker/annotations/text-ranges";
import type { AnnotationTarget } from "../../../worker/annotations/target";
import { cardFetcherKey, type AnnotationView } from "./annotation-card";
import { AnnotationPanel } from "./annotation-panel";
import { annotationTarget } from "./annotation-target";
import { newDraft, toIntent, withDigit, withNextScore, type ComposerDraft } from "./composer-draft";
import { ConversationView, type ConversationHandle } from "./conversation-view";
import { indexAnnotations } from "./conversation-index";
import { DatasetPicker, datasetFetcherKey } from "./dataset-picker";
import { MetadataPanel } from "./metadata-panel";
import { itemUrl, ReviewBar } from "./review-bar";
import { readSelection } from "./selection";
import { passFail, storedInput } from "./score-options";
import { keys } from "./shortcuts";
import { ShortcutHelp } from "./shortcut-help";
import { useFocusKeeper } from "./use-focus-keeper";

const json = { method: "post", encType: "application/json", navigate: false } as const;

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
  const composerRefs = { comment: useRef<HTMLTextAreaElement>(null), issue: useRef<HTMLInputElement>(null), number: useRef<HTMLInputElement>(null), root: useRef<HTMLFormElement>(null) };
  const focus = useFocusKeeper();

  const [focusedMessage, setFocusedMessage] = useState<number | null>(null);
  const [composer, setComposer] = useState<ComposerDraft | null>(null);
  const [composerError, setComposerError] = useState<string | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [datasetOpen, setDatasetOpen] = useState(false);
  const [focusedCard, setFocusedCard] = useState<string | null>(null);
  const [lastConfigId, setLastConfigId] = useState<string | null>(null);

  const index = useMemo(() => indexAnnotations(annotations, trace.conversation), [annotations, trace.conversation]);
  const defaultConfig = scoreConfigs.find((c) => c.id === lastConfigId) ?? scoreConfigs.find((c) => c.name === "Verdict") ?? scoreConfigs[0];
  const firstDraft = annotations.find((a) => a.status === "draft")?.id ?? null;
  const activeCardId = focusedCard && annotations.some((a) => a.id === focusedCard) ? focusedCard : firstDraft;
  const activeCard = annotations.find((a) => a.id === activeCardId) ?? null;

  // --- Annotating: the composer posts through one fetcher; a refusal reopens it with everything as it was.
  const composerKey = `composer:${traceId}`;
  const composerFetcher = useFetcher<ReviewActionResult | FormFailure>({ key: composerKey });
  const submitted = useRef<ComposerDraft | null>(null);
  const composerBusy = composerFetcher.state !== "idle";
  useEffect(() => {
    if (composerFetcher.state !== "idle" || !submitted.current) return;
    const result = composerFetcher.data;
    if (result && "error" in result) {
      setComposer(submitted.current);
      setComposerError(result.error);
      focus.later(() => composerRefs.root.current);
    }
    submitted.current = null;
  }, [composerFetcher.state, composerFetcher.data]);

  const open = useCallback(
    (draft: ComposerDraft) => {
      focus.remember();
      setHint(null);
      setComposerError(null);
      setComposer(draft);
      focus.later(() => composerRefs.root.current);
    },
    [focus],
  );
  const openAt = (target: AnnotationTarget, quote?: string) => open(newDraft(target, defaultConfig, quote));
  const ensureComposer = (): ComposerDraft => {
    if (composer) return composer;
    const draft = newDraft({ level: "conversation" }, defaultConfig);
    open(draft);
    return draft;
  };

  function save() {
    if (!composer || composerBusy) return;
    const intent = toIntent(composer);
    if (!intent) {
      setComposerError("Choose a value first (1–9, or the buttons).");
      return;
    }
    submitted.current = composer;
    setLastConfigId(composer.scoreConfigId);
    submit(intent, { ...json, fetcherKey: composerKey });
    setComposer(null);
    setComposerError(null);
    focus.restore();
  }

  function cancel() {
    setComposer(null);
    setComposerError(null);
    focus.restore();
  }

  function chooseDigit(digit: number) {
    const draft = ensureComposer();
    const config = scoreConfigs.find((c) => c.id === draft.scoreConfigId);
    const chosen = withDigit(draft, config, digit);
    if (chosen) return setComposer(chosen);
    // A wide numeric range has no buttons: the digit starts the number instead.
    if (config?.type === "numeric") {
      setComposer({ ...draft, value: digit });
      focus.later(() => composerRefs.number.current);
    }
  }

  const focusField = (field: "comment" | "issue") => {
    ensureComposer();
    focus.later(() => composerRefs[field].current);
  };

  function annotateMessage() {
    if (focusedMessage === null) return setHint("Focus a message first: n / p, Tab, or click it.");
    openAt({ level: "message", messageIndex: focusedMessage });
  }

  function annotateSelection() {
    const result = readSelection(window.getSelection(), (m, p) => rangeableText(trace.conversation[m]?.parts[p]));
    if (!result.ok) return setHint(result.reason);
    const { quote, ...target } = result.range;
    setFocusedMessage(target.messageIndex);
    openAt({ level: "range", ...target }, quote);
  }

  // --- Drafts and corrections on existing cards.
  function cardAction(annotation: AnnotationView, intent: ReviewIntent) {
    focus.card(annotation.id);
    submit(intent, { ...json, fetcherKey: cardFetcherKey(annotation.id) });
  }
  const accept = (a: AnnotationView) => cardAction(a, { intent: "accept", annotationId: a.id, edit: {} });
  const reject = (a: AnnotationView) => cardAction(a, { intent: "reject", annotationId: a.id });
  function edit(a: AnnotationView) {
    const target = annotationTarget(a.target) ?? { level: "conversation" as const };
    open({
      mode: a.status === "draft" ? "accept" : "update",
      annotationId: a.id,
      target,
      quote: index.quotes.get(a.id),
      scoreConfigId: a.scoreConfigId ?? defaultConfig?.id ?? "",
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
    submit({ intent: "dataset", dataset }, { ...json, fetcherKey: datasetFetcherKey(traceId) });
    setDatasetOpen(false);
  };

  const bindings: Record<string, () => void> = {
    [keys.next]: () => data.position.next && navigate(itemUrl(queue.id, data.position.next)),
    [keys.previous]: () => data.position.previous && navigate(itemUrl(queue.id, data.position.previous)),
    [keys.complete]: () => completeRef.current?.requestSubmit(),
    [keys.annotateConversation]: () => openAt({ level: "conversation" }),
    [keys.annotateMessage]: annotateMessage,
    [keys.annotateSelection]: annotateSelection,
    [keys.nextMessage]: () => stepMessage(1),
    [keys.previousMessage]: () => stepMessage(-1),
    [keys.nextScore]: () => composer && setComposer(withNextScore(composer, scoreConfigs)),
    [keys.comment]: () => focusField("comment"),
    [keys.issue]: () => focusField("issue"),
    [keys.save]: save,
    [keys.accept]: () => activeCard?.status === "draft" && accept(activeCard),
    [keys.edit]: () => activeCard && canEdit(activeCard) && edit(activeCard),
    [keys.reject]: () => activeCard?.status === "draft" && reject(activeCard),
    [keys.dataset]: () => setDatasetOpen(true),
    [keys.help]: () => setHelpOpen(true),
    ...Object.fromEntries(Array.from({ length: 9 }, (_, i) => [String(i + 1), () => chooseDigit(i + 1)])),
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

  function optimisticLabel(scoreConfigId: string, value: unknown): string {
    const config = scoreConfigs.find((c) => c.id === scoreConfigId);
    const shown = typeof value === "boolean" ? (config?.booleanLabels ?? passFail)[value ? 0 : 1] : String(value);
    return `${config?.name ?? "Score"}: ${shown}`;
  }
  const pending = composerBusy ? (composerFetcher.json as ReviewIntent | undefined) : undefined;
  const optimistic =
    pending?.intent === "annotate"
      ? [{ label: optimisticLabel(pending.scoreConfigId, pending.value), comment: pending.comment ?? "" }]
      : [];

  return (
    <div ref={focus.rootRef} tabIndex={-1} className="flex h-[calc(100vh-41px)] flex-col outline-none" data-testid="review-screen">
      <div className="flex items-center gap-3 border-b border-slate-200 bg-white px-4 py-2 text-sm">
        <a href={`/queues/${queue.id}`} className="text-indigo-700 hover:underline">{queue.name}</a>
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
          optimistic={optimistic}
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
            draft: composer,
            configs: scoreConfigs,
            issues: data.issues,
            busy: composerBusy,
            error: composerError,
            onChange: setComposer,
            onSave: save,
            onCancel: cancel,
            refs: composerRefs,
          }}
          start={{ conversation: () => openAt({ level: "conversation" }), message: annotateMessage, selection: annotateSelection, focusedMessage, hint }}
        />
      </div>
      <ReviewBar
        queueId={queue.id}
        {...data.position}
        completeRef={completeRef}
        completeError={completeFailure?.error ?? null}
        dataset={<DatasetPicker traceId={traceId} datasets={data.datasets} open={datasetOpen} onOpenChange={setDatasetOpen} onAdd={addToDataset} />}
      />
    </div>
  );
}


