/**
 * The as-of aggregate written as SQL over an events table in PostgreSQL, as a user of a plain
 * database would write it: the obvious alternative `computeLedger` is measured against
 * (`bench/asof.ts`) and checked against (`test/asOfSql.test.ts`). Not part of the package.
 *
 * What the SQL computes as of a date (China time, UTC+8): each task's status, percent, due date in
 * force and completion day; its timeliness (completed on time / late, not yet due before a start
 * date, overdue with days); the number of overdue items; and per leading unit the scorecard counts
 * (led, completed, on time, late, overdue, overdue days). Events are checked for who may make them
 * (reports by a named unit, completions by a leading unit, the rest by the supervisor; admin and
 * system may do anything), but not against the task's status at the time: it assumes the stored
 * events passed `validateTransition` when appended (the SDK also refuses, and counts, events a
 * status forbids). Recurring deadlines (each occurrence with its own due date), stale periods and
 * the due-soon / behind-trajectory ratings are not computed: tasks with recurring deadlines are
 * classified "recurring" and never overdue.
 *
 * Tables are loaded with COPY (pg-copy-streams) into the schema given.
 */
import { pipeline } from "node:stream/promises";
import type { LedgerEvent, Task } from "@reform/domain";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

const ident = (schema: string): string => `"${schema.replaceAll('"', '""')}"`;

/** A value in COPY's text format (tab-separated, \N for null). */
function text(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "\\N";
  return String(value).replace(/[\\\t\n\r]/g, (c) =>
    c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r",
  );
}

/** A text[] literal in COPY's text format. */
function textArray(values: readonly string[]): string {
  return text(`{${values.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(",")}}`);
}

export async function createTables(client: pg.ClientBase, schema: string): Promise<void> {
  const s = ident(schema);
  await client.query(`CREATE SCHEMA ${s}`);
  await client.query(`CREATE TABLE ${s}.tasks (
    pos int PRIMARY KEY, id text NOT NULL, kind text NOT NULL, deadline_kind text,
    due date, start_day date, leads text[] NOT NULL, units text[] NOT NULL)`);
  await client.query(`CREATE TABLE ${s}.events (
    seq int NOT NULL, task int NOT NULL, at timestamptz NOT NULL, type text NOT NULL,
    role text NOT NULL, unit text, percent float8, due date)`);
}

/** Streams rows to `COPY table FROM STDIN`, in chunks. */
async function copy(client: pg.ClientBase, sql: string, rows: Iterable<string>): Promise<void> {
  const stream = client.query(copyFrom(sql));
  async function* chunks(): AsyncGenerator<string> {
    let buffer = "";
    for (const row of rows) {
      buffer += row;
      if (buffer.length > 1 << 16) {
        yield buffer;
        buffer = "";
      }
    }
    if (buffer) yield buffer;
  }
  await pipeline(chunks, stream);
}

/**
 * Loads tasks and their events with COPY, then indexes the events by task. Measurements, events of
 * tasks not in `tasks` and events without a readable instant are left out.
 */
export async function load(
  client: pg.ClientBase,
  schema: string,
  tasks: readonly Task[],
  events: readonly LedgerEvent[],
): Promise<{ tasks: number; events: number }> {
  const s = ident(schema);
  const position = new Map<string, number>();
  for (let i = 0; i < tasks.length; i++) position.set((tasks[i] as Task).id, i);
  function* taskRows(): Generator<string> {
    for (let i = 0; i < tasks.length; i++) {
      const t = tasks[i] as Task;
      const dl = t.deadline;
      const due = dl && "due" in dl ? dl.due : undefined;
      const start = dl && (dl.kind === "window" || dl.kind === "starts") ? dl.start : undefined;
      const assignments = t.responsibility?.assignments ?? [];
      const units = new Set<string>();
      const leads = new Set<string>();
      for (const a of assignments) {
        units.add(a.unit);
        if (a.unitId) units.add(a.unitId);
        // A scorecard is keyed by the unit's id where it has one (as the SDK's are).
        if (a.role !== "cooperating") leads.add(a.unitId ?? a.unit);
      }
      yield `${i}\t${text(t.id)}\t${text(t.kind)}\t${text(dl?.kind)}\t${text(due)}\t${text(start)}\t${textArray([...leads])}\t${textArray([...units])}\n`;
    }
  }
  let kept = 0;
  function* eventRows(): Generator<string> {
    for (let k = 0; k < events.length; k++) {
      const e = events[k] as LedgerEvent;
      if (e.type === "measurement") continue;
      const task = position.get(e.taskId);
      if (task === undefined || Number.isNaN(Date.parse(e.at))) continue;
      kept++;
      const percent = e.type === "report" ? e.percent : undefined;
      const due = e.type === "extend" ? e.due : undefined;
      yield `${k}\t${task}\t${text(e.at)}\t${e.type}\t${e.actor.role}\t${text(e.actor.unit)}\t${text(percent)}\t${text(due)}\n`;
    }
  }
  await copy(client, `COPY ${s}.tasks FROM STDIN`, taskRows());
  await copy(client, `COPY ${s}.events FROM STDIN`, eventRows());
  await client.query(`CREATE INDEX ON ${s}.events (task, at, seq)`);
  await client.query(`ANALYZE ${s}.tasks`);
  await client.query(`ANALYZE ${s}.events`);
  return { tasks: tasks.length, events: kept };
}

/** Each task's state and timeliness as of `$1` (a date), one row per task. */
function stateSql(s: string): string {
  return `
WITH ev AS (
  SELECT e.seq, e.task, e.at, e.type, e.percent, e.due,
         ((e.at AT TIME ZONE 'UTC') + interval '8 hours')::date AS day
  FROM ${s}.events e JOIN ${s}.tasks t ON t.pos = e.task
  WHERE ((e.at AT TIME ZONE 'UTC') + interval '8 hours')::date <= $1::date
    AND CASE e.type
      WHEN 'report' THEN e.role IN ('admin', 'system') OR (e.role <> 'viewer' AND e.unit = ANY (t.units))
      WHEN 'complete' THEN e.role IN ('admin', 'system') OR (e.role <> 'viewer' AND e.unit = ANY (t.leads))
      ELSE e.role IN ('supervisor', 'admin', 'system') END
),
w AS (
  SELECT ev.*, max(due) FILTER (WHERE type = 'extend') OVER (PARTITION BY task ORDER BY at, seq) AS due_so_far
  FROM ev
),
rep AS (SELECT DISTINCT ON (task) task, percent FROM w WHERE type = 'report' ORDER BY task, at DESC, seq DESC),
st AS (
  SELECT DISTINCT ON (task) task, type FROM w
  WHERE type IN ('complete', 'close', 'reject', 'reopen') ORDER BY task, at DESC, seq DESC
),
cpl AS (SELECT DISTINCT ON (task) task, day, due_so_far FROM w WHERE type = 'complete' ORDER BY task, at DESC, seq DESC),
ext AS (SELECT DISTINCT ON (task) task, due FROM w WHERE type = 'extend' ORDER BY task, at DESC, seq DESC),
state AS (
  SELECT t.pos, t.kind, t.leads, t.deadline_kind, t.start_day,
    CASE st.type
      WHEN 'complete' THEN 'completed' WHEN 'close' THEN 'closed' WHEN 'reject' THEN 'in-progress' WHEN 'reopen' THEN 'in-progress'
      ELSE CASE WHEN t.deadline_kind = 'done' THEN 'completed' WHEN rep.task IS NOT NULL THEN 'in-progress' ELSE 'not-started' END
    END AS status,
    COALESCE(rep.percent, CASE WHEN t.deadline_kind = 'done' THEN 100 ELSE 0 END) AS percent,
    COALESCE(ext.due, t.due) AS due,
    CASE WHEN st.type IN ('complete', 'close') THEN cpl.day END AS completed_day,
    CASE WHEN st.type IN ('complete', 'close') THEN COALESCE(cpl.due_so_far, t.due) END AS due_at_completion
  FROM ${s}.tasks t
  LEFT JOIN rep ON rep.task = t.pos LEFT JOIN st ON st.task = t.pos
  LEFT JOIN cpl ON cpl.task = t.pos LEFT JOIN ext ON ext.task = t.pos
)
SELECT s.*,
  CASE
    WHEN s.status IN ('completed', 'closed') THEN
      CASE WHEN s.completed_day > s.due_at_completion THEN 'completed-late' ELSE 'completed-on-time' END
    WHEN s.deadline_kind = 'recurring' THEN 'recurring'
    WHEN s.start_day IS NOT NULL AND $1::date < s.start_day THEN 'not-yet-due'
    WHEN s.due IS NOT NULL AND $1::date > s.due THEN 'overdue'
    ELSE 'other'
  END AS timeliness,
  CASE WHEN s.status NOT IN ('completed', 'closed') AND s.deadline_kind IS DISTINCT FROM 'recurring'
    AND NOT (s.start_day IS NOT NULL AND $1::date < s.start_day) AND s.due IS NOT NULL AND $1::date > s.due
    THEN $1::date - s.due ELSE 0 END AS days_overdue
FROM state s`;
}

export interface SqlTaskState {
  pos: number;
  status: string;
  percent: number;
  due: string | null;
  completedDay: string | null;
  timeliness: string;
  daysOverdue: number;
}

/** Every task's state as of `asOf`, by position. */
export async function statesAsOf(client: pg.ClientBase, schema: string, asOf: string): Promise<SqlTaskState[]> {
  const { rows } = await client.query(
    `SELECT pos, status, percent, to_char(due, 'YYYY-MM-DD') AS due,
       to_char(completed_day, 'YYYY-MM-DD') AS completed_day, timeliness, days_overdue
     FROM (${stateSql(ident(schema))}) x ORDER BY pos`,
    [asOf],
  );
  return rows.map((r) => ({
    pos: r.pos,
    status: r.status,
    percent: Number(r.percent),
    due: r.due,
    completedDay: r.completed_day,
    timeliness: r.timeliness,
    daysOverdue: Number(r.days_overdue),
  }));
}

export interface SqlScorecard {
  unit: string;
  led: number;
  completed: number;
  completedOnTime: number;
  completedLate: number;
  overdue: number;
  overdueDaysTotal: number;
}

/**
 * The aggregate in one statement: overdue items (tasks and milestones) and the leading units'
 * scorecards, as of `asOf`.
 */
export async function aggregateAsOf(
  client: pg.ClientBase,
  schema: string,
  asOf: string,
): Promise<{ overdue: number; scorecards: SqlScorecard[] }> {
  const { rows } = await client.query(
    `WITH x AS (${stateSql(ident(schema))}),
     items AS (SELECT * FROM x WHERE kind IN ('task', 'milestone')),
     cards AS (
       SELECT u.unit, count(*) AS led,
         count(*) FILTER (WHERE status IN ('completed', 'closed')) AS completed,
         count(*) FILTER (WHERE timeliness = 'completed-on-time') AS on_time,
         count(*) FILTER (WHERE timeliness = 'completed-late') AS late,
         count(*) FILTER (WHERE timeliness = 'overdue') AS overdue,
         COALESCE(sum(days_overdue) FILTER (WHERE timeliness = 'overdue'), 0) AS overdue_days
       FROM items, LATERAL (SELECT DISTINCT unnest(items.leads) AS unit) u
       GROUP BY u.unit
     )
     SELECT (SELECT count(*) FROM items WHERE timeliness = 'overdue') AS total_overdue, cards.*
     FROM cards ORDER BY unit`,
    [asOf],
  );
  return {
    overdue: rows.length ? Number(rows[0].total_overdue) : 0,
    scorecards: rows.map((r) => ({
      unit: r.unit,
      led: Number(r.led),
      completed: Number(r.completed),
      completedOnTime: Number(r.on_time),
      completedLate: Number(r.late),
      overdue: Number(r.overdue),
      overdueDaysTotal: Number(r.overdue_days),
    })),
  };
}
