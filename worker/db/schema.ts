import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Times are epoch milliseconds. JSON columns hold zod-validated shapes (see the owning feature folder).
const createdAt = () => integer("created_at").notNull().default(sql`(unixepoch('subsec') * 1000)`);

export const organizations = sqliteTable("organizations", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

export const projects = sqliteTable("projects", {
  id: text("id").primaryKey(),
  organizationId: text("organization_id").notNull().references(() => organizations.id),
  name: text("name").notNull(),
  settleSeconds: integer("settle_seconds"),
  createdAt: createdAt(),
});

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  passwordHash: text("password_hash").notNull(),
  passwordSalt: text("password_salt").notNull(),
  passwordIterations: integer("password_iterations").notNull(),
  createdAt: createdAt(),
});

export const roles = ["admin", "reviewer"] as const;
export type Role = (typeof roles)[number];

export const members = sqliteTable(
  "members",
  {
    projectId: text("project_id").notNull().references(() => projects.id),
    userId: text("user_id").notNull().references(() => users.id),
    role: text("role", { enum: roles }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.userId] }), index("members_user").on(t.userId)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    // SHA-256 of the cookie token: a leaked table cannot be replayed.
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id),
    projectId: text("project_id").notNull().references(() => projects.id),
    expiresAt: integer("expires_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user").on(t.userId)],
);

export const apiKeyScopes = ["ingest", "admin"] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id").notNull().references(() => projects.id),
    name: text("name").notNull(),
    scope: text("scope", { enum: apiKeyScopes }).notNull(),
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    createdAt: createdAt(),
    lastUsedAt: integer("last_used_at"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("api_keys_hash").on(t.keyHash), index("api_keys_project").on(t.projectId)],
);

export const traces = sqliteTable(
  "traces",
  {
    projectId: text("project_id").notNull().references(() => projects.id),
    id: text("id").notNull(),
    name: text("name").notNull().default(""),
    startedAt: integer("started_at").notNull(),
    endedAt: integer("ended_at").notNull(),
    durationMs: real("duration_ms").notNull().default(0),
    status: text("status", { enum: ["ok", "error", "unset"] }).notNull().default("unset"),
    models: text("models", { mode: "json" }).$type<string[]>().notNull().default([]),
    provider: text("provider"),
    inputTokens: integer("input_tokens").notNull().default(0),
    outputTokens: integer("output_tokens").notNull().default(0),
    totalTokens: integer("total_tokens").notNull().default(0),
    cost: real("cost"),
    timeToFirstTokenMs: real("time_to_first_token_ms"),
    sessionId: text("session_id"),
    userId: text("user_id"),
    environment: text("environment"),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull().default([]),
    metadata: text("metadata", { mode: "json" }).$type<Record<string, string>>().notNull().default({}),
    spanCount: integer("span_count").notNull().default(0),
    toolCallCount: integer("tool_call_count").notNull().default(0),
    errorCount: integer("error_count").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
    // Null while spans may still arrive; set once the settle window passes (see worker/pipeline).
    settledAt: integer("settled_at"),
    // Once the root span has arrived, the rest of a trace is near: it settles after a shorter quiet period.
    rootSeen: integer("root_seen", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.id] }),
    index("traces_project_started").on(t.projectId, t.startedAt),
    index("traces_project_session").on(t.projectId, t.sessionId),
  ],
);

/** Per-project prices (USD per million tokens) that override the built-in table, for traces without a cost. */
export const modelPrices = sqliteTable(
  "model_prices",
  {
    projectId: text("project_id").notNull().references(() => projects.id),
    model: text("model").notNull(),
    inputPerMillion: real("input_per_million").notNull(),
    outputPerMillion: real("output_per_million").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.model] })],
);

export const spans = sqliteTable(
  "spans",
  {
    projectId: text("project_id").notNull(),
    traceId: text("trace_id").notNull(),
    id: text("id").notNull(),
    parentSpanId: text("parent_span_id"),
    name: text("name").notNull(),
    kind: integer("kind").notNull().default(0),
    startedAt: integer("started_at").notNull(),
    endedAt: integer("ended_at").notNull(),
    statusCode: integer("status_code").notNull().default(0),
    statusMessage: text("status_message"),
    attributes: text("attributes", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    events: text("events", { mode: "json" }).$type<unknown[]>().notNull().default([]),
    resource: text("resource", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    receivedAt: integer("received_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.traceId, t.id] })],
);

export const messages = sqliteTable(
  "messages",
  {
    projectId: text("project_id").notNull(),
    traceId: text("trace_id").notNull(),
    position: integer("position").notNull(),
    role: text("role").notNull(),
    parts: text("parts", { mode: "json" }).$type<unknown[]>().notNull(),
    spanId: text("span_id"),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.traceId, t.position] })],
);

export const annotationQueues = sqliteTable(
  "annotation_queues",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id").notNull().references(() => projects.id),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    instructions: text("instructions").notNull().default(""),
    systemKey: text("system_key"),
    isLive: integer("is_live", { mode: "boolean" }).notNull().default(false),
    samplingPercent: real("sampling_percent").notNull().default(10),
    filter: text("filter", { mode: "json" }).$type<unknown>(),
    reviewersPerItem: integer("reviewers_per_item").notNull().default(1),
    leaseSeconds: integer("lease_seconds").notNull().default(600),
    // Whether reviewers see machine scores of the trace; off keeps their verdicts independent (alignment).
    showMachineScores: integer("show_machine_scores", { mode: "boolean" }).notNull().default(false),
    // Mirrored from the queue's Durable Object (authoritative); progressVersion orders the mirror writes.
    totalItems: integer("total_items").notNull().default(0),
    completedItems: integer("completed_items").notNull().default(0),
    progressVersion: integer("progress_version").notNull().default(0),
    createdBy: text("created_by"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
    deletedAt: integer("deleted_at"),
  },
  (t) => [
    index("annotation_queues_project").on(t.projectId, t.createdAt),
    uniqueIndex("annotation_queues_system").on(t.projectId, t.systemKey),
  ],
);

export const queueAssignees = sqliteTable(
  "queue_assignees",
  {
    queueId: text("queue_id").notNull().references(() => annotationQueues.id),
    userId: text("user_id").notNull().references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.queueId, t.userId] })],
);

export const queueItemStatuses = ["pending", "reserved", "completed"] as const;
export type QueueItemStatus = (typeof queueItemStatuses)[number];

// Read-only mirror of the AnnotationQueue Durable Object's items, for list pages and cross-queue joins.
export const queueItems = sqliteTable(
  "queue_items",
  {
    queueId: text("queue_id").notNull(),
    traceId: text("trace_id").notNull(),
    projectId: text("project_id").notNull(),
    status: text("status", { enum: queueItemStatuses }).notNull(),
    reviewedBy: text("reviewed_by", { mode: "json" }).$type<string[]>().notNull().default([]),
    addedAt: integer("added_at").notNull(),
    completedAt: integer("completed_at"),
    version: integer("version").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.queueId, t.traceId] }),
    index("queue_items_queue_status").on(t.queueId, t.status, t.addedAt),
    index("queue_items_trace").on(t.projectId, t.traceId),
  ],
);

export const scoreTypes = ["boolean", "categorical", "numeric"] as const;
export type ScoreType = (typeof scoreTypes)[number];

export const scoreConfigs = sqliteTable(
  "score_configs",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id").notNull().references(() => projects.id),
    name: text("name").notNull(),
    type: text("type", { enum: scoreTypes }).notNull(),
    description: text("description").notNull().default(""),
    categories: text("categories", { mode: "json" }).$type<string[]>(),
    minValue: real("min_value"),
    maxValue: real("max_value"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("score_configs_project_name").on(t.projectId, t.name)],
);

export const annotations = sqliteTable(
  "annotations",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id").notNull(),
    traceId: text("trace_id").notNull(),
    queueId: text("queue_id"),
    authorId: text("author_id"),
    scoreConfigId: text("score_config_id").references(() => scoreConfigs.id),
    // Boolean and numeric scores use valueNumber (pass = 1), categorical ones valueLabel.
    valueNumber: real("value_number"),
    valueLabel: text("value_label"),
    comment: text("comment").notNull().default(""),
    // {level: "conversation"} | {level: "message", messageIndex} | {level: "range", messageIndex, partIndex, start, end}
    target: text("target", { mode: "json" }).$type<unknown>().notNull(),
    issueId: text("issue_id"),
    status: text("status", { enum: ["draft", "published", "rejected"] }).notNull().default("published"),
    source: text("source", { enum: ["human", "classifier"] }).notNull().default("human"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("annotations_trace").on(t.projectId, t.traceId),
    index("annotations_queue").on(t.queueId, t.createdAt),
    index("annotations_issue").on(t.projectId, t.issueId),
  ],
);

export const scores = sqliteTable(
  "scores",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id").notNull(),
    traceId: text("trace_id").notNull(),
    evaluation: text("evaluation").notNull(),
    scoreConfigId: text("score_config_id").references(() => scoreConfigs.id),
    valueNumber: real("value_number"),
    valueLabel: text("value_label"),
    reason: text("reason"),
    // "classifier" for our own classifiers, "api" or "otlp" for evaluations from outside.
    source: text("source").notNull(),
    // Classifier results: whether it flagged, how sure, which message it points at, who decided, which config.
    flagged: integer("flagged", { mode: "boolean" }),
    confidence: real("confidence"),
    evidence: text("evidence", { mode: "json" }).$type<unknown>(),
    provider: text("provider"),
    version: text("version"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at"),
  },
  (t) => [
    // One score per (trace, evaluation, source): a redelivered or re-posted result replaces, never duplicates.
    uniqueIndex("scores_trace_evaluation").on(t.projectId, t.traceId, t.evaluation, t.source),
    index("scores_trace").on(t.projectId, t.traceId),
    index("scores_evaluation").on(t.projectId, t.evaluation, t.createdAt),
  ],
);

/** A classifier's verdict that a trace belongs in its system queue (written by the classifiers, issue 5). */
export const traceFlags = sqliteTable(
  "trace_flags",
  {
    projectId: text("project_id").notNull(),
    traceId: text("trace_id").notNull(),
    classifier: text("classifier").notNull(),
    reason: text("reason").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.traceId, t.classifier] }), index("trace_flags_classifier").on(t.projectId, t.classifier)],
);

export const issues = sqliteTable(
  "issues",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id").notNull().references(() => projects.id),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    status: text("status", { enum: ["open", "resolved"] }).notNull().default("open"),
    createdAt: createdAt(),
  },
  (t) => [index("issues_project").on(t.projectId, t.createdAt)],
);

export const datasets = sqliteTable(
  "datasets",
  {
    id: text("id").primaryKey(),
    projectId: text("project_id").notNull().references(() => projects.id),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("datasets_project_name").on(t.projectId, t.name)],
);

export const datasetItems = sqliteTable(
  "dataset_items",
  {
    datasetId: text("dataset_id").notNull().references(() => datasets.id),
    traceId: text("trace_id").notNull(),
    addedBy: text("added_by"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.datasetId, t.traceId] })],
);

/** Per-project cost controls for the LLM classifiers. */
export const classifierSettings = sqliteTable("classifier_settings", {
  projectId: text("project_id").primaryKey().references(() => projects.id),
  // Share of completed traces the LLM classifiers look at, decided deterministically per trace.
  llmSamplingPercent: real("llm_sampling_percent").notNull().default(10),
  dailyBudgetUsd: real("daily_budget_usd").notNull().default(1),
  updatedAt: integer("updated_at").notNull(),
});

/** A project's override of one classifier's models, prompt and threshold; version is stored with each result. */
export const classifierConfigs = sqliteTable(
  "classifier_configs",
  {
    projectId: text("project_id").notNull().references(() => projects.id),
    classifier: text("classifier").notNull(),
    config: text("config", { mode: "json" }).$type<unknown>().notNull(),
    version: integer("version").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.classifier] })],
);

/** LLM classifier spend per project and UTC day, checked against the daily budget. */
export const llmUsage = sqliteTable(
  "llm_usage",
  {
    projectId: text("project_id").notNull(),
    day: text("day").notNull(),
    calls: integer("calls").notNull().default(0),
    costUsd: real("cost_usd").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.day] })],
);
