/**
 * The ledger's words in Chinese: what the documents and the reform offices call the domain's values
 * (DOMAIN.md: 未启动 → 推进中 → 已完成 → 已销号; 牵头/配合; 逾期…). Every front end names them so —
 * the web viewer, the terminal dashboard, the API's bulletin and calendar feed — so that a task is
 * 即将到期 on every screen and in every bulletin, not 即将到期 in one and 临近到期 in another. Each map is
 * typed against its enum: a new value does not build until it has its word.
 */
import type { DeadlineKind } from "./Deadline.ts";
import type { LedgerEventType } from "./Event.ts";
import type { AttainmentStatus } from "./Indicator.ts";
import type { PersonRole } from "./Person.ts";
import type { Role } from "./Responsibility.ts";
import type { TaskStatus } from "./TaskState.ts";
import type { Rag, TimelinessStatus } from "./Timeliness.ts";

export interface Words {
  /** A task's status. */
  readonly status: Readonly<Record<TaskStatus, string>>;
  /** A task's timeliness as of a date. */
  readonly timeliness: Readonly<Record<TimelinessStatus, string>>;
  /** The red/amber/green rating. */
  readonly rag: Readonly<Record<Rag, string>>;
  /** The kind of a task's deadline. */
  readonly deadlineKind: Readonly<Record<DeadlineKind, string>>;
  /** What an event records. */
  readonly event: Readonly<Record<LedgerEventType, string>>;
  /** A unit's role on a task. */
  readonly role: Readonly<Record<Role, string>>;
  /** A responsible person's role. */
  readonly personRole: Readonly<Record<PersonRole, string>>;
  /** An indicator's attainment of its target. */
  readonly attainment: Readonly<Record<AttainmentStatus, string>>;
}

/** 简体中文. */
export const WORDS_ZH: Words = {
  status: { "not-started": "未启动", "in-progress": "推进中", completed: "已完成", closed: "已销号" },
  timeliness: {
    "not-yet-due": "未到期",
    "due-soon": "即将到期",
    overdue: "逾期",
    "completed-on-time": "按期完成",
    "completed-late": "逾期完成",
    stale: "未按期报送",
    "awaiting-external": "待国家部署",
    "no-deadline": "无时限",
  },
  rag: { red: "红", amber: "黄", green: "绿" },
  deadlineKind: {
    due: "到期日",
    ongoing: "持续推进",
    recurring: "每年定期",
    external: "按国家部署",
    done: "印发时已完成",
    starts: "自该日起",
    window: "起止时段",
    relative: "相对印发日期",
    milestones: "分阶段节点",
    unknown: "无法识别",
  },
  event: {
    report: "进展报送",
    complete: "报告完成",
    close: "销号",
    reject: "退回",
    reopen: "重新打开",
    extend: "延期",
    measurement: "指标数据",
  },
  role: { lead: "牵头", "co-lead": "共同牵头", cooperating: "配合" },
  personRole: { leader: "分管领导", "office-head": "责任处室负责人", handler: "承办人", liaison: "联络员" },
  attainment: { met: "达标", "not-met": "未达标", "no-data": "无数据", "no-target": "无目标值" },
};
