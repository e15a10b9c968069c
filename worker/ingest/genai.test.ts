import { describe, expect, it } from "vitest";
import { messageSchema } from "../traces/model";
import { buildConversation } from "./genai";
import { chat, event, json, span, T0, text, toolCall, toolSpan, user } from "./genai-fixtures";

// buildConversation: conversations from the current gen_ai.* attributes, from the older events and flat attributes,
// and from agent loops (no duplicated history, tool calls paired with their results by id).

describe("buildConversation: current gen_ai.* attributes", () => {
  it("reads system instructions, input and output messages from JSON strings", () => {
    const llm = chat(
      "c1",
      0,
      [user("Weather in Paris?")],
      [{ role: "assistant", parts: [text("Sunny.")], finish_reason: "stop" }],
      {
        "gen_ai.system_instructions": json([text("Be brief.")]),
      }
    );
    expect(buildConversation([llm])).toEqual([
      { role: "system", parts: [text("Be brief.")], spanId: "c1" },
      { role: "user", parts: [text("Weather in Paris?")], spanId: "c1" },
      { role: "assistant", parts: [text("Sunny.")], spanId: "c1" },
    ]);
  });

  it("maps decoded arrays, reasoning, tool_call_response and unknown parts", () => {
    const blob = { type: "blob", mime_type: "image/png", content: "AAAA" };
    const llm = span("c1", 0, {
      attributes: {
        "gen_ai.input.messages": [
          { role: "user", parts: [text("look"), blob] },
          { role: "user", parts: [{ type: "tool_call_response", id: "t1", response: { ok: true } }] },
        ],
        "gen_ai.output.messages": [{ role: "assistant", parts: [{ type: "reasoning", content: "hmm" }, text("done")] }],
      },
    });
    expect(buildConversation([llm]).map(({ role, parts }) => ({ role, parts }))).toEqual([
      { role: "user", parts: [text("look"), text(json(blob))] },
      { role: "tool", parts: [{ type: "tool_result", id: "t1", result: { ok: true } }] },
      { role: "assistant", parts: [{ type: "reasoning", content: "hmm" }, text("done")] },
    ]);
  });

  it("does not repeat a system prompt sent both as instructions and as an input message", () => {
    const llm = chat("c1", 0, [{ role: "system", parts: [text("Be brief.")] }, user("hi")], [], {
      "gen_ai.system_instructions": json([text("Be brief.")]),
    });
    expect(buildConversation([llm]).map((m) => m.role)).toEqual(["system", "user"]);
  });

  it("falls back to a text part with the raw string when the JSON is malformed or unrecognized", () => {
    const attributes = {
      "gen_ai.operation.name": "chat",
      "gen_ai.input.messages": "[{not json",
      "gen_ai.system_instructions": "Be kind",
      "gen_ai.output.messages": json([{ answer: 42 }]),
    };
    expect(buildConversation([span("c1", 0, { attributes })])).toEqual([
      { role: "system", parts: [text("Be kind")], spanId: "c1" },
      { role: "user", parts: [text("[{not json")], spanId: "c1" },
      { role: "assistant", parts: [text(json({ answer: 42 }))], spanId: "c1" },
    ]);
  });

  it("keeps absurdly deep JSON as a string, so the stored conversation stays serializable", () => {
    const deep = "[".repeat(10000) + "]".repeat(10000);
    const conversation = buildConversation([span("c1", 0, { attributes: { "gen_ai.input.messages": deep } })]);
    expect(conversation[0]?.parts).toEqual([text(deep)]);
    expect(() => JSON.stringify(conversation)).not.toThrow();
  });
});

describe("buildConversation: older conventions", () => {
  it("reads gen_ai.*.message and gen_ai.choice span events", () => {
    const llm = span("c1", 0, {
      attributes: { "gen_ai.system": "openai" },
      events: [
        event("gen_ai.system.message", { content: "Be brief." }),
        event("gen_ai.user.message", { body: json({ content: "Weather?" }) }),
        event("gen_ai.assistant.message", {
          tool_calls: json([
            { id: "call_1", type: "function", function: { name: "get_weather", arguments: json({ city: "Paris" }) } },
          ]),
        }),
        event("gen_ai.tool.message", { id: "call_1", content: "18C" }),
        event("gen_ai.choice", {
          index: 0,
          finish_reason: "stop",
          message: json({ role: "assistant", content: "It is 18C." }),
        }),
      ],
    });
    expect(buildConversation([llm]).map(({ role, parts }) => ({ role, parts }))).toEqual([
      { role: "system", parts: [text("Be brief.")] },
      { role: "user", parts: [text("Weather?")] },
      { role: "assistant", parts: [toolCall("call_1", "get_weather", { city: "Paris" })] },
      { role: "tool", parts: [{ type: "tool_result", id: "call_1", result: "18C" }] },
      { role: "assistant", parts: [text("It is 18C.")] },
    ]);
  });

  it("reads flat gen_ai.prompt / gen_ai.completion as JSON messages or plain text", () => {
    const asJson = span("c1", 0, {
      attributes: {
        "gen_ai.prompt": json([{ role: "user", content: "2+2?" }]),
        "gen_ai.completion": json([{ role: "assistant", content: "4" }]),
      },
    });
    const asText = span("c2", 0, { attributes: { "gen_ai.prompt": "2+2?", "gen_ai.completion": "4" } });
    for (const llm of [asJson, asText]) {
      expect(buildConversation([llm]).map(({ role, parts }) => ({ role, parts }))).toEqual([
        { role: "user", parts: [text("2+2?")] },
        { role: "assistant", parts: [text("4")] },
      ]);
    }
  });
});

describe("buildConversation: agent loop", () => {
  const question = user("Weather in Paris?");
  const callMessage = { role: "assistant", parts: [toolCall("call_1", "get_weather", { city: "Paris" })] };
  const resultMessage = { role: "tool", parts: [{ type: "tool_call_response", id: "call_1", response: "18C" }] };
  const answer = { role: "assistant", parts: [text("It is 18C in Paris.")] };
  const agent = span("agent", 0, {
    name: "invoke_agent weather",
    endedAt: T0 + 5000,
    attributes: { "gen_ai.operation.name": "invoke_agent" },
  });

  it("keeps one copy of the history, pairs the call with its result and credits each message to its span", () => {
    const spans = [
      chat("c2", 2000, [question, callMessage, resultMessage], [answer]),
      toolSpan("tool", 1000, "call_1", "18C"),
      chat("c1", 100, [question], [callMessage]),
      agent,
    ];
    const conversation = buildConversation(spans);
    expect(messageSchema.array().safeParse(conversation).success).toBe(true);
    expect(conversation.map((m) => [m.role, m.spanId])).toEqual([
      ["user", "c1"],
      ["assistant", "c1"],
      ["tool", "tool"],
      ["assistant", "c2"],
    ]);
    expect(conversation[1]?.parts).toEqual([toolCall("call_1", "get_weather", { city: "Paris" })]);
    expect(conversation[2]?.parts).toEqual([{ type: "tool_result", id: "call_1", result: "18C" }]);
  });

  it("adds a missing tool result from the execute_tool span right after its call, flagged on error", () => {
    const spans = [
      chat(
        "c1",
        100,
        [question],
        [{ role: "assistant", parts: [toolCall("call_1", "get_weather", {}), toolCall("call_2", "get_time", {})] }]
      ),
      toolSpan("t1", 1000, "call_1", undefined, 2),
      span("t2", 1100, {
        statusCode: 2,
        statusMessage: "timeout",
        attributes: {
          "gen_ai.operation.name": "execute_tool",
          "gen_ai.tool.name": "get_time",
          "gen_ai.tool.call.id": "call_2",
        },
      }),
    ];
    spans[1]!.statusMessage = "city not found";
    const conversation = buildConversation(spans);
    expect(conversation.map((m) => m.role)).toEqual(["user", "assistant", "tool", "tool"]);
    expect(conversation[2]).toEqual({
      role: "tool",
      parts: [{ type: "tool_result", id: "call_1", result: "city not found", isError: true }],
      spanId: "t1",
    });
    expect(conversation[3]?.parts).toEqual([{ type: "tool_result", id: "call_2", result: "timeout", isError: true }]);
  });

  it("matches an id-less tool span to the open call with the same name and flags an existing result on error", () => {
    const withResult = chat("c2", 2000, [question, callMessage, resultMessage], []);
    const failed = toolSpan("tool", 1000, "call_1", "18C", 2);
    expect(buildConversation([withResult, failed])[2]?.parts).toEqual([
      { type: "tool_result", id: "call_1", result: "18C", isError: true },
    ]);
    const open = chat("c1", 100, [question], [callMessage]);
    expect(buildConversation([open, toolSpan("tool", 1000, null, "18C")])[2]?.parts).toEqual([
      { type: "tool_result", id: "call_1", result: "18C" },
    ]);
  });

  it("keeps the tool's own call and result when no LLM span recorded content", () => {
    expect(buildConversation([agent, toolSpan("tool", 1000, "call_9", "18C")])).toEqual([
      { role: "assistant", parts: [toolCall("call_9", "get_weather", { city: "Paris" })], spanId: "tool" },
      { role: "tool", parts: [{ type: "tool_result", id: "call_9", result: "18C" }], spanId: "tool" },
    ]);
  });

  it("prefers the longest history over a shorter later side call", () => {
    const main = chat("c1", 100, [question, callMessage, resultMessage], [answer]);
    const title = chat(
      "c2",
      3000,
      [user("Title for this chat?")],
      [{ role: "assistant", parts: [text("Paris weather")] }]
    );
    expect(buildConversation([main, title]).at(-1)?.parts).toEqual([text("It is 18C in Paris.")]);
  });
});
