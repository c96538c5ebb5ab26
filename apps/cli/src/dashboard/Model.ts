/**
 * What the dashboard shows, as both sources deliver it: the API's answers (API mode) or the same
 * figures computed by `@reform/domain` from a file (file mode). The screens render these and
 * compute nothing of their own.
 */
import type { Deadline, PlanSummary, Scorecard, Timeliness } from "@reform/domain";
import type { WriteBody, WriteResult } from "../commands/Operate.ts";

/** A plan with its summary as of the date. */
export interface PlanRow {
  readonly id: string;
  readonly title: string;
  readonly summary: PlanSummary;
}

/** A task in a list. */
export interface TaskRow {
  readonly id: string;
  readonly planId: string;
  readonly label: string;
  readonly text: string;
  readonly deadline: Deadline | undefined;
  readonly leads: readonly string[];
  readonly status: string;
  readonly percent: number;
  readonly timeliness: Timeliness;
  readonly version: number;
}

export interface DepartmentRow {
  readonly rank: number;
  readonly scorecard: Scorecard;
}

export interface IndicatorRow {
  readonly id: string;
  readonly planId: string;
  readonly name: string;
  readonly unit: string;
  /** The target's own words, e.g. 达到30%以上. */
  readonly target: string | undefined;
  /** Latest value per region with its attainment. */
  readonly cells: ReadonlyArray<{ region: string; status: string; value?: number; period?: string }>;
  /** Past values, oldest first (the first region's), for the sparkline. */
  readonly history: readonly number[];
}

/** Everything the list screens show, as of one date. */
export interface Snapshot {
  readonly asOf: string;
  readonly plans: readonly PlanRow[];
  readonly overdue: readonly TaskRow[];
  readonly overdueTotal: number;
  readonly dueSoon: readonly TaskRow[];
  readonly dueSoonTotal: number;
  readonly departments: readonly DepartmentRow[];
  readonly indicators: readonly IndicatorRow[];
}

export interface HistoryEntry {
  readonly at: string;
  readonly type: string;
  readonly who: string;
  readonly percent?: number;
  readonly text: string;
}

export interface ContactRow {
  readonly role: string;
  readonly name: string;
  readonly unit?: string;
  readonly phone?: string;
}

/** One task in full. */
export interface TaskDetail {
  readonly row: TaskRow;
  readonly planTitle: string;
  readonly path: string;
  /** The deadline's original words (完成时限) and what it was read as. */
  readonly deadlineText: string | undefined;
  readonly due: string | undefined;
  readonly originalDue: string | undefined;
  readonly units: ReadonlyArray<{ unit: string; role: string }>;
  readonly history: readonly HistoryEntry[];
  /** Contacts as the caller may see them (masked when the token may not see personal data). */
  readonly contacts: readonly ContactRow[];
  /** What the caller may do on the task today, as the API's dry run of the domain's rules says (API mode with a token). */
  readonly actions?: ReadonlyArray<TaskAction>;
}

/** An action on a task, allowed or not; when not, the domain's reason, rule and the values it names. */
export interface TaskAction {
  readonly action: string;
  readonly allowed: boolean;
  readonly reason?: string;
  readonly rule?: string;
  readonly params?: Record<string, string>;
}

/** What a source is told to show. */
export interface Query {
  readonly asOf: string | undefined;
  /** Only this plan. */
  readonly plan: string | undefined;
}

/** Where the dashboard's data comes from. */
export interface Source {
  readonly mode: "api" | "file";
  /** The address or file name, for the header. */
  readonly label: string;
  load(query: Query): Promise<Snapshot>;
  /** Tasks whose text matches (case-insensitive). */
  search(text: string, query: Query): Promise<{ rows: TaskRow[]; total: number }>;
  /** Tasks a unit leads (or co-leads), most days overdue first. */
  ledBy(unit: string, query: Query): Promise<{ rows: TaskRow[]; total: number }>;
  detail(taskId: string, query: Query): Promise<TaskDetail>;
  /** The bulletin as Markdown lines. */
  bulletin(query: Query): Promise<string>;
  /** Posts a write (API mode with a token); the API decides and may refuse. */
  readonly write?: (taskId: string, version: number, body: WriteBody) => Promise<WriteResult>;
  /** Reads the source again before the next load (file mode: the file, which may have changed). */
  readonly refresh?: () => Promise<void>;
  /** Follows changes; calls `onChange` after each ledger event. Returns a stop function. */
  readonly watch?: (handlers: WatchHandlers) => () => void;
}

export interface WatchHandlers {
  onChange(event: { type: string; taskId?: string }): void;
  onStatus(status: { live: boolean; message?: string }): void;
}
