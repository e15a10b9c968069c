import type { Attributes, Tracer } from "@opentelemetry/api";
import { OTLPTraceExporter as OTLPJsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as OTLPProtobufExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
} from "@opentelemetry/sdk-trace-base";
import { LegacyOpenTelemetry, OpenTelemetry } from "@ai-sdk/otel";
import type { Telemetry } from "ai";
import { z } from "zod";

// Real OpenTelemetry SDK clients pointed at the running app, and a reader for what the app made of their spans.

export type OtlpProtocol = "json" | "protobuf";

type ExportResult = Parameters<Parameters<SpanExporter["export"]>[1]>[0];
// ExportResultCode.SUCCESS of @opentelemetry/core, which is only a transitive dependency here.
const EXPORT_SUCCESS = 0;

/**
 * Forwards to the OTLP exporter and remembers failed exports: the SDK only logs them through `diag`, so without
 * this a rejected request (401, 415, 5xx) would surface as a confusing 404 while polling for the trace.
 */
class CheckedExporter implements SpanExporter {
  readonly failures: string[] = [];

  constructor(private readonly inner: SpanExporter) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      if (result.code !== EXPORT_SUCCESS) this.failures.push(result.error?.message ?? `export failed with code ${result.code}`);
      resultCallback(result);
    });
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

export interface Tracing {
  tracer: Tracer;
  /** Every span the SDK ended, kept locally so a test can learn its trace id and report what the SDK emitted. */
  finishedSpans(): ReadableSpan[];
  /** Sends everything buffered to the app; throws if the app refused any export. */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** A BasicTracerProvider exporting over OTLP/HTTP in the given encoding, as an instrumented app would configure it. */
export function startTracing(options: { baseUrl: string; ingestKey: string; protocol: OtlpProtocol; serviceName: string }): Tracing {
  const config = {
    url: `${options.baseUrl}/v1/traces`,
    headers: { Authorization: `Bearer ${options.ingestKey}` },
  };
  const otlp = new CheckedExporter(options.protocol === "json" ? new OTLPJsonExporter(config) : new OTLPProtobufExporter(config));
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": options.serviceName }),
    // Batching, as production setups do, so one export carries the whole trace and exercises multi-span requests.
    spanProcessors: [new BatchSpanProcessor(otlp), new SimpleSpanProcessor(memory)],
  });
  return {
    tracer: provider.getTracer("annotation-queue-e2e", "1.0.0"),
    finishedSpans: () => memory.getFinishedSpans(),
    async flush() {
      await provider.forceFlush();
      if (otlp.failures.length > 0) throw new Error(`OTLP export to ${config.url} failed: ${otlp.failures.join("; ")}`);
    },
    shutdown: () => provider.shutdown(),
  };
}

/** The one trace id among the spans; a test that produced spans in several traces has a wiring bug worth failing on. */
export function singleTraceId(spans: ReadableSpan[]): string {
  const ids = [...new Set(spans.map((span) => span.spanContext().traceId))];
  if (ids.length !== 1 || !ids[0]) throw new Error(`expected the spans to form one trace, got ${ids.length}:\n${describeSpans(spans)}`);
  return ids[0];
}

/** Names, parents and attributes as the SDK emitted them, for failure messages and the report on AI SDK output. */
export function describeSpans(spans: ReadableSpan[]): string {
  const names = new Map(spans.map((span) => [span.spanContext().spanId, span.name]));
  return spans
    .map((span) => {
      const parentId = span.parentSpanContext?.spanId;
      const parent = parentId ? (names.get(parentId) ?? parentId) : "(root)";
      return `${span.name}  <- ${parent}\n${describeAttributes(span.attributes)}`;
    })
    .join("\n");
}

function describeAttributes(attributes: Attributes): string {
  return Object.entries(attributes)
    .map(([key, value]) => `    ${key} = ${JSON.stringify(value)}`)
    .join("\n");
}

// The parts of GET /api/v1/traces/{traceId} these tests assert on; parsed rather than cast so a changed response
// fails with a schema error instead of a puzzling mismatch.
const partSchema = z.union([
  z.object({ type: z.literal("text"), content: z.string() }),
  z.object({ type: z.literal("reasoning"), content: z.string() }),
  z.object({ type: z.literal("tool_call"), id: z.string().nullable(), name: z.string(), arguments: z.unknown() }),
  z.object({ type: z.literal("tool_result"), id: z.string().nullable(), result: z.unknown(), isError: z.boolean().optional() }),
]);
const traceViewSchema = z.object({
  summary: z.object({
    name: z.string(),
    models: z.array(z.string()),
    provider: z.string().nullable(),
    inputTokens: z.number(),
    outputTokens: z.number(),
    spanCount: z.number(),
    toolCallCount: z.number(),
    settledAt: z.number().nullable(),
  }),
  spans: z.array(z.unknown()),
  conversation: z.array(z.object({ role: z.string(), parts: z.array(partSchema), spanId: z.string().nullable() })),
});
export type TraceView = z.infer<typeof traceViewSchema>;
export type ConversationPart = z.infer<typeof partSchema>;
export interface ConversationMessage {
  role: string;
  parts: ConversationPart[];
}

/**
 * Polls the trace until the app has settled it (its queue consumer runs on a ~1-3 s batch timeout here), so the
 * assertions see the final conversation and totals rather than a partial one.
 */
export async function settledTrace(options: { baseUrl: string; adminKey: string; traceId: string; timeoutMs?: number }): Promise<TraceView> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  let last = "no response yet";
  while (Date.now() < deadline) {
    const response = await fetch(`${options.baseUrl}/api/v1/traces/${options.traceId}`, {
      headers: { Authorization: `Bearer ${options.adminKey}` },
    });
    if (response.status === 200) {
      const view = traceViewSchema.parse(await response.json());
      if (view.summary.settledAt !== null) return view;
      last = "stored but not settled";
    } else if (response.status === 404) {
      last = "404: no span stored yet";
    } else {
      throw new Error(`GET trace ${options.traceId}: ${response.status} ${await response.text()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`trace ${options.traceId} did not settle in time (${last})`);
}

/** The conversation without span attribution, which depends on span ids the test does not choose. */
export function conversationOf(view: TraceView): ConversationMessage[] {
  return view.conversation.map(({ role, parts }) => ({ role, parts }));
}

/**
 * The two integrations @ai-sdk/otel ships: `OpenTelemetry` emits GenAI semantic-convention spans (invoke_agent,
 * step, chat, execute_tool), `LegacyOpenTelemetry` the ai.* spans of AI SDK 6 and earlier (ai.generateText,
 * ai.generateText.doGenerate, ai.toolCall) that existing deployments still send. AI SDK 7 emits no spans without one.
 */
export type AiSdkIntegration = "OpenTelemetry" | "LegacyOpenTelemetry";

export function aiSdkTelemetry(integration: AiSdkIntegration, tracer: Tracer): Telemetry {
  return integration === "OpenTelemetry" ? new OpenTelemetry({ tracer }) : new LegacyOpenTelemetry({ tracer });
}
