/**
 * A synthetic demo history, CLEARLY LABELLED as such: every event's actor name and narrative say
 * "演示数据 (synthetic demo)". It is deterministic (a seeded PRNG): the same ledgers and options give
 * the same events. Progress reports, completions, close-outs, rejections, extensions and indicator
 * measurements are generated up to a demo date, and every task event is checked with the domain's
 * `validateTransition` before it is kept, so the history obeys the same rules as real use.
 */
import {
  DEMO_LABEL,
  type Actor,
  addDays,
  dayNumber,
  fromDayNumber,
  type IsoDate,
  isLeaf,
  type Ledger,
  type LedgerEvent,
  leadsOf,
  occurrences,
  planYear,
  type StateEvent,
  type Task,
  validateTransition,
} from "@reform/domain";
import type { Store } from "@reform/storage";

/** The label every demo event carries (the domain's: a bulletin over such events says so). */
export { DEMO_LABEL };
/** The default demo date: the history runs up to it. */
export const DEMO_DATE: IsoDate = "2020-09-30";

export interface DemoOptions {
  /** Last day of the history (China time). */
  until?: IsoDate;
  /** PRNG seed. */
  seed?: number;
}

/** mulberry32: a small, fast, deterministic PRNG in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit FNV-1a hash, to give each task its own deterministic stream. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const at = (day: IsoDate, hour = 10): string => `${day}T${String(hour).padStart(2, "0")}:00:00+08:00`;
const supervisor: Actor = { role: "supervisor", name: DEMO_LABEL };

/** The day a plan starts from, for the demo: its start, else its issue date, else January 1 of its year. */
function planStart(ledger: Ledger): IsoDate | undefined {
  const p = ledger.plan;
  if (p.startsOn) return p.startsOn;
  if (p.issuedOn) return p.issuedOn;
  const year = planYear(p);
  return year ? `${year}-01-01` : undefined;
}

/** Generates one task's history; events the domain refuses are dropped. */
function taskHistory(task: Task, start: IsoDate, until: IsoDate, seed: number): StateEvent[] {
  const lead = leadsOf(task.responsibility)[0];
  if (!lead || !isLeaf(task)) return [];
  const rnd = prng(seed ^ hash(task.id));
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const reporter: Actor = { role: "reporter", unit: lead.unit, name: DEMO_LABEL };
  const kept: StateEvent[] = [];
  let n = 0;
  let lastDay = 0;
  const push = (
    build: (base: { id: string; taskId: string; actor: Actor; at: string }) => StateEvent,
    actor: Actor,
    day: IsoDate,
  ) => {
    if (day > until) return;
    const event = build({
      id: `demo-${hash(task.id).toString(36)}-${n++}`,
      taskId: task.id,
      actor,
      at: at(day, 9 + (n % 8)),
    });
    if (validateTransition(task, kept, event, until).ok) {
      kept.push(event);
      lastDay = dayNumber(day);
    }
  };
  const note = (text: string) => `【${DEMO_LABEL}】${text}`;
  const untilDay = dayNumber(until);
  const startDay = Math.min(dayNumber(start) + int(7, 45), untilDay);
  if (rnd() < 0.15) return kept; // never reported on

  const deadline = task.deadline;
  if (deadline?.kind === "ongoing" || deadline?.kind === "starts" || deadline?.kind === "recurring") {
    const periods = occurrences(deadline, { from: fromDayNumber(startDay), to: until });
    let percent = 0;
    for (const o of periods) {
      if (rnd() < 0.12) continue; // a missed period: the task goes stale
      const day = addDays(o.due, -int(0, 20));
      percent = Math.min(95, percent + int(5, 25));
      if (deadline.kind === "recurring") {
        push(
          (b) => ({
            ...b,
            type: "complete",
            narrative: note(`${o.period}年度任务已完成`),
            evidence: [],
            period: o.period,
          }),
          reporter,
          day,
        );
      } else {
        push(
          (b) => ({
            ...b,
            type: "report",
            percent,
            narrative: note(`${o.period}持续推进，进展正常`),
            evidence: [],
            period: o.period,
          }),
          reporter,
          day,
        );
      }
    }
    return kept;
  }

  const due = "due" in (deadline ?? {}) ? (deadline as { due?: IsoDate }).due : undefined;
  const dueDay = due ? dayNumber(due) : untilDay;
  const horizon = Math.max(startDay, Math.min(untilDay, dueDay + int(-30, 60)));
  const reports = int(1, 4);
  let day = startDay;
  let percent = 0;
  for (let r = 0; r < reports && day <= horizon; r++) {
    percent = Math.min(90, percent + int(10, 35));
    push(
      (b) => ({ ...b, type: "report", percent, narrative: note(`按计划推进，完成约${percent}%`), evidence: [] }),
      reporter,
      fromDayNumber(day),
    );
    day += int(20, 80);
  }
  const profile = rnd();
  // Extension: granted shortly before the original due date for some tasks that run late.
  if (due && profile < 0.12) {
    const grant = Math.max(startDay, dueDay - int(0, 10));
    push(
      (b) => ({
        ...b,
        type: "extend",
        due: fromDayNumber(dueDay + int(60, 180)),
        reason: note("因客观原因申请延期，经审核同意"),
      }),
      supervisor,
      fromDayNumber(grant),
    );
  }
  if (profile < 0.55) return kept; // still in progress
  const done = Math.min(untilDay, Math.max(day, lastDay, dueDay - int(0, 60) + (profile > 0.85 ? int(5, 60) : 0)));
  push(
    (b) => ({ ...b, type: "complete", narrative: note("任务已完成，申请销号"), evidence: [] }),
    reporter,
    fromDayNumber(done),
  );
  if (rnd() < 0.12) {
    const back = done + int(3, 15);
    push((b) => ({ ...b, type: "reject", reason: note("佐证材料不全，退回补充") }), supervisor, fromDayNumber(back));
    push(
      (b) => ({ ...b, type: "complete", narrative: note("已补充佐证材料"), evidence: [] }),
      reporter,
      fromDayNumber(back + int(5, 20)),
    );
  }
  if (rnd() < 0.6)
    push(
      (b) => ({ ...b, type: "close", reason: note("经核查完成，予以销号") }),
      supervisor,
      fromDayNumber(done + int(7, 30)),
    );
  return kept;
}

/** Yearly measurements for a plan's indicators, collected each February for the previous year. */
function measurements(ledger: Ledger, until: IsoDate, seed: number): LedgerEvent[] {
  const region = ledger.plan.region?.name;
  const first = planYear(ledger.plan);
  if (!region || first === undefined) return [];
  const out: LedgerEvent[] = [];
  for (const indicator of ledger.indicators) {
    const rnd = prng(seed ^ hash(indicator.id));
    const target = indicator.targets[0]?.value;
    const base = target ?? (indicator.unit === "%" ? 30 : 100);
    let value = base * (0.8 + rnd() * 0.15);
    for (let year = first - 1; year < Number(until.slice(0, 4)); year++) {
      const day = `${year + 1}-02-${String(10 + Math.floor(rnd() * 15)).padStart(2, "0")}`;
      if (day > until) break;
      value = value * (indicator.direction === "higher" ? 1 + rnd() * 0.12 : 1 - rnd() * 0.12);
      out.push({
        id: `demo-m-${hash(indicator.id).toString(36)}-${year}`,
        type: "measurement",
        indicatorId: indicator.id,
        region,
        period: String(year),
        value: Math.round(value * 100) / 100,
        at: at(day),
        actor: {
          role: "reporter",
          ...(indicator.responsible ? { unit: indicator.responsible } : {}),
          name: DEMO_LABEL,
        },
      });
    }
  }
  return out;
}

/** The demo history of some ledgers up to `until`, in time order per task. Pure and deterministic. */
export function demoHistory(ledgers: readonly Ledger[], options: DemoOptions = {}): LedgerEvent[] {
  const until = options.until ?? DEMO_DATE;
  const seed = options.seed ?? 20200930;
  const out: LedgerEvent[] = [];
  for (const ledger of ledgers) {
    const start = planStart(ledger);
    if (!start || start > until) continue;
    for (const task of ledger.tasks) out.push(...taskHistory(task, start, until, seed));
    out.push(...measurements(ledger, until, seed));
  }
  return out;
}

/** Appends the demo history of the store's plans (ids are deterministic: re-running adds nothing). */
export async function seedDemo(store: Store, options: DemoOptions = {}): Promise<number> {
  const ledgers: Ledger[] = [];
  for (const s of await store.listPlans()) {
    const ledger = await store.loadLedger(s.plan.id);
    if (ledger) ledgers.push(ledger);
  }
  let written = 0;
  for (const event of demoHistory(ledgers, options)) {
    const result = await store.appendEvent(event, event.taskId === undefined ? { planId: planOf(ledgers, event) } : {});
    if (!result.duplicate) written++;
  }
  return written;
}

function planOf(ledgers: readonly Ledger[], event: LedgerEvent): string | undefined {
  if (event.type !== "measurement") return undefined;
  return ledgers.find((l) => l.indicators.some((i) => i.id === event.indicatorId))?.plan.id;
}
