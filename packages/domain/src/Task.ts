/** The task tree: sections (一、), subsections (（一）), tasks (1.) and milestones. */
import { z } from "zod";
import { Deadline } from "./Deadline.ts";
import { Person } from "./Person.ts";
import { Responsibility } from "./Responsibility.ts";
import { Target } from "./Target.ts";

export const TaskKind = z.enum(["section", "subsection", "task", "milestone"]);
export type TaskKind = z.infer<typeof TaskKind>;

export const Task = z.object({
  id: z.string().min(1),
  planId: z.string().min(1),
  /** Parent node id; null or absent for top-level items. */
  parentId: z.string().nullable().optional(),
  kind: TaskKind,
  /** Numbering path from the root, e.g. ["一", "（一）", "1."]. */
  path: z.array(z.string()),
  /** The item's own label ("（三）", "12.") when it has one. */
  label: z.string().optional(),
  title: z.string().optional(),
  text: z.string(),
  /** Order among siblings, for stable display. */
  order: z.number().int().nonnegative().default(0),
  deadline: Deadline.optional(),
  responsibility: Responsibility.optional(),
  people: z.array(Person).default([]),
  targets: z.array(Target).default([]),
  themes: z.array(z.string()).default([]),
  /** Roll-up weight relative to siblings (default 1). */
  weight: z.number().positive().optional(),
  /** 1-based line in the source document, for diagnostics. */
  line: z.number().int().positive().optional(),
  /** Columns the importer kept but does not interpret (unknown spreadsheet columns, 备注). */
  extra: z.record(z.string(), z.string()).optional(),
});
export type Task = z.infer<typeof Task>;

/** Leaf items carry the work; sections roll up their children. */
export function isLeaf(task: Pick<Task, "kind">): boolean {
  return task.kind === "task" || task.kind === "milestone";
}
