import { describe, expect, it } from "vitest";
import { summarizeTrace } from "./genai";
import { chat, span, T0, toolCall, toolSpan, user } from "./genai-fixtures";

// summarizeTrace: every TraceSummary field, current and older attribute names, and no double-counted usage.

describe("summarizeTrace", () => {
  const root = span("root", 0, {
    name: "weather-agent",
    endedAt: T0 + 5000,
    resource: { "deployment.environment.name": "prod" },
    attributes: {
      "gen_ai.operation.name": "invoke_agent",
      "session.id": "sess-1",
      "enduser.id": "u-7",
      tags: "beta, weather",
      "metadata.plan": "pro",
      "metadata.retries": 2,
      // Aggregate usage repeated on the agent span must not be counted twice.
      "gen_ai.usage.input_tokens": 300,
      "gen_ai.usage.output_tokens": 30,
    },
  });
  const first = chat("c1", 100, [], [], {
    "gen_ai.provider.name": "openai",
    "gen_ai.request.model": "gpt-4o",
    "gen_ai.response.model": "gpt-4o-2024-08-06",
    "gen_ai.usage.input_tokens": 100,
    "gen_ai.usage.output_tokens": 10,
    "gen_ai.usage.cost": 0.002,
    "gen_ai.response.time_to_first_chunk": 0.25,
    tags: ["weather", "eu"],
  });
  const second = chat("c2", 2000, [], [], {
    "gen_ai.request.model": "gpt-4o-mini",
    "gen_ai.usage.prompt_tokens": "200",
    "gen_ai.usage.completion_tokens": 20,
  });
  const tool = toolSpan("tool", 1000, "call_1", "oops", 2);
  for (const child of [first, second, tool]) child.parentSpanId = "root";

  it("derives every field from the spans", () => {
    expect(summarizeTrace([second, tool, root, first])).toEqual({
      name: "weather-agent",
      startedAt: T0,
      endedAt: T0 + 5000,
      durationMs: 5000,
      status: "error",
      models: ["gpt-4o-2024-08-06", "gpt-4o-mini"],
      provider: "openai",
      inputTokens: 300,
      outputTokens: 30,
      totalTokens: 330,
      cost: 0.002,
      timeToFirstTokenMs: 250,
      sessionId: "sess-1",
      userId: "u-7",
      environment: "prod",
      tags: ["beta", "weather", "eu"],
      metadata: { plan: "pro", retries: "2" },
      spanCount: 4,
      toolCallCount: 1,
      errorCount: 1,
    });
  });

  it("uses older names, ok/unset status, and counts tool_call parts when there are no tool spans", () => {
    const llm = chat(
      "c1",
      0,
      [user("hi")],
      [{ role: "assistant", parts: [toolCall("a", "x", {}), toolCall("b", "y", {})] }],
      {
        "gen_ai.system": "anthropic",
        "gen_ai.conversation.id": "conv-1",
        "user.id": "u-1",
      }
    );
    llm.parentSpanId = "missing-parent";
    llm.resource = { "deployment.environment": "staging" };
    const summary = summarizeTrace([{ ...llm, statusCode: 1 }]);
    expect(summary).toMatchObject({
      name: "chat gpt-4o",
      status: "ok",
      provider: "anthropic",
      sessionId: "conv-1",
      userId: "u-1",
    });
    expect(summary).toMatchObject({
      environment: "staging",
      toolCallCount: 2,
      errorCount: 0,
      cost: null,
      timeToFirstTokenMs: null,
    });
    expect(summarizeTrace([llm]).status).toBe("unset");
  });
});
