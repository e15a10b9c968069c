// Live-queue sampling: a deterministic pseudo-random score per (queue, trace), so a redelivered "trace completed"
// makes the same decision, and different queues sample independently of each other.

/** FNV-1a over the UTF-16 code units, then murmur3's finalizer to spread the bits evenly. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A number in [0, 100) fixed for this queue and trace. */
export function samplingScore(queueId: string, traceId: string): number {
  return (hash32(`${queueId}:${traceId}`) / 2 ** 32) * 100;
}

export function isSampled(queueId: string, traceId: string, samplingPercent: number): boolean {
  return samplingScore(queueId, traceId) < samplingPercent;
}
