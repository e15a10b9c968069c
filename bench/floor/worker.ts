import { readLimitedBody } from "../../worker/ingest/body";
import { codecFor } from "../../worker/ingest/otlp-codec";

// Decoding only: no auth, no storage, no queue. The app's throughput as a share of this one's is the cost of
// everything ingest does beyond parsing.
export default {
  async fetch(request) {
    const codec = codecFor(request.headers.get("Content-Type") ?? undefined);
    if (!codec) return new Response("unsupported", { status: 415 });
    const decoded = codec.decode(await readLimitedBody(request));
    return new Response(codec.encodeResponse(decoded.rejected), { headers: { "Content-Type": codec.contentType } });
  },
} satisfies ExportedHandler;
