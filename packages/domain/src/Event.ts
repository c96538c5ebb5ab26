/**
 * The ledger's events. A task's state is never stored: it is derived from its events as of a
 * date. Every event says who, when, what and (where it matters) why.
 */
import { z } from "zod";
import { IsoDate, IsoDateTime } from "./Dates.ts";

export const ActorRole = z.enum(["admin", "supervisor", "reporter", "viewer", "system"]);
export type ActorRole = z.infer<typeof ActorRole>;

export const Actor = z.object({
  role: ActorRole,
  /** Department (unit name or id) the actor acts for; required for reporters. */
  unit: z.string().optional(),
  name: z.string().optional(),
});
export type Actor = z.infer<typeof Actor>;

const common = {
  id: z.string().min(1),
  taskId: z.string().min(1),
  /** When the event happened (ISO instant with offset); its China-time date is the event's day. */
  at: IsoDateTime,
  actor: Actor,
};

/** A progress report (进展报告). */
export const ProgressReport = z.object({
  ...common,
  type: z.literal("report"),
  percent: z.number().min(0).max(100),
  narrative: z.string().default(""),
  evidence: z.array(z.string()).default([]),
  /** For recurring or ongoing tasks: the period reported on ("2020", "2020-Q2"). */
  period: z.string().optional(),
});
export type ProgressReport = z.infer<typeof ProgressReport>;

export const CompleteEvent = z.object({
  ...common,
  type: z.literal("complete"),
  narrative: z.string().default(""),
  evidence: z.array(z.string()).default([]),
  /** For recurring tasks, the occurrence completed. */
  period: z.string().optional(),
});
export const CloseEvent = z.object({ ...common, type: z.literal("close"), reason: z.string().default("") });
export const RejectEvent = z.object({ ...common, type: z.literal("reject"), reason: z.string().min(1) });
export const ReopenEvent = z.object({ ...common, type: z.literal("reopen"), reason: z.string().min(1) });
export const ExtendEvent = z.object({
  ...common,
  type: z.literal("extend"),
  /** The new due date; the original deadline is kept beside it. */
  due: IsoDate,
  reason: z.string().min(1),
});
export const MeasurementEvent = z.object({
  ...common,
  /** A measurement may be tied to a task, but belongs to an indicator. */
  taskId: z.string().min(1).optional(),
  type: z.literal("measurement"),
  indicatorId: z.string().min(1),
  region: z.string().min(1),
  period: z.string(),
  value: z.number().finite(),
});

export const LedgerEvent = z.discriminatedUnion("type", [
  ProgressReport,
  CompleteEvent,
  CloseEvent,
  RejectEvent,
  ReopenEvent,
  ExtendEvent,
  MeasurementEvent,
]);
export type LedgerEvent = z.infer<typeof LedgerEvent>;
export type LedgerEventType = LedgerEvent["type"];
export type CompleteEvent = z.infer<typeof CompleteEvent>;
export type CloseEvent = z.infer<typeof CloseEvent>;
export type RejectEvent = z.infer<typeof RejectEvent>;
export type ReopenEvent = z.infer<typeof ReopenEvent>;
export type ExtendEvent = z.infer<typeof ExtendEvent>;
export type MeasurementEvent = z.infer<typeof MeasurementEvent>;
