/** A ledger as read from one document: the plan, its task tree, indicators and responsible units. */
import { z } from "zod";
import { ResponsibleUnit } from "./Department.ts";
import { Indicator } from "./Indicator.ts";
import { Plan } from "./Plan.ts";
import { Task } from "./Task.ts";

export const Ledger = z.object({
  plan: Plan,
  /** Every node of the task tree in document order; parents come before their children. */
  tasks: z.array(Task),
  indicators: z.array(Indicator).default([]),
  /** Responsible units named by the plan, canonicalised within the plan's region. */
  units: z.array(ResponsibleUnit).default([]),
});
export type Ledger = z.infer<typeof Ledger>;
