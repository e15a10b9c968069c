import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { decodeOtlpJson } from "./otlp-json";
import { decodeOtlpProto, encodeExportResponse } from "./otlp-proto";

// Cross-check against an implementation we did not write: the OpenTelemetry JS exporter's own serializers.
// Our test encoder and decoder share their author's reading of the field numbers; this one does not.

const T0 = Date.UTC(2025, 0, 1);

function recordSpans() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "agent", "host.cpus": 8 }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer("ai", "1.2.3");
  const root = tracer.startSpan("invoke_agent", { kind: SpanKind.SERVER, startTime: new Date(T0) });
  const child = tracer.startSpan(
    "chat gpt-4o",
    {
      kind: SpanKind.CLIENT,
      startTime: new Date(T0 + 5),
      attributes: {
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.usage.input_tokens": 12,
        "gen_ai.request.temperature": 0.7,
        "gen_ai.request.stream": true,
        "gen_ai.request.stop_sequences": ["\n\n", "END"],
        "ints": [1, -2],
      },
    },
    trace.setSpan(ROOT_CONTEXT, root)
  );
  child.addEvent("gen_ai.user.message", { content: "héllo ☃" }, new Date(T0 + 6));
  child.setStatus({ code: SpanStatusCode.ERROR, message: "rate limited" });
  child.end(new Date(T0 + 1500));
  root.end(new Date(T0 + 2000));
  return exporter.getFinishedSpans();
}

describe("decodeOtlpProto against the OpenTelemetry JS serializers", () => {
  it("decodes the exporter's protobuf exactly as its JSON", () => {
    const spans = recordSpans();
    const proto = ProtobufTraceSerializer.serializeRequest(spans);
    const json = JsonTraceSerializer.serializeRequest(spans);
    if (!proto || !json) throw new Error("the serializers produced nothing");
    const fromProto = decodeOtlpProto(proto);
    expect(fromProto).toEqual(decodeOtlpJson(JSON.parse(new TextDecoder().decode(json))));
    expect(fromProto.rejected.count).toBe(0);
    const [child, root] = fromProto.spans;
    expect(child).toMatchObject({ name: "chat gpt-4o", kind: 3, parentSpanId: root?.spanId, statusCode: 2 });
    expect(child?.attributes).toMatchObject({ "gen_ai.usage.input_tokens": 12, ints: [1, -2] });
    const event = { name: "gen_ai.user.message", time: T0 + 6, attributes: { content: "héllo ☃" } };
    expect(child?.events).toEqual([event]);
    expect(root).toMatchObject({ startedAt: T0, endedAt: T0 + 2000, parentSpanId: null });
    expect(root?.resource).toMatchObject({ "service.name": "agent", "host.cpus": 8 });
  });

  it("produces responses the exporter reads back", () => {
    const response = encodeExportResponse({ rejectedSpans: 3, errorMessage: "span 0: traceId must be 16 bytes" });
    const read = ProtobufTraceSerializer.deserializeResponse(response);
    expect(String(read.partialSuccess?.rejectedSpans)).toBe("3");
    expect(read.partialSuccess?.errorMessage).toBe("span 0: traceId must be 16 bytes");
    expect(ProtobufTraceSerializer.deserializeResponse(encodeExportResponse())).toEqual({});
  });
});
