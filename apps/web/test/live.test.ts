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

describe("follow invalidates only what an event can change", () => {
  it("a report on a task of plan A: that task, plan A's queries and the aggregates; not plan B's or other tasks", async () => {
    const queries = new QueryClient();
    const keys = {
      task: ["task", "A-1", ""],
      otherTask: ["task", "B-1", ""],
      actions: ["actions", "A-1"],
      otherActions: ["actions", "B-1"],
      plan: ["plan", "A", ""],
      otherPlan: ["plan", "B", ""],
      timeline: ["timeline", "A", ""],
      otherTimeline: ["timeline", "B", ""],
      tasks: ["tasks", { plan: "A" }],
      otherTasks: ["tasks", { plan: "B" }],
      departmentTasks: ["tasks", { department: "卫健委" }],
      plans: ["plans", ""],
      departments: ["departments", "", "", ""],
      otherDepartments: ["departments", "", "", "B"],
      overdue: ["overdue", "", ""],
      otherOverdue: ["overdue", "", "B"],
      themes: ["themes", ""],
      bulletin: ["bulletin", ""],
      indicators: ["indicators", ""],
      me: ["me", "tok"],
    } as const;
    for (const key of Object.values(keys)) queries.setQueryData([...key], { x: 1 });
    const abort = new AbortController();
    const data = JSON.stringify({ seq: 9, planId: "A", event: { id: "e", type: "report", taskId: "A-1" } });
    const fetchStub = (async (_url: RequestInfo | URL, init?: RequestInit) =>
      sse([`event: ready\ndata: {}\n\n`, `event: report\nid: 9\ndata: ${data}\n\n`], init?.signal)) as typeof fetch;
    const done = follow({ token: "tok", queries, fetch: fetchStub }, abort.signal);
    const invalidated = (k: readonly unknown[]) => queries.getQueryState([...k])?.isInvalidated;
    await expect.poll(() => invalidated(keys.task), { timeout: 2000 }).toBe(true);
    const state = Object.fromEntries(Object.entries(keys).map(([name, k]) => [name, invalidated(k)]));
    expect(state).toEqual({
      task: true,
      otherTask: false,
      actions: true,
      otherActions: false,
      plan: true,
      otherPlan: false,
      timeline: true,
      otherTimeline: false,
      tasks: true,
      otherTasks: false,
      departmentTasks: true,
      plans: true,
      departments: true,
      otherDepartments: false,
      overdue: true,
      otherOverdue: false,
      themes: true,
      bulletin: true,
      indicators: false,
      me: false,
    });
    abort.abort();
    await done;
  });

  it("an import of a plan, or a message naming no plan, invalidates everything but the caller", async () => {
    const { isAffected, touchedBy } = await import("../src/invalidation.ts");
    for (const t of [touchedBy("import", JSON.stringify({ seq: 3, planId: "A" })), touchedBy("report", "not json")]) {
      expect(isAffected(["task", "B-1", ""], t)).toBe(true);
      expect(isAffected(["plan", "B", ""], t)).toBe(true);
      expect(isAffected(["indicators", ""], t)).toBe(true);
      expect(isAffected(["me", "tok"], t)).toBe(false);
    }
    const measurement = touchedBy("measurement", JSON.stringify({ planId: "A", event: { type: "measurement" } }));
    expect(isAffected(["indicator", "i1", ""], measurement)).toBe(true);
    expect(isAffected(["plan", "B", ""], measurement)).toBe(false);
  });
});
