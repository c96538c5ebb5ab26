/**
 * The follow-up board (督办): overdue and due-soon work items as of a date, grouped by lead unit,
 * most days overdue first, each with what it waits for (the domain's `waitingFor`).
 */
import { createRoute, z } from "@hono/zod-openapi";
import { leadsOf, selectTasks, type Task, TaskRow, taskRow, WaitingFor, waitingFor } from "@reform/domain";
import { asOfOf, caller, type Deps } from "../context.ts";
import { planIdsOf } from "../query.ts";
import { router } from "../router.ts";
import { AsOfQuery, errors, json, named } from "../schemas.ts";

const BoardItem = named(TaskRow.extend({ waitingFor: WaitingFor.optional() }), "OverdueItem");

const Group = z
  .object({
    /** The lead unit's registry id when known, else its name. */
    key: z.string(),
    unit: z.string(),
    region: z.string().optional(),
    overdue: z.number().int().nonnegative(),
    dueSoon: z.number().int().nonnegative(),
    overdueDaysTotal: z.number().int().nonnegative(),
    /** Most days overdue first, then the earliest due. */
    items: z.array(BoardItem),
  })
  .openapi("OverdueGroup");

const Board = z
  .object({
    asOf: z.string(),
    overdue: z.number().int().nonnegative(),
    dueSoon: z.number().int().nonnegative(),
    /** Units with the most overdue items first. A task with several leads is under each. */
    groups: z.array(Group),
  })
  .openapi("OverdueBoard");

const board = createRoute({
  method: "get",
  path: "/",
  tags: ["overdue"],
  summary: "Overdue and due-soon items by lead unit, with what each waits for (督办)",
  request: {
    query: AsOfQuery.extend({
      plan: z.string().optional().openapi({ description: "Plan id(s), comma-separated (default: all plans)." }),
    }),
  },
  responses: { 200: json(Board, "The board"), ...errors("validation", "unauthorized") },
});

type GroupBody = z.infer<typeof Group>;

/** The overdue board, mounted at `/api/overdue`. */
export function overdueRoutes(deps: Deps) {
  return router().openapi(board, async (c) => {
    const q = c.req.valid("query");
    const asOf = asOfOf(deps, q.asOf);
    const view = await deps.ledger.view(asOf, planIdsOf(q));
    const { show } = caller(c);
    const hits = selectTasks(view, { kind: ["task", "milestone"], timeliness: ["overdue", "due-soon"] }, "overdue");
    const groups = new Map<string, GroupBody>();
    let overdue = 0;
    let dueSoon = 0;
    for (const i of hits) {
      const task = view.tasks[i] as Task;
      const row = taskRow(view, i, { redaction: show });
      const item = { ...row, ...optional(waitingFor(row.state, row.timeliness)) };
      const late = row.timeliness.status === "overdue";
      if (late) overdue++;
      else dueSoon++;
      const region = view.snapshot.plans.get(task.planId)?.ledger.plan.region?.name;
      const leads = leadsOf(task.responsibility);
      const owners = leads.length > 0 ? leads : [{ unit: "—", unitId: undefined }];
      for (const lead of owners) {
        const key = lead.unitId ?? `${region ?? ""}:${lead.unit}`;
        let g = groups.get(key);
        if (!g) {
          g = {
            key,
            unit: lead.unit,
            ...(region ? { region } : {}),
            overdue: 0,
            dueSoon: 0,
            overdueDaysTotal: 0,
            items: [],
          };
          groups.set(key, g);
        }
        g.items.push(item);
        if (late) {
          g.overdue++;
          g.overdueDaysTotal += row.timeliness.daysOverdue;
        } else g.dueSoon++;
      }
    }
    const sorted = [...groups.values()].sort(
      (a, b) => b.overdue - a.overdue || b.overdueDaysTotal - a.overdueDaysTotal || b.dueSoon - a.dueSoon,
    );
    return c.json({ asOf, overdue, dueSoon, groups: sorted }, 200);
  });
}

function optional(w: WaitingFor | undefined): { waitingFor?: WaitingFor } {
  return w ? { waitingFor: w } : {};
}
