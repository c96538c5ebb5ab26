/**
 * Live updates: reads `/api/events/stream` with `fetch` (an `EventSource` cannot send the token),
 * parses it with `eventsource-parser`, and on each ledger event invalidates the cached queries it can
 * change (its task and plan, and the aggregates; see `invalidation.ts`) so the views re-read what the
 * API computes. Reconnects with `Last-Event-ID` after a drop.
 */
import type { QueryClient } from "@tanstack/react-query";
import { EventSourceParserStream } from "eventsource-parser/stream";
import { useEffect, useState } from "react";
import { affectedBy, touchedBy } from "./invalidation.ts";

export type LiveStatus = "connecting" | "live" | "offline";

export interface LiveOptions {
  readonly token: string | undefined;
  readonly queries: QueryClient;
  readonly onStatus?: (s: LiveStatus) => void;
  readonly fetch?: typeof fetch;
  readonly url?: string;
}

/** Follows the stream until `signal` aborts; returns when aborted. */
export async function follow(options: LiveOptions, signal: AbortSignal): Promise<void> {
  const doFetch = options.fetch ?? fetch;
  let lastId: string | undefined;
  let delay = 1000;
  while (!signal.aborted) {
    options.onStatus?.("connecting");
    try {
      const headers: Record<string, string> = { accept: "text/event-stream" };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (lastId) headers["last-event-id"] = lastId;
      const res = await doFetch(options.url ?? "/api/events/stream", { headers, signal });
      if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}`);
      const events = res.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream());
      for await (const message of events) {
        delay = 1000;
        if (message.event === "ready") {
          options.onStatus?.("live");
          continue;
        }
        if (message.id) lastId = message.id;
        await options.queries.invalidateQueries({
          predicate: affectedBy(touchedBy(message.event ?? "", message.data)),
        });
      }
    } catch {
      if (signal.aborted) return;
    }
    options.onStatus?.("offline");
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 30_000);
  }
}

/** Follows the event stream while mounted; returns its status. */
export function useLive(
  token: string | undefined,
  queries: QueryClient,
  options: Pick<LiveOptions, "fetch" | "url"> = {},
): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const { fetch: doFetch, url } = options;
  useEffect(() => {
    const abort = new AbortController();
    void follow(
      { token, queries, onStatus: setStatus, ...(doFetch ? { fetch: doFetch } : {}), ...(url ? { url } : {}) },
      abort.signal,
    );
    return () => abort.abort();
  }, [token, queries, doFetch, url]);
  return status;
}
