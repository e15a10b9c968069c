// OTel GenAI semantic-conventions normalizer: spans of one trace -> conversation and trace summary.
// Pure functions, run once when a trace settles; split across genai-*.ts to keep each concern small.
export { buildConversation } from "./genai-conversation";
export { summarizeTrace } from "./genai-summary";
