/** Live updates: the event stream is read with fetch (sending the token) and invalidates cached queries. */
import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { follow, type LiveStatus } from "../src/live.ts";

/** An open event stream sending `chunks`; like fetch's, it ends with an error when `signal` aborts. */
function sse(chunks: string[], signal?: AbortSignal | null): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      signal?.addEventListener("abort", () => controller.error(new DOMException("aborted", "AbortError")));
      for (const c of chunks) {
        controller.enqueue(encoder.encode(c));
        await new Promise((r) => setTimeout(r, 5));
      }
      // the stream stays open, as the server's does
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream" } });
}

describe("follow", () => {
  it("sends the token, reports live on ready and invalidates queries on each ledger event", async () => {
    const queries = new QueryClient();
    queries.setQueryData(["plans", ""], { items: [] });
    queries.setQueryData(["me", "tok"], { role: "admin" });
    const seen: { headers: Headers }[] = [];
    const statuses: LiveStatus[] = [];
    const abort = new AbortController();
    const fetchStub = (async (_url: RequestInfo | URL, init?: RequestInit) => {
      seen.push({ headers: new Headers(init?.headers) });
      return sse(
        ['event: ready\ndata: {"afterSeq":null}\n\n', 'event: report\nid: 42\ndata: {"seq":42}\n\n'],
        init?.signal,
      );
    }) as typeof fetch;
    const done = follow({ token: "tok", queries, fetch: fetchStub, onStatus: (s) => statuses.push(s) }, abort.signal);
    await expect.poll(() => queries.getQueryState(["plans", ""])?.isInvalidated, { timeout: 2000 }).toBe(true);
    expect(queries.getQueryState(["me", "tok"])?.isInvalidated).toBe(false);
    expect(seen[0]?.headers.get("authorization")).toBe("Bearer tok");
    expect(statuses).toContain("live");
    abort.abort();
    await done;
  });

  it("reconnects after the stream drops, resuming after the last event id", async () => {
    const queries = new QueryClient();
    const abort = new AbortController();
    const ids: (string | null)[] = [];
    const fetchStub = (async (_url: RequestInfo | URL, init?: RequestInit) => {
      ids.push(new Headers(init?.headers).get("last-event-id"));
      if (ids.length === 1) {
        // one event, then the connection ends
        return new Response("event: ready\ndata: {}\n\nevent: close\nid: 7\ndata: {}\n\n");
      }
      return sse(["event: ready\ndata: {}\n\n"], init?.signal);
    }) as typeof fetch;
    const done = follow({ token: undefined, queries, fetch: fetchStub }, abort.signal);
    await expect.poll(() => ids.length, { timeout: 5000 }).toBe(2);
    expect(ids).toEqual([null, "7"]);
    abort.abort();
    await done;
  });
});
