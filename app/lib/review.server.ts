import { redirect, type AppLoadContext } from "@remix-run/cloudflare";
import { z } from "zod";
import { acceptDraft, acceptDraftSchema, annotationEditSchema, rejectDraft, updateAnnotation } from "../../worker/annotations/edit";
import { listMachineScores } from "../../worker/annotations/machine-scores";
import { annotationTargetSchema, createAnnotation, issueLinkFields, listAnnotations, listScoreConfigs, scoreInputSchema } from "../../worker/annotations/service";
import { visibleInQueue } from "../../worker/annotations/visibility";
import { addDatasetItems, createDataset, datasetsHoldingTrace, getDataset, listDatasets } from "../../worker/datasets/service";
import { ServiceError } from "../../worker/errors";
import { issuesByIds, listIssues } from "../../worker/issues/service";
import { changeItem, itemNeighbors } from "../../worker/queues/items";
import { getQueue } from "../../worker/queues/service";
import { getTrace } from "../../worker/traces/service";
import { classifierKeys } from "../../worker/classifiers/types";
import { systemScoreConfigId } from "../../worker/projects/system-queues";
import { passFail, yesNo } from "~/components/review/score-options";
import { db, type UserPrincipal } from "./session.server";

// Glue between the review screen and the feature services: what the screen loads, and the actions it posts.

const PICKER_SIZE = 100;

export async function loadReview(context: AppLoadContext, user: UserPrincipal, queueId: string, traceId: string) {
  const database = db(context);
  const queue = await getQueue(database, user, queueId);
  const [trace, annotations, scoreConfigs, position, openIssues, datasets, holding, machineScores] = await Promise.all([
    getTrace(database, user, traceId),
    listAnnotations(database, user, traceId),
    listScoreConfigs(database, user),
    itemNeighbors(database, context.cloudflare.env, user, queue.id, traceId),
    listIssues(database, user, { status: "open", limit: PICKER_SIZE }),
    listDatasets(database, user, { limit: PICKER_SIZE }),
    datasetsHoldingTrace(database, user, traceId),
    queue.showMachineScores ? listMachineScores(database, user, traceId) : Promise.resolve([]),
  ]);
  const visible = visibleInQueue(annotations, queue);
  const systemConfigIds = new Set(classifierKeys.map((key) => systemScoreConfigId(user.projectId, key)));
  // Linked issues that are resolved or beyond the picker's page still need their titles.
  const missing = visible.map((a) => a.issueId).filter((id): id is string => !!id && !openIssues.items.some((i) => i.id === id));
  const linked = await issuesByIds(database, user.projectId, missing);
  return {
    queue: { id: queue.id, name: queue.name, instructions: queue.instructions, showMachineScores: queue.showMachineScores },
    trace: { summary: trace.summary, conversation: trace.conversation },
    annotations: visible,
    // The classifiers' own score configs ask "does the trace show X?": their booleans read yes / no, not pass / fail.
    scoreConfigs: scoreConfigs.map((config) => ({ ...config, booleanLabels: systemConfigIds.has(config.id) ? yesNo : passFail })),
    issues: [...openIssues.items, ...linked].map(({ id, title }) => ({ id, title })),
    datasets: datasets.items.map(({ id, name, itemCount }) => ({ id, name, itemCount, holdsTrace: holding.includes(id) })),
    machineScores,
    position,
    viewerId: user.userId,
    viewerIsAdmin: user.role === "admin",
  };
}
export type ReviewData = Awaited<ReturnType<typeof loadReview>>;

/** What the screen posts (as JSON); each intent goes to one service call. */
export const reviewIntentSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("annotate"),
    scoreConfigId: z.string().min(1),
    value: scoreInputSchema,
    comment: z.string().max(20_000).default(""),
    target: annotationTargetSchema,
    ...issueLinkFields,
  }),
  z.object({ intent: z.literal("accept"), annotationId: z.string().min(1), edit: acceptDraftSchema }),
  z.object({ intent: z.literal("update"), annotationId: z.string().min(1), edit: annotationEditSchema }),
  z.object({ intent: z.literal("reject"), annotationId: z.string().min(1) }),
  z.object({
    intent: z.literal("dataset"),
    dataset: z.union([z.object({ id: z.string().min(1) }), z.object({ name: z.string() })]),
  }),
]);
export type ReviewIntent = z.input<typeof reviewIntentSchema>;

export type ReviewActionResult = { ok: true; intent: ReviewIntent["intent"]; dataset?: { id: string; name: string; added: boolean } };

export async function runReviewIntent(context: AppLoadContext, user: UserPrincipal, queueId: string, traceId: string, raw: unknown): Promise<ReviewActionResult> {
  const parsed = reviewIntentSchema.safeParse(raw);
  if (!parsed.success) throw ServiceError.fromZod(parsed.error, "request");
  const input = parsed.data;
  const database = db(context);
  switch (input.intent) {
    case "annotate": {
      const { intent: _intent, ...annotation } = input;
      await createAnnotation(database, user, { ...annotation, traceId, queueId });
      return { ok: true, intent: input.intent };
    }
    case "accept":
      await acceptDraft(database, user, input.annotationId, { ...input.edit, queueId });
      return { ok: true, intent: input.intent };
    case "update":
      await updateAnnotation(database, user, input.annotationId, input.edit);
      return { ok: true, intent: input.intent };
    case "reject":
      await rejectDraft(database, user, input.annotationId);
      return { ok: true, intent: input.intent };
    case "dataset": {
      const dataset = "id" in input.dataset ? await getDataset(database, user, input.dataset.id) : await createDataset(database, user, { name: input.dataset.name });
      const result = await addDatasetItems(database, user, dataset.id, { traceIds: [traceId] });
      return { ok: true, intent: input.intent, dataset: { id: dataset.id, name: dataset.name, added: result.added > 0 } };
    }
  }
}

/** Fully Annotated: the reviewer's review is done; the next item is whatever the queue hands out next. */
export async function completeItem(context: AppLoadContext, user: UserPrincipal, queueId: string, traceId: string): Promise<never> {
  await changeItem(db(context), context.cloudflare.env, user, queueId, traceId, "complete");
  throw redirect(`/queues/${queueId}/review`);
}
