/**
 * People and contacts named by the plans (分管领导, 责任处室负责人, 承办人, 联络员), each with the tasks
 * that name them. Viewers and anonymous readers get masked names and phones, and may not search by name.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { Person, PersonRole } from "@reform/domain";
import { caller, type Deps } from "../context.ts";
import { router } from "../router.ts";
import { errors, json, named, PageInfo, PageQuery, paginate } from "../schemas.ts";
import { planIdsOf } from "../query.ts";

const PersonEntry = z
  .object({
    person: named(Person, "Person"),
    planIds: z.array(z.string()),
    taskIds: z.array(z.string()),
  })
  .openapi("PersonEntry");

const PeopleQuery = PageQuery.extend({
  plan: z.string().optional().openapi({ description: "Plan id(s), comma-separated." }),
  department: z.string().optional().openapi({ description: "The unit the person works for." }),
  role: PersonRole.optional(),
  text: z
    .string()
    .optional()
    .openapi({ description: "Search in unit and office (and in names, for callers who may see them)." }),
});

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["people"],
  summary: "People and contacts named by the plans",
  request: { query: PeopleQuery },
  responses: {
    200: json(z.object({ items: z.array(PersonEntry) }).extend(PageInfo.shape), "People"),
    ...errors("validation", "unauthorized"),
  },
});

/** The people resource, mounted at `/api/people`. */
export function peopleRoutes(deps: Deps) {
  return router().openapi(list, async (c) => {
    const q = c.req.valid("query");
    const { show } = caller(c);
    const snapshot = await deps.ledger.snapshot();
    const ids = planIdsOf(q) ?? [...snapshot.plans.keys()];
    const text = q.text?.toLowerCase();
    const people = new Map<string, { person: Person; planIds: Set<string>; taskIds: string[] }>();
    for (const planId of ids) {
      for (const task of snapshot.plans.get(planId)?.ledger.tasks ?? []) {
        for (const person of task.people) {
          if (q.department && person.unit !== q.department) continue;
          if (q.role && person.role !== q.role) continue;
          if (text) {
            const hay = `${person.unit ?? ""} ${person.office ?? ""} ${show.masked ? "" : person.name}`.toLowerCase();
            if (!hay.includes(text)) continue;
          }
          const key = JSON.stringify([person.name, person.role, person.unit, person.office, person.contact.phone]);
          let entry = people.get(key);
          if (!entry) {
            entry = { person, planIds: new Set(), taskIds: [] };
            people.set(key, entry);
          }
          entry.planIds.add(planId);
          entry.taskIds.push(task.id);
        }
      }
    }
    const all = [...people.values()];
    return c.json(
      paginate(all, q, (e) => ({ person: show.person(e.person), planIds: [...e.planIds], taskIds: e.taskIds })),
      200,
    );
  });
}
