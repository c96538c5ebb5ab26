// @vitest-environment jsdom
/**
 * The live reader in a mounted view: an event on task A-1 of plan A makes the views of A-1 and plan A
 * read again, while a view of another plan's task keeps its cached answer.
 */
import { useQueryClient } from "@tanstack/react-query";
import { cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { useLive } from "../src/live.ts";
import { usePlan, useTask } from "../src/queries.ts";
import { fakeFetch, renderWith } from "./render.tsx";

afterEach(cleanup);

/** An open event stream sending `chunks` (it stays open until `signal` aborts). */
function sse(chunks: string[], signal?: AbortSignal | null): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      signal?.addEventListener("abort", () => controller.error(new DOMException("aborted", "AbortError")));
      for (const c of chunks) {
        await new Promise((r) => setTimeout(r, 50));
        controller.enqueue(encoder.encode(c));
      }
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream" } });
}

function Views({ stream }: { stream: typeof fetch }) {
  const status = useLive(undefined, useQueryClient(), { fetch: stream });
  const a = useTask("A-1", undefined);
  const b = useTask("B-1", undefined);
  const plan = usePlan("A", undefined);
  const n = (d: unknown) => (d as { n?: number } | undefined)?.n ?? "-";
  return <p>{`${status} A-1:${n(a.data)} B-1:${n(b.data)} plan A:${n(plan.data)}`}</p>;
}

describe("live invalidation in a view", () => {
  it("re-reads the event's task and plan, not another plan's task", async () => {
    const served = new Map<string, number>();
    const answer = (path: string) => () => {
      served.set(path, (served.get(path) ?? 0) + 1);
      return { status: 200, body: { n: served.get(path) } };
    };
    const api = fakeFetch({
      "GET /api/tasks/A-1": answer("A-1"),
      "GET /api/tasks/B-1": answer("B-1"),
      "GET /api/plans/A": answer("A"),
    });
    let release: () => void = () => {};
    const go = new Promise<void>((r) => {
      release = r;
    });
    const data = JSON.stringify({ seq: 5, planId: "A", event: { id: "e5", type: "report", taskId: "A-1" } });
    const stream = (async (_url: RequestInfo | URL, init?: RequestInit) => {
      await go;
      return sse(["event: ready\ndata: {}\n\n", `event: report\nid: 5\ndata: ${data}\n\n`], init?.signal);
    }) as typeof fetch;
    renderWith(<Views stream={stream} />, { fetch: api.fetch });
    await screen.findByText("connecting A-1:1 B-1:1 plan A:1");
    release();
    await screen.findByText("live A-1:2 B-1:1 plan A:2", undefined, { timeout: 3000 });
    expect(served.get("B-1")).toBe(1);
  });
});
