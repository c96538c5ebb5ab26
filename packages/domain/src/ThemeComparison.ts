/**
 * Theme comparison across plans: the reform themes (医联体, 家庭医生签约…) tagged on tasks, each with
 * its summary in every plan as of the computation's date — the same figures as {@link planSummary}
 * over the theme's tasks of that plan — so staff can compare one theme region by region.
 *
 * Counts by status, timeliness and RAG and overdue days are read from the computation's compact
 * columns; only the figures the columns do not hold (behind trajectory, refused events, own
 * percent) are folded again, and only for tagged tasks.
 */
import { z } from "zod";
import { addToSummary, emptySummary, PlanSummary, rollUp } from "./Progress.ts";
import type { TaskSource } from "./Query.ts";
import type { Task } from "./Task.ts";
import { effectivePercent, TaskStatus } from "./TaskState.ts";
import { Rag, TimelinessStatus } from "./Timeliness.ts";

/** One theme in one plan. */
export const ThemeInPlan = z.object({
  planId: z.string(),
  /** Nodes of the plan tagged with the theme (sections included). */
  nodes: z.number().int().nonnegative(),
  summary: PlanSummary,
});
export type ThemeInPlan = z.infer<typeof ThemeInPlan>;

/** One theme with its summary in each plan compared. */
export const ThemeComparison = z.object({
  id: z.string(),
  name: z.string(),
  /** One entry per plan, in the order the plans were given. */
  plans: z.array(ThemeInPlan),
});
export type ThemeComparison = z.infer<typeof ThemeComparison>;

/** A theme to compare: its id (as tagged on `Task.themes`) and name. */
export interface ThemeRef {
  readonly id: string;
  readonly name: string;
}

/**
 * Each of `themes` with its summary in each of `planIds` (in that order), over the tasks of
 * `source` tagged with it. A theme with no task in a plan gets an empty summary there.
 */
export function compareThemes(
  source: TaskSource,
  themes: readonly ThemeRef[],
  planIds: readonly string[],
): ThemeComparison[] {
  const { tasks, computation } = source;
  const { columns } = computation;
  const asOf = computation.asOf;
  const wanted = new Set(themes.map((t) => t.id));
  const plans = new Set(planIds);
  const groups = new Map<string, { summary: PlanSummary; tasks: Task[]; percents: Map<string, number> }>();
  for (let i = 0; i < tasks.length; i++) {
    const task = tasks[i] as Task;
    if (task.themes.length === 0 || !plans.has(task.planId)) continue;
    let state: ReturnType<typeof computation.stateOf> | undefined;
    let behind: boolean | undefined;
    for (const theme of task.themes) {
      if (!wanted.has(theme)) continue;
      const key = `${theme}\u0000${task.planId}`;
      let g = groups.get(key);
      if (!g) {
        g = { summary: emptySummary(asOf), tasks: [], percents: new Map() };
        groups.set(key, g);
      }
      state ??= computation.stateOf(i);
      behind ??= computation.timelinessOf(i).behindTrajectory;
      g.tasks.push(task);
      g.percents.set(task.id, effectivePercent(state));
      addToSummary(
        g.summary,
        task,
        TaskStatus.options[columns.status[i] as number] as TaskStatus,
        {
          status: TimelinessStatus.options[columns.timeliness[i] as number] as TimelinessStatus,
          rag: Rag.options[columns.rag[i] as number] as Rag,
          daysOverdue: columns.daysOverdue[i] as number,
          behindTrajectory: behind,
        },
        state.invalidEvents,
      );
    }
  }
  return themes.map((theme) => ({
    id: theme.id,
    name: theme.name,
    plans: planIds.map((planId) => {
      const g = groups.get(`${theme.id}\u0000${planId}`);
      if (!g) return { planId, nodes: 0, summary: emptySummary(asOf) };
      const percents = [...rollUp(g.tasks, g.percents).plans.values()];
      g.summary.percent = percents.length ? percents.reduce((a, b) => a + b, 0) / percents.length : 0;
      return { planId, nodes: g.tasks.length, summary: g.summary };
    }),
  }));
}
