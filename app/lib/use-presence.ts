import { useEffect, useRef, useState } from "react";
import type { PresenceUpdate } from "../../durable-objects/queue-presence";

const RECONNECT_MS = [500, 1000, 2000, 5000, 10_000];

/**
 * Live presence and progress of a queue: a WebSocket to its Durable Object that says which item this page shows,
 * reconnects with backoff when the connection drops, and returns the latest update (null until the first arrives).
 */
export function usePresence(queueId: string, traceId: string | null): PresenceUpdate | null {
  const [update, setUpdate] = useState<PresenceUpdate | null>(null);
  const socketRef = useRef<WebSocket | null>(null);
  const traceRef = useRef(traceId);
  traceRef.current = traceId;

  useEffect(() => {
    let closed = false;
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    function open() {
      const url = new URL(`/api/v1/queues/${queueId}/presence`, window.location.href);
      url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
      const socket = new WebSocket(url);
      socketRef.current = socket;
      socket.addEventListener("open", () => {
        attempt = 0;
        socket.send(JSON.stringify({ type: "viewing", traceId: traceRef.current }));
      });
      socket.addEventListener("message", (event) => {
        try {
          setUpdate(JSON.parse(String(event.data)) as PresenceUpdate);
        } catch {
          // Not ours to break the page over; the next update replaces it.
        }
      });
      socket.addEventListener("close", () => {
        if (closed) return;
        timer = setTimeout(open, RECONNECT_MS[Math.min(attempt++, RECONNECT_MS.length - 1)]);
      });
    }
    open();
    return () => {
      closed = true;
      clearTimeout(timer);
      socketRef.current?.close(1000, "page left");
    };
  }, [queueId]);

  useEffect(() => {
    const socket = socketRef.current;
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "viewing", traceId }));
  }, [traceId]);

  return update;
}
