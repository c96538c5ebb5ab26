/**
 * Deadlines (完成时限): the typed value a deadline text is read into. Every form keeps the source
 * text; dates are ISO calendar dates in China time. Reading a text is `parseDeadline`
 * (`DeadlinePhrase.ts`); dated steps inside a sentence are `extractMilestones`
 * (`Milestones.ts`); what a text means without a year or relative to an issue date is
 * decided by the plan's {@link DeadlineContext} (`DeadlineContext.ts`).
 */
import { z } from "zod";
import { IsoDate } from "./Dates.ts";

export const DatePrecision = z.enum(["day", "month", "year"]);
export type DatePrecision = z.infer<typeof DatePrecision>;

/** One dated step inside a task's text ("9月底前出台方案"). */
export const Milestone = z.object({
  due: IsoDate,
  precision: DatePrecision,
  /** The phrase the date came from. */
  text: z.string(),
  /** What is due then, when the text says ("出台方案"). */
  what: z.string().optional(),
});
export type Milestone = z.infer<typeof Milestone>;

const base = { text: z.string() };

export const Deadline = z.discriminatedUnion("kind", [
  /** Due on a date: 2020年1月底前 → 2020-01-31. */
  z.object({
    kind: z.literal("due"),
    ...base,
    due: IsoDate,
    precision: DatePrecision,
    /** Not written for this task: implied by a list whose title names one year (`text` is that phrase). */
    implied: z.literal(true).optional(),
  }),
  /** 持续推进, 常年, 长期: never overdue, but expected to report every period. */
  z.object({ kind: z.literal("ongoing"), ...base }),
  /** 每年2月底前: one occurrence a year, each due on month/day; optionally within years. */
  z.object({
    kind: z.literal("recurring"),
    ...base,
    frequency: z.literal("yearly"),
    /** Month and day each occurrence is due; 12-31 when the text names no month. */
    month: z.number().int().min(1).max(12),
    /** Day of month; omitted means the month's last day. */
    day: z.number().int().min(1).max(31).optional(),
    fromYear: z.number().int().optional(),
    toYear: z.number().int().optional(),
  }),
  /** 按照国家要求完成: waits for a national schedule. */
  z.object({ kind: z.literal("external"), ...base }),
  /** 已完成: done when the plan was issued. */
  z.object({ kind: z.literal("done"), ...base }),
  /** 自2017年9月1日起: starts then, no due date. */
  z.object({ kind: z.literal("starts"), ...base, start: IsoDate, precision: DatePrecision }),
  /** （2014年12月-2015年3月）: a window with start and due. */
  z.object({ kind: z.literal("window"), ...base, start: IsoDate, due: IsoDate }),
  /** 5年内, 两年之内: relative to the plan's issue date; `due` is set when that date is known. */
  z.object({
    kind: z.literal("relative"),
    ...base,
    amount: z.number().positive(),
    unit: z.enum(["year", "month", "day"]),
    due: IsoDate.optional(),
  }),
  /** Several dated milestones in one text; `due` is the last one. */
  z.object({ kind: z.literal("milestones"), ...base, milestones: z.array(Milestone).min(2), due: IsoDate }),
  /** Anything else: kept verbatim with the reason it could not be read. */
  z.object({ kind: z.literal("unknown"), ...base, reason: z.string() }),
]);
export type Deadline = z.infer<typeof Deadline>;
export type DeadlineKind = Deadline["kind"];

/** The due date of a deadline that has one (due, window, milestones, relative with a known issue date). */
export function deadlineDue(d: Deadline): IsoDate | undefined {
  switch (d.kind) {
    case "due":
    case "window":
    case "milestones":
    case "relative":
      return d.due;
    default:
      return undefined;
  }
}
