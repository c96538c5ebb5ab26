/**
 * Which cached queries a ledger event can change. A stream message carries the stored event
 * (`{ seq, planId, event: { taskId, type, … } }`) or, for an import, a notice with the plan id. An
 * event on a task of plan P changes that task (its detail and the actions offered), plan P (its
 * page, timeline and task lists) and the aggregates over plans (plans overview, departments,
 * overdue board, themes, bulletin); a measurement changes the indicators too. Queries of other
 * tasks and plans, and who the caller is (`me`), stay cached. A message that names no plan changes
 * everything but `me`.
 */
import type { Query, QueryKey } from "@tanstack/react-query";

/** What a stream message names: its plan, task and kind. */
export interface Touched {
  readonly planId?: string;
  readonly taskId?: string;
  readonly type: string;
}

/** Reads what a stream message's `data` names (nothing when it is not the JSON expected). */
export function touchedBy(type: string, data: string): Touched {
  try {
    const body = JSON.parse(data) as { planId?: unknown; event?: { taskId?: unknown } };
    const planId = typeof body?.planId === "string" ? body.planId : undefined;
    const taskId = typeof body?.event?.taskId === "string" ? body.event.taskId : undefined;
    return { type, ...(planId ? { planId } : {}), ...(taskId ? { taskId } : {}) };
  } catch {
    return { type };
  }
}

/** Whether the query under `key` may have changed after the event `t`. */
export function isAffected(key: QueryKey, t: Touched): boolean {
  const [kind, a, b, c] = key;
  if (kind === "me") return false;
  if (!t.planId || t.type === "import") return true;
  switch (kind) {
    case "task":
    case "actions":
      return t.taskId === undefined || a === t.taskId;
    case "plan":
    case "timeline":
      return a === t.planId;
    case "tasks": {
      // A plan's list names its plan; a department's list spans plans.
      const plan = (a as { plan?: unknown } | undefined)?.plan;
      return plan === undefined || plan === t.planId;
    }
    case "departments":
      // ["departments", asOf, rankBy, plan]
      return c === "" || c === undefined || c === t.planId;
    case "overdue":
      // ["overdue", asOf, plan]
      return b === "" || b === undefined || b === t.planId;
    case "indicators":
    case "indicator":
      return t.type === "measurement" || t.taskId === undefined;
    default:
      // The aggregates over plans, and any query this module does not know (to be safe).
      return true;
  }
}

/** The predicate for `invalidateQueries` after the event `t`. */
export const affectedBy = (t: Touched) => (q: Query) => isAffected(q.queryKey, t);
