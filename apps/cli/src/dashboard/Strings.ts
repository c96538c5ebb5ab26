/**
 * Every word the dashboard shows, in its two languages: `zh` (简体中文, the default) and `en` (the
 * English it always had). Business words are the web viewer's (apps/web/src/locales/zh.ts): 牵头,
 * 配合, 销号, 退回, 逾期, 即将到期, 督办, 通报, 指标, 部门, 时点. The domain's values (status,
 * timeliness, RAG, event types, roles) are translated through maps typed against its enums, so a new
 * value breaks the build until it has its words. Screens take the strings from {@link useStrings}.
 */
import type {
  Action,
  ActorRole,
  AttainmentStatus,
  DeadlineKind,
  LedgerEventType,
  PersonRole,
  PlanSummary,
  Rag,
  Role,
  TaskStatus,
  TimelinessStatus,
  TransitionRule,
} from "@reform/domain";
import { WORDS_ZH } from "@reform/domain";
import { createContext, useContext } from "react";
import type { Screen } from "./App.tsx";

import type { Lang } from "../Args.ts";

export type { Lang } from "../Args.ts";

/** Events the live stream announces: the ledger's events and an import. */
export type StreamEvent = LedgerEventType | "import";

export interface Strings {
  readonly lang: Lang;
  /** The product's name, first in the header. */
  readonly product: string;
  readonly header: (p: { source: string; asOf: string | undefined; plan: string | undefined }) => string;
  readonly tabs: Record<Screen, string>;
  /** The line under the header while a task is open. */
  readonly taskTab: (path: string) => string;

  // State line
  readonly live: string;
  readonly reconnecting: string;
  readonly loadingState: string;
  /** How old the data shown is, after a failed reload. */
  readonly age: (ms: number) => string;
  readonly failed: (p: { age: string | undefined; failure: string }) => string;
  /** A failure of the source, in words (the source's message where it has no better). */
  readonly failure: (error: unknown) => string;

  // Bodies
  readonly loading: string;
  readonly noDataYet: string;
  readonly loadingBulletin: string;
  readonly noBulletin: (message: string) => string;
  readonly noPlans: string;
  readonly noIndicators: string;
  readonly none: string;

  // Overview
  /** Timeliness counts under a plan. */
  readonly counts: (s: PlanSummary) => string;
  /** The RAG letters (R/A/G, 红/黄/绿). */
  readonly ragShort: Record<Rag, string>;
  /** Items by status, after the RAG counts. */
  readonly byStatus: (s: PlanSummary) => string;

  // Task lists
  readonly overdueTitle: string;
  readonly dueSoonTitle: string;
  readonly searchTitle: (text: string) => string;
  readonly ledByTitle: (unit: string) => string;
  readonly listHeading: (p: { title: string; total: number; shown: number }) => string;
  readonly daysOverdue: (n: number) => string;
  readonly daysLeft: (n: number) => string;
  /** `reform status`: the overdue and due-soon totals, and how many overdue tasks are not listed. */
  readonly statusTotals: (p: { overdue: number; dueSoon: number }) => string;
  readonly more: (n: number) => string;

  // Departments
  readonly departmentHead: {
    readonly rank: string;
    readonly unit: string;
    /** Led, completed, completed late, overdue, overdue days, on-time rate. */
    readonly columns: readonly [string, string, string, string, string, string];
  };

  // Indicators
  readonly indicatorLine: (p: {
    target: string | undefined;
    latest: { value: number; unit: string; period: string | undefined } | undefined;
    cell: { region: string; status: string } | undefined;
  }) => string;
  readonly attainment: Record<AttainmentStatus, string>;

  // Task detail
  readonly detail: {
    readonly plan: (title: string) => string;
    readonly status: (p: {
      status: string;
      percent: string;
      timeliness: string;
      rag: string;
      daysOverdue: number;
      daysLeft: number | undefined;
      version: number;
    }) => string;
    readonly deadline: (p: {
      text: string | undefined;
      due: string | undefined;
      originalDue: string | undefined;
      kind: string | undefined;
    }) => string;
    readonly mayDo: (actions: readonly string[]) => string;
    readonly units: string;
    readonly history: (n: number) => string;
    readonly historyLine: (p: {
      date: string;
      type: string;
      percent: number | undefined;
      who: string;
      text: string;
    }) => string;
    readonly contacts: string;
    readonly none: string;
  };
  readonly status: Record<TaskStatus, string>;
  readonly timeliness: Record<TimelinessStatus, string>;
  readonly rag: Record<Rag, string>;
  readonly event: Record<StreamEvent, string>;
  readonly role: Record<Role, string>;
  readonly personRole: Record<PersonRole, string>;
  readonly actorRole: Record<ActorRole, string>;
  readonly action: Record<Action, string>;
  readonly deadlineKind: Record<DeadlineKind, string>;
  /** A refusal by the domain's rule, worded from the values it names; none: the API's own words. */
  readonly refusal: Record<TransitionRule, (params: Record<string, string | undefined>) => string> | undefined;

  // Keys, prompts and notices
  /** The help screen: a title, then each key with what it does (an empty key continues the line above). */
  readonly help: { readonly title: string; readonly keys: readonly (readonly [string, string])[] };
  readonly keysList: string;
  readonly keysDetail: string;
  readonly prompt: {
    readonly search: string;
    readonly asOf: string;
    readonly percent: string;
    readonly note: string;
    readonly closeReason: string;
    readonly confirmReport: (percent: number, path: string) => string;
    readonly confirmClose: (path: string) => string;
  };
  readonly notice: {
    readonly cancelled: string;
    readonly notADate: (value: string) => string;
    readonly badPercent: (value: string) => string;
    readonly fileReadOnly: string;
    readonly needToken: string;
    readonly notAllowed: (p: { reason: string | undefined; action: string }) => string;
    readonly filter: (plan: string | undefined) => string;
    readonly updating: (p: { event: string; taskId: string | undefined }) => string;
    /** `kind`: the write's event, in words. */
    readonly sending: (kind: string) => string;
    readonly recorded: (p: { kind: string; status: string; percent: number; version: number }) => string;
    readonly refused: (message: string) => string;
  };
  /** On stderr when there is no terminal to draw on. */
  readonly needsTerminal: string;
}

/** A value's words in `map`, or the value itself when the map has none (a value from a newer server). */
export const word = <K extends string>(m: Record<K, string>, key: string): string =>
  Object.hasOwn(m, key) ? m[key as K] : key;

/** The English the dashboard (and `reform status`) has always shown. */
export const en = {
  lang: "en",
  product: "Reform Ledger",
  header: ({ source, asOf, plan }) =>
    `Reform Ledger · ${source} · as of ${asOf ?? "today"}${plan ? ` · plan: ${plan}` : ""}`,
  tabs: {
    overview: "Overview",
    overdue: "Overdue",
    "due-soon": "Due soon",
    departments: "Departments",
    indicators: "Indicators",
    bulletin: "Bulletin",
    search: "Search",
  },
  taskTab: (path) => `Task ${path}`,
  live: "● live",
  reconnecting: "reconnecting",
  loadingState: "loading…",
  age(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 60) return `${s}s`;
    if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
    return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  },
  failed: ({ age, failure }) => `⚠ ${age !== undefined ? `${age} old data · ` : ""}retrying · ${failure}`,
  failure: (error) => (error instanceof Error ? error.message : String(error)),
  loading: "Loading…",
  noDataYet: "No data yet.",
  loadingBulletin: "Loading the bulletin…",
  noBulletin: (message) => `(no bulletin: ${message})`,
  noPlans: "No plans.",
  noIndicators: "No indicators in these plans.",
  none: "none",
  counts: (s) => {
    const t = s.byTimeliness;
    return [
      `overdue ${t.overdue}`,
      `soon ${t["due-soon"]}`,
      `stale ${t.stale}`,
      `not due ${t["not-yet-due"]}`,
      `on time ${t["completed-on-time"]}`,
      `late ${t["completed-late"]}`,
      `external ${t["awaiting-external"]}`,
    ].join(" · ");
  },
  ragShort: { red: "R", amber: "A", green: "G" },
  byStatus: (s) =>
    `${s.items} items: ${s.byStatus.completed + s.byStatus.closed} done, ${s.byStatus["in-progress"]} in progress, ${s.byStatus["not-started"]} not started`,
  overdueTitle: "Overdue, most days first",
  dueSoonTitle: "Due soon, nearest first",
  searchTitle: (text) => `Search “${text}”`,
  ledByTitle: (unit) => `Led by ${unit}`,
  listHeading: ({ title, total, shown }) => `${title}: ${total}${total > shown ? ` (showing ${shown})` : ""}`,
  daysOverdue: (n) => `${n}d over`,
  daysLeft: (n) => `${n}d left`,
  statusTotals: ({ overdue, dueSoon }) => `Overdue: ${overdue} · due soon: ${dueSoon}`,
  more: (n) => `… ${n} more`,
  departmentHead: { rank: "#", unit: "department", columns: ["led", "done", "late", "over", "days", "rate"] },
  indicatorLine: ({ target, latest, cell }) =>
    `target ${target ?? "—"} · latest ${
      latest ? `${latest.value}${latest.unit}${latest.period ? ` (${latest.period})` : ""}` : "no data"
    }${cell ? ` · ${cell.region} ${cell.status}` : ""}`,
  attainment: { met: "met", "not-met": "not-met", "no-data": "no-data", "no-target": "no-target" },
  detail: {
    plan: (title) => `plan: ${title}`,
    status: (p) =>
      `status: ${p.status} · ${p.percent} · ${p.timeliness} (${p.rag})${p.daysOverdue ? ` · ${p.daysOverdue} days overdue` : ""}${p.daysLeft !== undefined ? ` · ${p.daysLeft} days left` : ""} · version ${p.version}`,
    deadline: (p) =>
      `deadline: ${p.text ? `“${p.text}”` : "none"}${p.due ? ` → due ${p.due}` : ""}${p.originalDue && p.originalDue !== p.due ? ` (originally ${p.originalDue})` : ""}${p.kind ? ` [${p.kind}]` : ""}`,
    mayDo: (actions) => `you may: ${actions.join(", ") || "nothing here"}`,
    units: "units:",
    history: (n) => `reports and transitions (${n}):`,
    historyLine: (h) =>
      `  ${h.date} ${h.type}${h.percent !== undefined ? ` ${h.percent}%` : ""} — ${h.who}${h.text ? `: ${h.text}` : ""}`,
    contacts: "contacts:",
    none: "  none",
  },
  status: { "not-started": "not-started", "in-progress": "in-progress", completed: "completed", closed: "closed" },
  timeliness: {
    "not-yet-due": "not-yet-due",
    "due-soon": "due-soon",
    overdue: "overdue",
    "completed-on-time": "completed-on-time",
    "completed-late": "completed-late",
    stale: "stale",
    "awaiting-external": "awaiting-external",
    "no-deadline": "no-deadline",
  },
  rag: { red: "red", amber: "amber", green: "green" },
  event: {
    report: "report",
    complete: "complete",
    close: "close",
    reject: "reject",
    reopen: "reopen",
    extend: "extend",
    measurement: "measurement",
    import: "import",
  },
  // The roles were always shown in Chinese.
  role: { lead: "牵头", "co-lead": "共同牵头", cooperating: "配合" },
  personRole: { leader: "leader", "office-head": "office-head", handler: "handler", liaison: "liaison" },
  actorRole: { admin: "admin", supervisor: "supervisor", reporter: "reporter", viewer: "viewer", system: "system" },
  action: {
    "see-contacts": "see-contacts",
    report: "report",
    complete: "complete",
    close: "close",
    reject: "reject",
    reopen: "reopen",
    extend: "extend",
    "record-measurement": "record-measurement",
    import: "import",
    "manage-tokens": "manage-tokens",
    "set-event-time": "set-event-time",
  },
  deadlineKind: {
    due: "due",
    ongoing: "ongoing",
    recurring: "recurring",
    external: "external",
    done: "done",
    starts: "starts",
    window: "window",
    relative: "relative",
    milestones: "milestones",
    unknown: "unknown",
  },
  refusal: undefined,
  help: {
    title: "Keys",
    keys: [
      ["←/→, tab, shift-tab, 1–6", "switch screen"],
      ["↑/↓, j/k, PgUp/PgDn", "move"],
      ["enter", "open the task (lists) · filter to the plan (overview)"],
      ["", "· the tasks a department leads (departments)"],
      ["esc", "back"],
      ["/", "search tasks by text"],
      ["f", "filter: next plan (cycles back to all plans)"],
      ["a", "as-of date (empty: today)"],
      ["r", "refresh now"],
      ["p, c", "in a task: post a report, close it (销号) — needs a token"],
      ["?", "this help"],
      ["q", "quit"],
    ],
  },
  keysList: "←/→ screens · j/k move · enter open · / search · f filter · a as-of · r refresh · ? help · q quit",
  keysDetail: "esc back · j/k scroll · p report · c close · ? help · q quit",
  prompt: {
    search: "search: ",
    asOf: "as of (YYYY-MM-DD, empty: today): ",
    percent: "percent done (0–100): ",
    note: "note (进展情况): ",
    closeReason: "close reason (optional): ",
    confirmReport: (percent, path) => `post ${percent}% on ${path}? (y/n) `,
    confirmClose: (path) => `close (销号) ${path}? (y/n) `,
  },
  notice: {
    cancelled: "cancelled",
    notADate: (value) => `not a date: '${value}' (YYYY-MM-DD)`,
    badPercent: (value) => `percent must be 0–100, got '${value}'`,
    fileReadOnly: "file mode is read-only",
    needToken: "read-only: give a token (--token or REFORM_TOKEN) to write",
    notAllowed: ({ reason, action }) => `not allowed: ${reason ?? `${action} is not open to this token`}`,
    filter: (plan) => `filter: ${plan ?? "all plans"}`,
    updating: ({ event, taskId }) => `${event}${taskId ? ` on ${taskId}` : ""} — updating`,
    sending: (kind) => `${kind}: sending…`,
    recorded: (p) => `${p.kind} recorded: now ${p.status}, ${p.percent}%, version ${p.version}`,
    refused: (message) => `refused — ${message}`,
  },
  needsTerminal: "reform: dashboard: needs a terminal (for a one-off screen use 'reform status')",
} satisfies Strings;

/** A source's failure in Chinese: by its exit code and HTTP status (Server.ts), else its own message. */
function zhFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const f = error as {
    exit?: number;
    status?: number;
    code?: string;
    details?: { rule?: string; params?: Record<string, string> };
  };
  const byRule = f.details?.rule ? refusalText(zh, { rule: f.details.rule, params: f.details.params }) : undefined;
  if (byRule) return byRule;
  if (f.code === "unreachable") return `无法连接服务器（${message.replace(/^.*?\bat (\S+).*$/, "$1")}）`;
  if (f.status === 401) return "服务器拒绝了令牌（401）";
  if (f.status === 403) return "无权办理（403）";
  if (f.status === 404) return "找不到（404）";
  if (f.status === 409) return "冲突：任务已被他人更新，请刷新后重试（409）";
  if (f.status === 429) return "服务器繁忙，请稍后再试（429）";
  if (f.status !== undefined && f.status >= 500) return `服务器出错（${f.status}）`;
  return message;
}

/** Indicators' attainment in the ledger's words ({@link WORDS_ZH}). */
const zhAttainment = WORDS_ZH.attainment;

/** 简体中文（默认）。 */
export const zh = {
  lang: "zh-CN",
  product: "改革任务台账",
  header: ({ source, asOf, plan }) =>
    `改革任务台账 · ${source} · 时点 ${asOf ?? "今天"}${plan ? ` · 清单：${plan}` : ""}`,
  tabs: {
    overview: "总览",
    overdue: "逾期",
    "due-soon": "即将到期",
    departments: "部门",
    indicators: "指标",
    bulletin: "通报",
    search: "搜索",
  },
  taskTab: (path) => `任务 ${path}`,
  live: "● 实时",
  reconnecting: "重新连接中",
  loadingState: "加载中…",
  age(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 60) return `${s}秒`;
    if (s < 3600) return `${Math.floor(s / 60)}分${s % 60}秒`;
    return `${Math.floor(s / 3600)}小时${Math.floor((s % 3600) / 60)}分`;
  },
  failed: ({ age, failure }) => `⚠ ${age !== undefined ? `数据已是${age}前 · ` : ""}重试中 · ${failure}`,
  failure: zhFailure,
  loading: "加载中…",
  noDataYet: "暂无数据。",
  loadingBulletin: "通报加载中…",
  noBulletin: (message) => `（无法取得通报：${message}）`,
  noPlans: "还没有清单。",
  noIndicators: "这些清单暂无指标。",
  none: "无",
  counts: (s) => {
    const t = s.byTimeliness;
    return [
      `逾期${t.overdue}`,
      `即将到期${t["due-soon"]}`,
      `未按期报送${t.stale}`,
      `未到期${t["not-yet-due"]}`,
      `按期完成${t["completed-on-time"]}`,
      `逾期完成${t["completed-late"]}`,
      `待国家部署${t["awaiting-external"]}`,
    ].join("  ");
  },
  ragShort: { red: "红", amber: "黄", green: "绿" },
  byStatus: (s) =>
    `共 ${s.items} 项：完成 ${s.byStatus.completed + s.byStatus.closed}  推进中 ${s.byStatus["in-progress"]}  ${WORDS_ZH.status["not-started"]} ${s.byStatus["not-started"]}`,
  overdueTitle: "逾期任务（逾期天数多者在前）",
  dueSoonTitle: "即将到期（到期近者在前）",
  searchTitle: (text) => `搜索“${text}”`,
  ledByTitle: (unit) => `${unit}牵头的任务`,
  listHeading: ({ title, total, shown }) => `${title}：共 ${total} 项${total > shown ? `（显示 ${shown} 项）` : ""}`,
  daysOverdue: (n) => `逾期${n}天`,
  daysLeft: (n) => `剩余${n}天`,
  statusTotals: ({ overdue, dueSoon }) => `逾期 ${overdue} 项 · 即将到期 ${dueSoon} 项`,
  more: (n) => `… 另有 ${n} 项`,
  departmentHead: { rank: "名次", unit: "部门", columns: ["牵头", "完成", "逾期完成", "逾期", "逾期天数", "按期率"] },
  indicatorLine: ({ target, latest, cell }) =>
    `目标 ${target ?? "—"} · 最新 ${
      latest ? `${latest.value}${latest.unit}${latest.period ? `（${latest.period}）` : ""}` : "无数据"
    }${cell ? ` · ${cell.region} ${cell.status}` : ""}`,
  attainment: zhAttainment,
  detail: {
    plan: (title) => `所属清单：${title}`,
    status: (p) =>
      `状态：${p.status} · ${p.percent} · ${p.timeliness}（${p.rag}）${p.daysOverdue ? ` · 逾期${p.daysOverdue}天` : ""}${p.daysLeft !== undefined ? ` · 剩余${p.daysLeft}天` : ""} · 版本 ${p.version}`,
    deadline: (p) =>
      `完成时限：${p.text ? `“${p.text}”` : "无"}${p.due ? ` → ${p.due}到期` : ""}${p.originalDue && p.originalDue !== p.due ? `（原定 ${p.originalDue}）` : ""}${p.kind ? `〔${p.kind}〕` : ""}`,
    mayDo: (actions) => `可办理：${actions.join("、") || "无"}`,
    units: "责任单位：",
    history: (n) => `进展报送与状态变更（${n}）：`,
    historyLine: (h) =>
      `  ${h.date} ${h.type}${h.percent !== undefined ? ` ${h.percent}%` : ""} — ${h.who}${h.text ? `：${h.text}` : ""}`,
    contacts: "责任人与联系方式：",
    none: "  无",
  },
  // The domain's values in the ledger's words, the same on every front end (@reform/domain).
  status: WORDS_ZH.status,
  timeliness: WORDS_ZH.timeliness,
  rag: WORDS_ZH.rag,
  event: { ...WORDS_ZH.event, import: "导入" },
  role: WORDS_ZH.role,
  personRole: WORDS_ZH.personRole,
  actorRole: { admin: "管理员", supervisor: "督办", reporter: "填报单位", viewer: "只读", system: "系统" },
  action: {
    "see-contacts": "查看联系方式",
    report: "报送进展",
    complete: "报告完成",
    close: "销号",
    reject: "退回",
    reopen: "重新打开",
    extend: "延期",
    "record-measurement": "录入指标数据",
    import: "导入",
    "manage-tokens": "管理令牌",
    "set-event-time": "指定记录时间",
  },
  deadlineKind: WORDS_ZH.deadlineKind,
  refusal: {
    "wrong-task": (p) => `该记录属于任务 ${p.eventTask}，不是本任务`,
    viewer: () => "只读身份不能办理任务",
    "not-named": (p) => `${p.actor} 不是本任务的责任单位`,
    closed: () => "任务已销号",
    "already-done": (p) => `任务已是“${p.status}”状态`,
    "not-lead": (p) => `只有牵头单位可以报告完成，${p.actor} 不是牵头单位`,
    "supervisor-only": (p) => `只有督办可以${p.action}`,
    "not-completed": (p) => `只有已完成的任务可以${p.action}，当前为“${p.status}”`,
    "not-reopenable": (p) => `只有已完成或已销号的任务可以重新打开，当前为“${p.status}”`,
    "closed-no-extension": () => "已销号的任务不能延期",
    "recurring-no-extension": () => "周期性任务按期次各有时限，不能延期",
    "due-not-later": (p) => `新的完成日期 ${p.due} 不晚于现有时限 ${p.current}`,
    "due-before-granted": (p) => `新的完成日期 ${p.due} 早于批准延期的日期 ${p.granted}`,
    "not-an-instant": (p) => `时间“${p.at}”无法识别`,
    "after-as-of": (p) => `记录时间 ${p.at} 晚于 ${p.asOf}`,
    "before-latest": (p) => `记录时间早于本任务最近一条记录（${p.latest}）`,
  },
  help: {
    title: "按键",
    keys: [
      ["←/→、tab、shift-tab、1–6", "切换页面"],
      ["↑/↓、j/k、PgUp/PgDn", "移动"],
      ["回车", "打开任务（列表）· 只看该清单（总览）"],
      ["", "· 该部门牵头的任务（部门）"],
      ["esc", "返回"],
      ["/", "按内容搜索任务"],
      ["f", "筛选：下一份清单（轮完回到全部）"],
      ["a", "时点（留空为今天）"],
      ["r", "立即刷新"],
      ["p、c", "任务中：报送进展、销号（需要令牌）"],
      ["?", "本帮助"],
      ["q", "退出"],
    ],
  },
  keysList: "←/→ 切换  j/k 移动  回车 打开  / 搜索  f 筛选  a 时点  r 刷新  ? 帮助  q 退出",
  keysDetail: "esc 返回 · j/k 滚动 · p 报送进展 · c 销号 · ? 帮助 · q 退出",
  prompt: {
    search: "搜索：",
    asOf: "时点（年-月-日，留空为今天）：",
    percent: "完成百分比（0–100）：",
    note: "进展说明：",
    closeReason: "销号理由（可不填）：",
    confirmReport: (percent, path) => `报送 ${path} 进展 ${percent}%？(y/n) `,
    confirmClose: (path) => `销号 ${path}？(y/n) `,
  },
  notice: {
    cancelled: "已取消",
    notADate: (value) => `不是日期：“${value}”（应为 2020-06-30 这样的年-月-日）`,
    badPercent: (value) => `完成百分比应为 0–100，输入的是“${value}”`,
    fileReadOnly: "文件模式只能查看，不能办理",
    needToken: "只读：办理需要令牌（--token 或 REFORM_TOKEN）",
    notAllowed: ({ reason, action }) => `不能办理：${reason ?? `此令牌不能${action}`}`,
    filter: (plan) => `筛选：${plan ?? "全部清单"}`,
    updating: ({ event, taskId }) => `${event}${taskId ? `（任务 ${taskId}）` : ""} — 更新中`,
    sending: (kind) => `${kind}：提交中…`,
    recorded: (p) => `${p.kind}已记录：现为${p.status}，${p.percent}%，版本 ${p.version}`,
    refused: (message) => `未能提交 — ${message}`,
  },
  needsTerminal: "reform: dashboard: 需要在终端中运行（只看一屏请用 'reform status'）",
} satisfies Strings;

/** Why an action is refused: the rule's words with the statuses and actions it names in words, else the API's reason. */
export function refusalText(
  s: Strings,
  refusal: { reason?: string | undefined; rule?: string | undefined; params?: Record<string, string> | undefined },
): string | undefined {
  const worded =
    refusal.rule && s.refusal && Object.hasOwn(s.refusal, refusal.rule)
      ? s.refusal[refusal.rule as TransitionRule]
      : undefined;
  if (!worded) return refusal.reason;
  const params = refusal.params ?? {};
  return worded({
    ...params,
    ...(params.status ? { status: word(s.status, params.status) } : {}),
    ...(params.action ? { action: word(s.action, params.action) } : {}),
  });
}

/** The strings of a language. */
export const stringsFor = (lang: Lang): Strings => (lang === "en" ? en : zh);

export const StringsContext = createContext<Strings>(zh);
export const useStrings = () => useContext(StringsContext);
