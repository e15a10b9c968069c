import { ServiceError } from "../errors";

export const MAX_INGEST_BYTES = 20 * 1024 * 1024;

/**
 * Reads a request body, gunzipping it when asked, and stops as soon as it passes the limit, so a gzip bomb
 * costs at most the limit in memory.
 */
export async function readLimitedBody(request: Request, limit = MAX_INGEST_BYTES): Promise<Uint8Array> {
  const encoding = (request.headers.get("Content-Encoding") ?? "identity").toLowerCase();
  if (!["identity", "gzip"].includes(encoding)) {
    throw new ServiceError("unsupported_media_type", `Content-Encoding ${encoding} is not supported; use gzip or none`);
  }
  if (!request.body) return new Uint8Array();
  const stream = encoding === "gzip" ? request.body.pipeThrough(new DecompressionStream("gzip")) : request.body;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel();
        throw new ServiceError("payload_too_large", `the body is over ${limit / 1024 / 1024} MiB after decompression`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof ServiceError) throw error;
    throw new ServiceError("bad_request", `the body could not be read: ${(error as Error).message}`);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
