/**
 * What a lagging task is waiting for, as a supervisor's follow-up (督办) board says it: the
 * supervisor's close-out (销号) of a completed task, the national schedule, a progress report that
 * is missing or late, or the completion itself.
 */
import { z } from "zod";
import type { TaskState } from "./TaskState.ts";
import type { Timeliness } from "./Timeliness.ts";

export const WaitingFor = z.enum(["closeout", "external", "report", "completion"]);
export type WaitingFor = z.infer<typeof WaitingFor>;

/** What the task waits for as of its state and timeliness; undefined once it is closed out. */
export function waitingFor(
  state: Pick<TaskState, "status" | "lastReportOn">,
  timeliness: Pick<Timeliness, "status">,
): WaitingFor | undefined {
  if (state.status === "closed") return undefined;
  if (state.status === "completed") return "closeout";
  if (timeliness.status === "awaiting-external") return "external";
  if (timeliness.status === "stale" || state.lastReportOn === undefined) return "report";
  return "completion";
}
