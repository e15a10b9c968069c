// Telemetry normalizer: the spans of one trace -> conversation and trace summary, whichever conventions they use
// (OTel GenAI current and older, OpenInference, OpenLLMetry, Vercel AI SDK; see conventions/). Pure functions,
// run once when a trace settles.
export { buildConversation } from "./genai-conversation";
export { summarizeTrace, usageByModel } from "./genai-summary";
