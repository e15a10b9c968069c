import { build, loadDemoData, prepareDatabase, startApp } from "./local-app";
import { DEMO_ADMIN, DEMO_PASSWORD, DEMO_REVIEWER } from "./seed";

// `npm start`: build, migrate and seed local D1, serve on :8787 with demo data, print how to use it.
const PORT = Number(process.env.PORT ?? 8787);
const PERSIST_TO = ".wrangler/state";

build();
const accounts = await prepareDatabase(PERSIST_TO);
const app = await startApp({ port: PORT, persistTo: PERSIST_TO, settleSeconds: 2 });
const url = `http://localhost:${PORT}`;
await loadDemoData(app.url, accounts);

console.log(`
Annotation Queues is running at ${url}
Admin login:     ${DEMO_ADMIN.email} / ${DEMO_PASSWORD}
Reviewer login:  ${DEMO_REVIEWER.email} / ${DEMO_PASSWORD}
Ingest key:      ${accounts.ingestKey}
Admin API key:   ${accounts.adminKey}
Post a trace:    curl -X POST ${url}/v1/traces -H "Authorization: Bearer ${accounts.ingestKey}" -H "Content-Type: application/json" -d '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"chat","startTimeUnixNano":"${BigInt(Date.now()) * 1_000_000n}","endTimeUnixNano":"${BigInt(Date.now() + 800) * 1_000_000n}","attributes":[{"key":"gen_ai.input.messages","value":{"stringValue":"[{\\"role\\":\\"user\\",\\"parts\\":[{\\"type\\":\\"text\\",\\"content\\":\\"Hello!\\"}]}]"}}]}]}]}]}'
Press Ctrl+C to stop.
`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => void app.stop().then(() => process.exit(0)));
}
