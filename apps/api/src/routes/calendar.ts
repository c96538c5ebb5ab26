/**
 * An iCalendar feed (text/calendar) of deadlines: one all-day event per task due date in force
 * (extensions applied) and per yearly occurrence of recurring tasks, for a department or a plan.
 */
import { createRoute, z } from "@hono/zod-openapi";
import {
  addDays,
  contactOf,
  cooperatorsOf,
  leadsOf,
  occurrences,
  selectTasks,
  type Task,
  type TaskFilter,
  WORDS_ZH,
} from "@reform/domain";
import { asOfOf, caller, type Deps } from "../context.ts";
import { ApiError } from "../errors.ts";
import { type AllDayEvent, calendar } from "../ical.ts";
import { router } from "../router.ts";
import { AsOfQuery, errors } from "../schemas.ts";
import { planIdsOf } from "../query.ts";

const feed = createRoute({
  method: "get",
  path: "/",
  tags: ["calendar"],
  summary: "iCalendar feed of deadlines (per department or plan)",
  description: "Subscribe to it in a calendar application. Deadlines are all-day events in China time.",
  request: {
    query: AsOfQuery.extend({
      department: z.string().optional().openapi({ description: "Responsible unit (canonical name or unit id)." }),
      role: z.enum(["lead", "cooperating", "any"]).default("any"),
      plan: z.string().optional().openapi({ description: "Plan id(s), comma-separated." }),
    }),
  },
  responses: {
    200: { description: "The calendar", content: { "text/calendar": { schema: z.string() } } },
    ...errors("validation", "unauthorized", "not-found"),
  },
});

/** The calendar resource, mounted at `/api/calendar`. */
export function calendarRoutes(deps: Deps) {
  return router().openapi(feed, async (c) => {
    const q = c.req.valid("query");
    const asOf = asOfOf(deps, q.asOf);
    const { show } = caller(c);
    const view = await deps.ledger.view(asOf, planIdsOf(q));
    const department = q.department;
    if (
      department !== undefined &&
      !view.tasks.some((t) =>
        t.responsibility?.assignments.some((a) => a.unit === department || a.unitId === department),
      )
    ) {
      throw new ApiError("not-found", `no department ${department} in these plans`);
    }
    const filter: TaskFilter = {
      ...(q.department ? { department: q.department, role: q.role } : {}),
      kind: ["task", "milestone"],
    };
    const hits = deps.ledger.selection(view, JSON.stringify(filter), () => selectTasks(view, filter));
    const events: AllDayEvent[] = [];
    for (const i of hits) {
      const task = view.tasks[i] as Task;
      const state = view.computation.stateOf(i);
      const t = view.computation.timelinessOf(i);
      const title = show.text(task.title ?? (task.text.length > 40 ? `${task.text.slice(0, 40)}…` : task.text));
      const leads = leadsOf(task.responsibility).map((a) => a.unit);
      const contact = contactOf(task, show);
      const description = [
        show.text(task.text),
        `牵头：${leads.join("、") || "—"}`,
        `配合：${
          cooperatorsOf(task.responsibility)
            .map((a) => a.unit)
            .join("、") || "—"
        }`,
        // The feed's text is Chinese throughout: status and timeliness in the ledger's words.
        `状态：${WORDS_ZH.status[state.status]}（截至${asOf}，${WORDS_ZH.timeliness[t.status]}）`,
        ...(state.originalDue && state.due !== state.originalDue ? [`原定时限：${state.originalDue}（已延期）`] : []),
        ...(task.deadline ? [`完成时限原文：${task.deadline.text}`] : []),
        ...(contact !== undefined ? [`联系人：${contact}`] : []),
      ].join("\n");
      const summary = `${task.path.join("")} ${title}${leads.length ? `（${leads.join("、")}）` : ""}`;
      const categories = [WORDS_ZH.status[state.status], WORDS_ZH.timeliness[t.status]];
      if (task.deadline?.kind === "recurring") {
        for (const o of occurrences(task.deadline, { from: addDays(asOf, -366), to: addDays(asOf, 731) })) {
          events.push({
            uid: `${task.id}/${o.period}@reform-ledger`,
            date: o.due,
            summary: `${summary} ${o.period}`,
            description,
            categories,
          });
        }
      } else if (state.due) {
        events.push({ uid: `${task.id}@reform-ledger`, date: state.due, summary, description, categories });
      }
    }
    const name = `改革任务完成时限${q.department ? ` · ${q.department}` : ""}`;
    const body = calendar(name, events, deps.clock(), (d) => addDays(d, 1));
    return c.body(body, 200, {
      "content-type": "text/calendar; charset=utf-8",
      "content-disposition": 'inline; filename="deadlines.ics"',
    });
  });
}
