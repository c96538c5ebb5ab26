/**
 * The ledger's event log: a paged list, and a server-sent event stream of new events as they are
 * committed by any process on the database (the store's LISTEN/NOTIFY feed). A client resumes after
 * a disconnect with `Last-Event-ID` (or `afterSeq`): the stream first replays what it missed.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { LedgerEventType, Redaction } from "@reform/domain";
import type { StoredEvent } from "@reform/storage";
import { streamSSE } from "hono/streaming";
import { caller, type Deps } from "../context.ts";

import { router } from "../router.ts";
import { errors, json, StoredEventSchema } from "../schemas.ts";

const EventQuery = z.object({
  plan: z.string().optional(),
  task: z.string().optional(),
  type: z
    .enum(["report", "complete", "close", "reject", "reopen", "extend", "measurement"] satisfies LedgerEventType[])
    .optional(),
  afterSeq: z.coerce
    .number()
    .int()
    .nonnegative()
    .default(0)
    .openapi({ description: "Only events after this position." }),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["events"],
  summary: "Ledger events in log order",
  request: { query: EventQuery },
  responses: {
    200: json(
      z.object({ items: z.array(StoredEventSchema), nextAfterSeq: z.number().int().nonnegative().nullable() }),
      "Events",
    ),
    ...errors("validation", "unauthorized"),
  },
});

const stream = createRoute({
  method: "get",
  path: "/stream",
  tags: ["events"],
  summary: "Server-sent events: ledger events as they are committed",
  description:
    "Each message has `event:` the event type (report, complete, …, or `import`), `id:` its log position and " +
    "`data:` the stored event as JSON. Send `Last-Event-ID` (or `afterSeq`) to replay what was missed.",
  request: {
    query: z.object({
      plan: z.string().optional(),
      afterSeq: z.coerce.number().int().nonnegative().optional(),
    }),
  },
  responses: {
    200: { description: "An event stream", content: { "text/event-stream": { schema: z.string() } } },
    ...errors("validation", "unauthorized"),
  },
});

const masked = (s: StoredEvent, show: Redaction): StoredEvent => ({ ...s, event: show.event(s.event) });

/** The events resource, mounted at `/api/events`. */
export function eventsRoutes(deps: Deps, options: { keepAliveMs?: number } = {}) {
  const keepAliveMs = options.keepAliveMs ?? 15_000;
  return router()
    .openapi(list, async (c) => {
      const q = c.req.valid("query");
      const { show } = caller(c);
      const items = await deps.store.listEvents({
        planId: q.plan,
        taskId: q.task,
        type: q.type,
        afterSeq: q.afterSeq,
        limit: q.limit,
      });
      const last = items.at(-1);
      return c.json(
        { items: items.map((s) => masked(s, show)), nextAfterSeq: items.length === q.limit && last ? last.seq : null },
        200,
      );
    })
    .openapi(stream, async (c) => {
      const q = c.req.valid("query");
      const { show } = caller(c);
      const header = Number(c.req.header("last-event-id"));
      let after = Number.isInteger(header) && header >= 0 ? header : q.afterSeq;
      return streamSSE(c, async (sse) => {
        let chain: Promise<void> = Promise.resolve();
        let open = true;
        /** Sends every event after `after` (in log order); serialised so nothing is sent twice. */
        const flush = () => {
          chain = chain.then(async () => {
            if (after === undefined || !open) return;
            for (;;) {
              const page = await deps.store.listEvents({ planId: q.plan, afterSeq: after, limit: 500 });
              for (const s of page) {
                await sse.writeSSE({ event: s.event.type, id: String(s.seq), data: JSON.stringify(masked(s, show)) });
                after = s.seq;
              }
              if (page.length < 500) return;
            }
          });
          return chain;
        };
        const stop = await deps.ledger.listen((notice) => {
          if (q.plan && notice.planId !== q.plan) return;
          if (notice.type === "import") {
            chain = chain.then(() =>
              sse.writeSSE({ event: "import", id: String(notice.seq), data: JSON.stringify(notice) }),
            );
            return;
          }
          if (after === undefined) after = notice.seq - 1;
          void flush();
        });
        sse.onAbort(() => {
          open = false;
          stop();
        });
        await sse.writeSSE({ event: "ready", data: JSON.stringify({ afterSeq: after ?? null }) });
        await flush();
        while (open && !sse.aborted && !sse.closed) {
          await sse.sleep(keepAliveMs);
          if (open && !sse.aborted) await sse.write(": keep-alive\n\n");
        }
        open = false;
        stop();
      });
    });
}
