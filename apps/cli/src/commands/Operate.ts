/**
 * The write commands: report, complete, close, reject, reopen and extend. Each reads the task's
 * current version (unless `--expected-version` is given), posts the write through the typed client
 * and prints one line; the API (and the domain behind it) decides whether it is allowed.
 */
import { effectivePercent, isValidIsoDate, type TaskStatus } from "@reform/domain";
import type { Values, WRITE_COMMANDS } from "../Args.ts";
import { type Io, progress, progressDone } from "../Io.ts";
import { ApiFailure, type Connection, call, EXIT } from "../Server.ts";

export type WriteCommand = (typeof WRITE_COMMANDS)[number];

/** What a write sends besides the version; validated from the command line. */
export type WriteBody =
  | { kind: "report"; percent: number; narrative: string; period?: string }
  | { kind: "complete"; narrative: string; period?: string }
  | { kind: "close"; reason: string }
  | { kind: "reject" | "reopen"; reason: string }
  | { kind: "extend"; due: string; reason: string };

const usage = (message: string) => new ApiFailure(message, EXIT.usage, "usage");

const str = (v: Values[string]) => (typeof v === "string" ? v : undefined);

/** Reads a write command's options; throws a usage failure on bad input. */
export function writeBodyOf(command: WriteCommand, values: Values): WriteBody {
  const note = str(values.note) ?? "";
  const period = str(values.period);
  const reason = str(values.reason)?.trim();
  switch (command) {
    case "report": {
      const raw = str(values.percent);
      if (raw === undefined) throw usage("report: --percent is required");
      const percent = Number(raw);
      if (raw.trim() === "" || !Number.isFinite(percent) || percent < 0 || percent > 100) {
        throw usage(`--percent must be a number from 0 to 100, got '${raw}'`);
      }
      return { kind: "report", percent, narrative: note, ...(period ? { period } : {}) };
    }
    case "complete":
      return { kind: "complete", narrative: note, ...(period ? { period } : {}) };
    case "close":
      return { kind: "close", reason: reason ?? "" };
    case "reject":
    case "reopen":
      if (!reason) throw usage(`${command}: --reason is required`);
      return { kind: command, reason };
    case "extend": {
      const to = str(values.to);
      if (to === undefined) throw usage("extend: --to DATE is required");
      if (!isValidIsoDate(to)) throw usage(`--to must be a date YYYY-MM-DD, got '${to}'`);
      if (!reason) throw usage("extend: --reason is required");
      return { kind: "extend", due: to, reason };
    }
  }
}

/** The API's answer to a write. */
export interface WriteResult {
  version: number;
  duplicate: boolean;
  state: { status: TaskStatus; percent: number; due?: string };
}

/** Reads a task's current version. */
export async function taskVersion(conn: Connection, taskId: string): Promise<number> {
  const body = await call<{ version: number }>(conn, `task ${taskId}`, () =>
    conn.client.api.tasks[":taskId"].$get({ param: { taskId }, query: {} }),
  );
  return body.version;
}

/** Posts one write with `expectedVersion`; the shared part of the CLI command and the dashboard. */
export async function postWrite(
  conn: Connection,
  taskId: string,
  expectedVersion: number,
  body: WriteBody,
  unit?: string,
): Promise<WriteResult> {
  const common = { expectedVersion, ...(unit ? { unit } : {}) };
  const task = conn.client.api.tasks[":taskId"];
  const param = { taskId };
  const doing = `${body.kind} ${taskId}`;
  switch (body.kind) {
    case "report":
      return call(conn, doing, () =>
        task.reports.$post({
          param,
          json: {
            ...common,
            percent: body.percent,
            narrative: body.narrative,
            evidence: [],
            ...(body.period ? { period: body.period } : {}),
          },
        }),
      );
    case "complete":
      return call(conn, doing, () =>
        task.complete.$post({
          param,
          json: { ...common, narrative: body.narrative, evidence: [], ...(body.period ? { period: body.period } : {}) },
        }),
      );
    case "close":
      return call(conn, doing, () => task.close.$post({ param, json: { ...common, reason: body.reason } }));
    case "reject":
      return call(conn, doing, () => task.reject.$post({ param, json: { ...common, reason: body.reason } }));
    case "reopen":
      return call(conn, doing, () => task.reopen.$post({ param, json: { ...common, reason: body.reason } }));
    case "extend":
      return call(conn, doing, () =>
        task.extend.$post({ param, json: { ...common, due: body.due, reason: body.reason } }),
      );
  }
}

const DONE: Record<WriteCommand, string> = {
  report: "reported",
  complete: "completion reported",
  close: "closed (销号)",
  reject: "completion rejected (退回)",
  reopen: "reopened",
  extend: "extended (延期)",
};

/** Runs a write command against the server; returns the exit code. */
export async function runWrite(
  command: WriteCommand,
  conn: Connection,
  taskId: string,
  values: Values,
  io: Io,
): Promise<number> {
  const body = writeBodyOf(command, values);
  const rawVersion = str(values["expected-version"]);
  let version: number;
  if (rawVersion !== undefined) {
    version = Number(rawVersion);
    if (!/^\d+$/.test(rawVersion.trim())) throw usage(`--expected-version must be a whole number, got '${rawVersion}'`);
  } else {
    progress(io, `reading task ${taskId}…`);
    version = await taskVersion(conn, taskId);
  }
  progress(io, `${command} ${taskId}…`);
  const result = await postWrite(conn, taskId, version, body, str(values.unit));
  progressDone(io);
  if (values.json) {
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return EXIT.ok;
  }
  const what =
    body.kind === "report"
      ? `${DONE.report} ${body.percent}%`
      : body.kind === "extend"
        ? `${DONE.extend} to ${body.due}`
        : DONE[command];
  io.stdout(
    `${taskId}: ${what}${result.duplicate ? " (already recorded)" : ""} — now ${result.state.status}, ${effectivePercent(result.state)}%, version ${result.version}\n`,
  );
  return EXIT.ok;
}
