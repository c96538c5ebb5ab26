/**
 * A plan's deadlines on a timeline (Gantt-like, by top-level section): each work item with the day
 * it runs from, its due date in force, the original due date when it was extended, its milestones,
 * state and timeliness as of a date; and today's date by the server's clock, to mark it.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { isLeaf, type Task } from "@reform/domain";
import { asOfOf, type Deps, today } from "../context.ts";
import { ApiError } from "../errors.ts";
import { router } from "../router.ts";
import { AsOfQuery, errors, json } from "../schemas.ts";

const Item = z
  .object({
    id: z.string(),
    label: z.string().optional(),
    text: z.string(),
    kind: z.string(),
    /** Start of the work: the deadline's own start (windows, 自…起), else the plan's start or issue date. */
    start: z.string().optional(),
    /** Due date in force (after extensions). */
    due: z.string().optional(),
    /** The original due date, when an extension moved it. */
    originalDue: z.string().optional(),
    deadlineText: z.string().optional(),
    deadlineKind: z.string().optional(),
    milestones: z.array(z.object({ due: z.string(), text: z.string() })),
    status: z.string(),
    timeliness: z.string(),
    rag: z.string(),
    percent: z.number(),
  })
  .openapi("TimelineItem");

const Section = z
  .object({ id: z.string(), label: z.string().optional(), title: z.string(), items: z.array(Item) })
  .openapi("TimelineSection");

const Timeline = z
  .object({
    asOf: z.string(),
    /** Today in China time by the server's clock. */
    today: z.string(),
    plan: z.object({ id: z.string(), title: z.string(), start: z.string().optional() }),
    sections: z.array(Section),
  })
  .openapi("Timeline");

const get = createRoute({
  method: "get",
  path: "/{planId}",
  tags: ["timeline"],
  summary: "A plan's work items on a timeline, by top-level section, as of a date",
  request: {
    params: z.object({
      planId: z
        .string()
        .min(1)
        .openapi({ param: { name: "planId", in: "path" } }),
    }),
    query: AsOfQuery,
  },
  responses: { 200: json(Timeline, "The timeline"), ...errors("validation", "unauthorized", "not-found") },
});

/** The timeline resource, mounted at `/api/timeline`. */
export function timelineRoutes(deps: Deps) {
  return router().openapi(get, async (c) => {
    const { planId } = c.req.valid("param");
    const asOf = asOfOf(deps, c.req.valid("query").asOf);
    const data = (await deps.ledger.snapshot()).plans.get(planId);
    if (!data) throw new ApiError("not-found", `plan ${planId} does not exist`);
    const view = await deps.ledger.view(asOf, [planId]);
    const plan = data.ledger.plan;
    const planStart = plan.startsOn ?? plan.issuedOn ?? (plan.year ? `${plan.year}-01-01` : undefined);
    const sections: z.infer<typeof Section>[] = [];
    const byId = new Map<string, z.infer<typeof Section>>();
    const top = (task: Task): Task => {
      let t = task;
      for (let depth = 0; t.parentId && depth < 32; depth++) {
        const parent = view.computation.index.get(t.parentId);
        if (parent === undefined) break;
        t = view.tasks[parent] as Task;
      }
      return t;
    };
    view.tasks.forEach((task, i) => {
      if (task.planId !== planId) return;
      if (!task.parentId) {
        const s = {
          id: task.id,
          ...(task.label ? { label: task.label } : {}),
          title: task.title ?? task.text,
          items: [],
        };
        byId.set(task.id, s);
        sections.push(s);
        if (!isLeaf(task)) return;
      }
      if (!isLeaf(task)) return;
      const root = top(task);
      let section = byId.get(root.id);
      if (!section) {
        section = { id: root.id, title: root.title ?? root.text, items: [] };
        byId.set(root.id, section);
        sections.push(section);
      }
      const state = view.computation.stateOf(i);
      const time = view.computation.timelinessOf(i);
      const dl = task.deadline;
      const start = dl && "start" in dl ? dl.start : planStart;
      section.items.push({
        id: task.id,
        ...(task.label ? { label: task.label } : {}),
        text: task.title ?? task.text,
        kind: task.kind,
        ...(start ? { start } : {}),
        ...(state.due ? { due: state.due } : {}),
        ...(state.originalDue && state.originalDue !== state.due ? { originalDue: state.originalDue } : {}),
        ...(dl ? { deadlineText: dl.text, deadlineKind: dl.kind } : {}),
        milestones: dl?.kind === "milestones" ? dl.milestones.map((m) => ({ due: m.due, text: m.text })) : [],
        status: state.status,
        timeliness: time.status,
        rag: time.rag,
        percent: view.computation.percent[i] as number,
      });
    });
    return c.json(
      {
        asOf,
        today: today(deps),
        plan: { id: planId, title: plan.title, ...(planStart ? { start: planStart } : {}) },
        sections: sections.filter((s) => s.items.length > 0),
      },
      200,
    );
  });
}
