/**
 * The task query every front end asks: which tasks of a computed ledger match a filter (plan,
 * section, department and role, state, timeliness, red/amber/green, kind, theme, text), in what
 * order, one page at a time — and what a row of the answer holds.
 *
 * Filters and sorts read the compact columns {@link computeLedger} already produced (status,
 * timeliness, RAG, due day, days overdue, roll-up percent); a task's full state and timeliness are
 * folded again only for the rows on the page. The API's `GET /api/tasks`, the terminal dashboard's
 * file mode and embedders call these same functions.
 *
 * @example
 * const computation = computeLedger({ tasks, events, asOf: "2020-06-30" });
 * const page = queryTasks({ tasks, computation }, { timeliness: ["overdue"], sort: "overdue", limit: 20 });
 * page.items[0]?.timeliness.daysOverdue;
 */
import { z } from "zod";
import type { LedgerComputation } from "./Compute.ts";
import type { LedgerEvent } from "./Event.ts";
import { Person } from "./Person.ts";
import { type Redaction, UNMASKED } from "./Privacy.ts";
import { cooperatorsOf, leadsOf } from "./Responsibility.ts";
import { Target } from "./Target.ts";
import { Task, TaskKind } from "./Task.ts";
import { TaskState, TaskStatus } from "./TaskState.ts";
import { Rag, Timeliness, TimelinessStatus } from "./Timeliness.ts";

/** With `department`: the unit leads (or co-leads) the task, cooperates on it, or either. */
export const UnitRoleFilter = z.enum(["lead", "cooperating", "any"]);
export type UnitRoleFilter = z.infer<typeof UnitRoleFilter>;

/** Which tasks a query returns; every field narrows, an absent (or empty) field does not. */
export const TaskFilter = z.object({
  /** Plan ids. */
  plans: z.array(z.string()).optional(),
  /** Id of a section or subsection: it and its descendants. */
  section: z.string().optional(),
  /** A responsible unit, by canonical name or unit id. */
  department: z.string().optional(),
  /** With `department`: its role on the task (default any). */
  role: UnitRoleFilter.optional(),
  state: z.array(TaskStatus).optional(),
  timeliness: z.array(TimelinessStatus).optional(),
  rag: z.array(Rag).optional(),
  /** Node kinds (default every node). */
  kind: z.array(TaskKind).optional(),
  /** A theme tag. */
  theme: z.string().optional(),
  /** Case-insensitive text in the label, title or text. */
  text: z.string().optional(),
});
export type TaskFilter = z.infer<typeof TaskFilter>;

/**
 * The order of the answer; ties keep ledger order.
 * - `ledger`: the order of the task tree (default);
 * - `due`: earliest due date in force first, tasks without one last;
 * - `overdue`: most days overdue first;
 * - `progress`: lowest roll-up percent first.
 */
export const TaskSort = z.enum(["ledger", "due", "overdue", "progress"]);
export type TaskSort = z.infer<typeof TaskSort>;

/** `row`: what a list shows (see {@link TaskRow}); `full`: the whole task and state. */
export const RowDetail = z.enum(["row", "full"]);
export type RowDetail = z.infer<typeof RowDetail>;

/** A filter, an order and a page. */
export const TaskQuery = TaskFilter.extend({
  sort: TaskSort.optional(),
  /** Items to skip (default 0). */
  offset: z.number().int().nonnegative().optional(),
  /** Page size (default 50). */
  limit: z.number().int().positive().optional(),
  detail: RowDetail.optional(),
});
export type TaskQuery = z.infer<typeof TaskQuery>;

/** A computed ledger to query: the tasks and their computation (the same positions). */
export interface TaskSource {
  readonly tasks: readonly Task[];
  readonly computation: LedgerComputation;
  /**
   * Each task's stream version: the number of its events, whatever their date (what a writer passes
   * as `expectedVersion`); see {@link streamVersions}. Tasks not in the map are at version 0.
   */
  readonly versions?: ReadonlyMap<string, number>;
}

const { people: _people, targets: _targets, ...rowTaskShape } = Task.shape;

/**
 * A task as a row shows it: its place in the tree, text, deadline, themes, and its lead and
 * cooperating units by name; with `detail: "full"`, also the whole task (responsibility with every
 * assignment, people and contacts, targets, kept columns).
 */
export const TaskRowTask = z.object({
  ...rowTaskShape,
  /** Lead units (牵头单位), by name. */
  leads: z.array(z.string()).describe("Lead units (牵头单位), by name."),
  /** Cooperating units (配合单位), by name. */
  cooperators: z.array(z.string()).describe("Cooperating units (配合单位), by name."),
  people: z.array(Person).optional(),
  targets: z.array(Target).optional(),
});
export type TaskRowTask = z.infer<typeof TaskRowTask>;

/**
 * A task's state as a row shows it: status, percent and the dates in force (`lastReportOn`,
 * `completedOn`, `closedOn`, `due`); with `detail: "full"`, the whole state (extensions, rejections,
 * reopenings, reports by period…).
 */
export const TaskRowState = TaskState.partial().required({ status: true, percent: true });
export type TaskRowState = z.infer<typeof TaskRowState>;

/** One task of an answer with its figures as of the computation's date. */
export const TaskRow = z.object({
  task: TaskRowTask,
  state: TaskRowState,
  timeliness: Timeliness,
  /** Roll-up percent (a section's is the mean of its children's). */
  percent: z.number().min(0).max(100),
  /** Events on the task so far: pass as `expectedVersion` when writing to it. */
  version: z.number().int().nonnegative(),
});
export type TaskRow = z.infer<typeof TaskRow>;

/** A page of an answer. */
export interface Page<T> {
  readonly items: T[];
  /** Matching items in all. */
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  /** Offset of the next page; null on the last page. */
  readonly nextOffset: number | null;
}

/** Each task's stream version (its number of events, whatever their date) from a ledger's events. */
export function streamVersions(events: Iterable<LedgerEvent>): Map<string, number> {
  const versions = new Map<string, number>();
  for (const e of events) if (e.taskId !== undefined) versions.set(e.taskId, (versions.get(e.taskId) ?? 0) + 1);
  return versions;
}

/** The codes of `values` in `options` (the columns' encoding), as a lookup table. */
function codeSet<V extends string>(options: readonly V[], values: readonly V[] | undefined): Uint8Array | undefined {
  if (!values) return undefined;
  const table = new Uint8Array(options.length);
  for (const v of values) {
    const k = options.indexOf(v);
    if (k >= 0) table[k] = 1;
  }
  return table;
}

/**
 * Positions (into `source.tasks`) of the tasks matching `filter`, in ledger order. Reads the
 * computation's columns; builds no per-task state.
 */
export function matchTasks(source: TaskSource, filter: TaskFilter = {}): Int32Array {
  const { tasks, computation } = source;
  const { columns } = computation;
  const plans = filter.plans && new Set(filter.plans);
  const states = codeSet(TaskStatus.options, filter.state);
  const times = codeSet(TimelinessStatus.options, filter.timeliness);
  const rags = codeSet(Rag.options, filter.rag);
  const kinds = filter.kind && new Set<string>(filter.kind);
  const text = filter.text?.toLowerCase();
  const { department: dept, section, theme } = filter;
  const role = filter.role ?? "any";
  const index = section ? computation.index : undefined;
  const inSection = (task: Task | undefined): boolean => {
    for (let depth = 0; task && depth < 32; depth++) {
      if (task.id === section) return true;
      const parent: number | undefined = task.parentId ? index?.get(task.parentId) : undefined;
      task = parent === undefined ? undefined : tasks[parent];
    }
    return false;
  };
  const out: number[] = [];
  for (let i = 0; i < tasks.length; i++) {
    const task = tasks[i] as Task;
    if (plans && !plans.has(task.planId)) continue;
    if (kinds && !kinds.has(task.kind)) continue;
    if (states && !states[columns.status[i] as number]) continue;
    if (times && !times[columns.timeliness[i] as number]) continue;
    if (rags && !rags[columns.rag[i] as number]) continue;
    if (theme && !task.themes.includes(theme)) continue;
    if (dept) {
      const r = task.responsibility;
      const pool = role === "lead" ? leadsOf(r) : role === "cooperating" ? cooperatorsOf(r) : (r?.assignments ?? []);
      // The unit as spelled, its id, or the canonical name the id links every spelling to.
      if (!pool.some((a) => a.unit === dept || a.unitId === dept || a.unitId?.endsWith(`:${dept}`))) continue;
    }
    if (text) {
      const hay = `${task.label ?? ""} ${task.title ?? ""} ${task.text}`.toLowerCase();
      if (!hay.includes(text)) continue;
    }
    if (section && !inSection(task)) continue;
    out.push(i);
  }
  return Int32Array.from(out);
}

/** `positions` in the order `sort` asks for (a new array; ties keep their order in `positions`). */
export function sortTasks(source: TaskSource, positions: Int32Array, sort: TaskSort = "ledger"): Int32Array {
  if (sort === "ledger") return positions;
  const { columns, percent } = source.computation;
  const key: (i: number) => number =
    sort === "due"
      ? (i) => {
          const due = columns.dueDay[i] as number;
          return Number.isNaN(due) ? Number.POSITIVE_INFINITY : due;
        }
      : sort === "overdue"
        ? (i) => -(columns.daysOverdue[i] as number)
        : (i) => percent[i] as number;
  const keys = new Float64Array(positions.length);
  const order = Array.from({ length: positions.length }, (_, k) => k);
  for (let k = 0; k < positions.length; k++) keys[k] = key(positions[k] as number);
  order.sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
  return Int32Array.from(order, (k) => positions[k] as number);
}

/** Positions of the tasks matching `filter`, in the order `sort` asks for. */
export function selectTasks(source: TaskSource, filter: TaskFilter = {}, sort: TaskSort = "ledger"): Int32Array {
  return sortTasks(source, matchTasks(source, filter), sort);
}

/** A task as a row shows it (`full`: with everything else it holds), as `redaction`'s reader may see it. */
export function rowTask(task: Task, redaction: Redaction = UNMASKED, full = false): TaskRowTask {
  const leads = leadsOf(task.responsibility).map((a) => a.unit);
  const cooperators = cooperatorsOf(task.responsibility).map((a) => a.unit);
  if (full) return { ...redaction.task(task), leads, cooperators };
  return {
    id: task.id,
    planId: task.planId,
    ...(task.parentId !== undefined ? { parentId: task.parentId } : {}),
    kind: task.kind,
    path: task.path,
    ...(task.label !== undefined ? { label: task.label } : {}),
    ...(task.title !== undefined ? { title: redaction.text(task.title) } : {}),
    text: redaction.text(task.text),
    order: task.order,
    ...(task.deadline ? { deadline: task.deadline } : {}),
    themes: task.themes,
    leads,
    cooperators,
  };
}

/** A task's state as a row shows it (`full`: all of it). */
export function rowState(state: TaskState, full = false): TaskRowState {
  if (full) return state;
  const { status, percent, lastReportOn, completedOn, closedOn, due } = state;
  return {
    status,
    percent,
    ...(lastReportOn !== undefined ? { lastReportOn } : {}),
    ...(completedOn !== undefined ? { completedOn } : {}),
    ...(closedOn !== undefined ? { closedOn } : {}),
    ...(due !== undefined ? { due } : {}),
  };
}

/** Options of {@link taskRow} and {@link pageOfTasks}. */
export interface RowOptions {
  /** `row` (default) or `full`. */
  readonly detail?: RowDetail | undefined;
  /** What the reader may see of personal data (default everything; see `redactionFor`). */
  readonly redaction?: Redaction | undefined;
}

/** A task's figures as of the computation's date: its whole state and timeliness, roll-up percent and version. */
export interface TaskFigures {
  readonly state: TaskState;
  readonly timeliness: Timeliness;
  readonly percent: number;
  readonly version: number;
}

/** The figures of the task at position `i` of `source`: its state and timeliness are folded for it alone. */
export function taskFigures(source: TaskSource, i: number): TaskFigures {
  const task = source.tasks[i];
  if (task === undefined) throw new RangeError(`no task at position ${i} of ${source.tasks.length}`);
  const c = source.computation;
  return {
    state: c.stateOf(i),
    timeliness: c.timelinessOf(i),
    percent: c.percent[i] as number,
    version: source.versions?.get(task.id) ?? 0,
  };
}

/** The task at position `i` of `source` as a row (see {@link taskFigures}). */
export function taskRow(source: TaskSource, i: number, options: RowOptions = {}): TaskRow {
  const figures = taskFigures(source, i);
  const full = options.detail === "full";
  return {
    task: rowTask(source.tasks[i] as Task, options.redaction, full),
    ...figures,
    state: rowState(figures.state, full),
  };
}

/** One page (`offset`, `limit`) of `all` with its metadata; `show` maps the items on the page only. */
export function pageOf<T, U>(
  all: ArrayLike<T>,
  page: { readonly offset?: number | undefined; readonly limit?: number | undefined },
  show: (item: T) => U,
): Page<U> {
  const offset = page.offset ?? 0;
  const limit = page.limit ?? DEFAULT_LIMIT;
  const end = Math.min(all.length, offset + limit);
  const items: U[] = [];
  for (let k = offset; k < end; k++) items.push(show(all[k] as T));
  return { items, total: all.length, offset, limit, nextOffset: end < all.length ? end : null };
}

/** The page size when a query names none. */
export const DEFAULT_LIMIT = 50;

/** A page of rows for `positions` (from {@link selectTasks}). */
export function pageOfTasks(
  source: TaskSource,
  positions: ArrayLike<number>,
  page: { readonly offset?: number | undefined; readonly limit?: number | undefined },
  options: RowOptions = {},
): Page<TaskRow> {
  return pageOf(positions, page, (i) => taskRow(source, i, options));
}

/**
 * Answers a task query: the matching tasks in the order asked, one page of rows, as the reader
 * (`redaction`, default everything) may see them.
 */
export function queryTasks(source: TaskSource, query: TaskQuery = {}, redaction?: Redaction): Page<TaskRow> {
  const { sort, offset, limit, detail, ...filter } = query;
  return pageOfTasks(source, selectTasks(source, filter, sort), { offset, limit }, { detail, redaction });
}
