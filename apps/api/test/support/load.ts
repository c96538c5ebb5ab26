/**
 * Write load for tests against a real server: N clients, each posting progress reports with its own
 * event ids to its own task, recording every acknowledged write; and the check that the store holds
 * every acknowledged write once, whole, and nothing that was not sent.
 */
import { expect } from "vitest";

/** The region measurements are recorded for. */
export const REGION = "全市";

export interface Sent {
  /** A measurement of this indicator (value, region 全市, period 2020) instead of a report. */
  readonly indicatorId?: string;
  readonly value?: number;
  /** The client's own task (reports); none for a client that only records measurements. */
  readonly taskId?: string;
  readonly id: string;
  readonly percent: number;
  readonly narrative: string;
}

export interface LoadResult {
  /** Writes answered 201. */
  readonly acknowledged: Sent[];
  /** Writes sent whose answer never came (the server died). */
  readonly unknown: Sent[];
  /** Status counts of every answer. */
  readonly statuses: Map<number, number>;
  /** Why sends got no answer (the connection's error), retried or not. */
  readonly failures?: string[];
  /** Sends retried after a connection error (each answered or, after 3 retries, unknown). */
  readonly retried?: number;
  /** Clients that could not read their task's version, so sent nothing (the server went away). */
  readonly idle?: number;
}

/** Leaf tasks not started yet, one per client. */
export async function tasksFor(url: string, token: string, count: number): Promise<string[]> {
  const res = await fetch(`${url}/api/tasks?kind=task&state=not-started&limit=${count * 2}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { items: { task: { id: string; children?: unknown[] } }[] };
  return body.items.map((i) => i.task.id);
}

/** Indicator ids to measure (a few, from every plan). */
export async function indicatorsFor(url: string, token: string, count = 5): Promise<string[]> {
  const res = await fetch(`${url}/api/indicators`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { items: { indicator: { id: string } }[] };
  expect(body.items.length).toBeGreaterThan(0);
  return body.items.slice(0, count).map((i) => i.indicator.id);
}

/**
 * Posts one write as the load sends it: a measurement (no version: measurements are not versioned
 * per task) or a progress report at `version`. A retry after a crash sends the same write again.
 */
export function send(url: string, token: string, sent: Sent, version: number): Promise<Response> {
  return fetch(
    sent.indicatorId
      ? `${url}/api/indicators/${encodeURIComponent(sent.indicatorId)}/measurements`
      : `${url}/api/tasks/${encodeURIComponent(sent.taskId!)}/reports`,
    {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(
        sent.indicatorId
          ? { id: sent.id, region: REGION, period: "2020", value: sent.value }
          : { expectedVersion: version, id: sent.id, percent: sent.percent, narrative: sent.narrative },
      ),
    },
  );
}

/**
 * Runs the load until `until` resolves; each client writes to its own task with its own event ids,
 * and every 4th write is a measurement when `indicatorIds` are given. With more `clients` than tasks
 * (the seeds have under 200 leaf tasks), the clients without a task record measurements only.
 */
export async function load(
  run: string,
  url: string,
  token: string,
  taskIds: readonly string[],
  until: Promise<void>,
  options: { retryUnavailable?: boolean; indicatorIds?: readonly string[]; clients?: number } = {},
): Promise<LoadResult> {
  const acknowledged: Sent[] = [];
  const unknown: Sent[] = [];
  const statuses = new Map<number, number>();
  let stop = false;
  let idle = 0;
  let retried = 0;
  const failures: string[] = [];
  void until.then(() => {
    stop = true;
  });
  const client = async (c: number) => {
    const taskId = taskIds[c];
    const indicators = options.indicatorIds ?? [];
    if (taskId === undefined && indicators.length === 0) throw new Error(`client ${c}: no task and no indicator`);
    let version = 0;
    if (taskId !== undefined) {
      try {
        const current = await fetch(`${url}/api/tasks/${encodeURIComponent(taskId)}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        version = ((await current.json()) as { version: number }).version;
      } catch {
        // The server went away before this client sent anything (a crash while clients start).
        idle++;
        return;
      }
    }
    for (let k = 0; !stop; k++) {
      const measure = taskId === undefined || (indicators.length > 0 && k % 4 === 3);
      const sent: Sent = {
        ...(taskId === undefined ? {} : { taskId }),
        id: `${run}-${c}-${k}`,
        percent: Math.min(99, k + 1),
        narrative: `负载 ${run} ${c}-${k} <写入>`,
        ...(measure ? { indicatorId: indicators[c % indicators.length]!, value: c * 10_000 + k } : {}),
      };
      let res: Response | undefined;
      // A connection lost without an answer (a reset keep-alive connection on a busy machine, or the
      // server killed) leaves the write's fate unknown: like a real client, retry it as it was (same
      // event id, same version) a few times; the server answers a stored one as a duplicate.
      for (let attempt = 0; res === undefined; attempt++) {
        try {
          res = await send(url, token, sent, version);
        } catch (error) {
          failures.push(String((error as Error).cause ?? error));
          if (attempt === 3) break;
          retried++;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
      if (res === undefined) {
        unknown.push(sent);
        return;
      }
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const body = (await res.json().catch(() => undefined)) as { version?: number } | undefined;
      if (res.status === 201 && body?.version !== undefined) {
        acknowledged.push(sent);
        if (!sent.indicatorId) version = body.version;
      } else if (res.status === 503 && options.retryUnavailable) {
        // The database was cut: retry the same write (same event id, same version) until it answers.
        expect((body as { error?: { code?: string } } | undefined)?.error?.code).toBe("unavailable");
        k--;
        await new Promise((r) => setTimeout(r, 50));
        if (stop) unknown.push(sent);
      } else if (res.status >= 500) {
        // Not acknowledged: may or may not be stored; a retry with the same id settles it.
        unknown.push(sent);
      } else {
        throw new Error(`client ${c}: unexpected ${res.status} ${JSON.stringify(body)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients ?? taskIds.length }, (_, c) => client(c)));
  return { acknowledged, unknown, statuses, idle, failures, retried };
}

/** Checks the store through the API: every acknowledged write there once with its content, nothing else. */
export async function verify(
  url: string,
  token: string,
  result: LoadResult,
  taskIds: readonly string[],
): Promise<number> {
  const sentById = new Map([...result.acknowledged, ...result.unknown].map((s) => [s.id, s]));
  const acked = new Set(result.acknowledged.map((s) => s.id));
  let stored = 0;
  const measured = [...new Set([...result.acknowledged, ...result.unknown].flatMap((s) => s.indicatorId ?? []))];
  for (const indicatorId of measured) {
    const res = await fetch(`${url}/api/indicators/${encodeURIComponent(indicatorId)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { measurements: { event: { id: string; value: number; region: string } }[] };
    const ids = new Set<string>();
    for (const { event } of body.measurements) {
      const sent = sentById.get(event.id);
      if (!sent) continue; // the seed's own measurements
      expect(ids.has(event.id), `measurement ${event.id} stored twice`).toBe(false);
      ids.add(event.id);
      expect(sent.indicatorId).toBe(indicatorId);
      expect(event.value).toBe(sent.value);
      expect(event.region).toBe(REGION);
      if (acked.has(event.id)) stored++;
    }
    for (const s of result.acknowledged.filter((a) => a.indicatorId === indicatorId)) {
      expect(ids.has(s.id), `acknowledged measurement ${s.id} is missing`).toBe(true);
    }
  }
  for (const taskId of taskIds) {
    const res = await fetch(`${url}/api/tasks/${encodeURIComponent(taskId)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      version: number;
      events: { event: { id: string; kind: string; percent?: number; narrative?: string } }[];
    };
    // Nothing half-written: the version is the number of events; each is one a client sent, whole.
    expect(body.events).toHaveLength(body.version);
    for (const { event } of body.events) {
      const sent = sentById.get(event.id);
      expect(sent, `event ${event.id} on ${taskId} was never sent`).toBeDefined();
      expect(sent!.taskId).toBe(taskId);
      expect(event.percent).toBe(sent!.percent);
      expect(event.narrative).toBe(sent!.narrative);
      if (acked.has(event.id)) stored++;
    }
    const ids = new Set(body.events.map((e) => e.event.id));
    expect(ids.size).toBe(body.events.length);
    for (const s of result.acknowledged.filter((a) => a.taskId === taskId && !a.indicatorId)) {
      expect(ids.has(s.id), `acknowledged write ${s.id} is missing`).toBe(true);
    }
  }
  return stored;
}
