/**
 * The dashboard's screens. Each renders a model the source delivered, one terminal line per
 * `<Text>`, every column cut and padded by display width (Text.ts) so Chinese text never breaks
 * the layout. Lists show a window of rows around the cursor.
 */
import { Box, Text } from "ink";
import type { ReactNode } from "react";
import { countsLine, ragLine, statusLine } from "../commands/Status.ts";
import { bar, fit, flat, pct, sparkline, width } from "../Text.ts";
import type { DepartmentRow, IndicatorRow, PlanRow, TaskDetail, TaskRow } from "./Model.ts";
import { ragColor, useTheme } from "./Theme.tsx";

/** One line of exactly `columns` columns. */
export function Line(props: {
  children: string;
  columns: number;
  color?: string | undefined;
  bold?: boolean;
  dim?: boolean;
  inverse?: boolean;
}) {
  return (
    <Text
      wrap="truncate"
      {...(props.color ? { color: props.color } : {})}
      {...(props.bold ? { bold: true } : {})}
      {...(props.dim ? { dimColor: true } : {})}
      {...(props.inverse ? { inverse: true } : {})}
    >
      {fit(props.children, props.columns)}
    </Text>
  );
}

/** The first row shown so that `cursor` is visible in a window of `height` rows. */
export function windowStart(cursor: number, height: number, total: number): number {
  if (total <= height) return 0;
  return Math.max(0, Math.min(cursor - Math.floor(height / 2), total - height));
}

function Selected(props: { selected: boolean; columns: number; text: string; color?: string | undefined }) {
  const theme = useTheme();
  return (
    <Line
      columns={props.columns}
      color={props.color}
      bold={props.selected}
      inverse={props.selected && theme.color}
    >{`${props.selected ? "▸" : " "} ${props.text}`}</Line>
  );
}

export function Overview(props: {
  plans: readonly PlanRow[];
  cursor: number;
  columns: number;
  height: number;
  filter: string | undefined;
}) {
  const theme = useTheme();
  const { columns } = props;
  const lines: ReactNode[] = [];
  const barWidth = Math.max(8, Math.min(24, columns - 52));
  const per = 3;
  const visible = Math.max(1, Math.floor(props.height / per));
  const start = windowStart(props.cursor, visible, props.plans.length);
  props.plans.slice(start, start + visible).forEach((p, k) => {
    const i = start + k;
    const s = p.summary;
    const right = ` ${bar(s.percent, barWidth)} ${fit(`${Math.round(s.percent)}%`, 4, "right")}`;
    const selected = i === props.cursor;
    lines.push(
      <Box key={p.id} flexDirection="column">
        <Selected selected={selected} columns={columns} text={fit(flat(p.title), columns - 2 - width(right)) + right} />
        <Line columns={columns} dim={theme.dim}>{`  ${countsLine(s)}`}</Line>
        <Box>
          <Text>{"  "}</Text>
          <Text {...(theme.red ? { color: theme.red } : {})}>{`R ${s.byRag.red}`}</Text>
          <Text> </Text>
          <Text {...(theme.amber ? { color: theme.amber } : {})}>{`A ${s.byRag.amber}`}</Text>
          <Text> </Text>
          <Text {...(theme.green ? { color: theme.green } : {})}>{`G ${s.byRag.green}`}</Text>
          <Text {...(theme.dim ? { dimColor: true } : {})}>
            {fit(` · ${statusLine(s)}`, Math.max(0, columns - 2 - width(ragLine(s))))}
          </Text>
        </Box>
      </Box>,
    );
  });
  if (props.plans.length === 0)
    lines.push(
      <Line key="none" columns={columns}>
        No plans.
      </Line>,
    );
  return <Box flexDirection="column">{lines}</Box>;
}

/** Days column: overdue days, or days left. */
function daysText(r: TaskRow): string {
  if (r.timeliness.status === "overdue") return `${r.timeliness.daysOverdue}d over`;
  if (r.timeliness.daysLeft !== undefined) return `${r.timeliness.daysLeft}d left`;
  return r.timeliness.status;
}

export function TaskList(props: {
  title: string;
  rows: readonly TaskRow[];
  total: number;
  cursor: number;
  columns: number;
  height: number;
}) {
  const theme = useTheme();
  const { columns } = props;
  const visible = Math.max(1, props.height - 1);
  const start = windowStart(props.cursor, visible, props.rows.length);
  const daysW = 10;
  const leadW = Math.min(16, Math.max(8, Math.floor(columns / 6)));
  const pctW = 5;
  const textW = columns - 2 - daysW - leadW - pctW - 3;
  const more = props.total > props.rows.length ? ` (showing ${props.rows.length})` : "";
  return (
    <Box flexDirection="column">
      <Line columns={columns} bold>{`${props.title}: ${props.total}${more}`}</Line>
      {props.rows.length === 0 ? (
        <Line columns={columns} dim={theme.dim}>
          {"  none"}
        </Line>
      ) : null}
      {props.rows.slice(start, start + visible).map((r, k) => (
        <Selected
          key={r.id}
          selected={start + k === props.cursor}
          columns={columns}
          color={ragColor(theme, r.timeliness.rag)}
          text={`${fit(`${r.label} ${flat(r.text)}`, textW)} ${fit(r.leads[0] ?? "—", leadW)} ${fit(pct(r.percent), pctW, "right")} ${fit(daysText(r), daysW, "right")}`}
        />
      ))}
    </Box>
  );
}

export function Departments(props: {
  rows: readonly DepartmentRow[];
  cursor: number;
  columns: number;
  height: number;
}) {
  const { columns } = props;
  const visible = Math.max(1, props.height - 1);
  const start = windowStart(props.cursor, visible, props.rows.length);
  const nameW = Math.max(10, columns - 2 - 4 - 6 * 6);
  const head = `${fit("#", 4)}${fit("department", nameW)}${["led", "done", "late", "over", "days", "rate"].map((h) => fit(h, 6, "right")).join("")}`;
  return (
    <Box flexDirection="column">
      <Line columns={columns} bold>{`  ${head}`}</Line>
      {props.rows.slice(start, start + visible).map((d, k) => {
        const s = d.scorecard;
        const cells = [s.led, s.completed, s.completedLate, s.overdue, s.overdueDaysTotal].map((n) =>
          fit(String(n), 6, "right"),
        );
        return (
          <Selected
            key={s.key}
            selected={start + k === props.cursor}
            columns={columns}
            text={`${fit(String(d.rank), 4)}${fit(s.unit, nameW)}${cells.join("")}${fit(pct(s.onTimeRate, 100), 6, "right")}`}
          />
        );
      })}
    </Box>
  );
}

export function Indicators(props: { rows: readonly IndicatorRow[]; cursor: number; columns: number; height: number }) {
  const theme = useTheme();
  const { columns } = props;
  const per = 2;
  const visible = Math.max(1, Math.floor(props.height / per));
  const start = windowStart(props.cursor, visible, props.rows.length);
  if (props.rows.length === 0) return <Line columns={columns}>No indicators in these plans.</Line>;
  return (
    <Box flexDirection="column">
      {props.rows.slice(start, start + visible).map((r, k) => {
        const cell = r.cells[0];
        const latest =
          cell?.value !== undefined ? `${cell.value}${r.unit}${cell.period ? ` (${cell.period})` : ""}` : "no data";
        const spark = r.history.length > 0 ? sparkline(r.history.slice(-12)) : "";
        return (
          <Box key={`${r.planId}/${r.id}`} flexDirection="column">
            <Selected selected={start + k === props.cursor} columns={columns} text={flat(r.name)} />
            <Line columns={columns} color={ragColor(theme, cell?.status)}>
              {`    target ${r.target ? flat(r.target) : "—"} · latest ${latest}${cell ? ` · ${cell.region} ${cell.status}` : ""}${spark ? `  ${spark}` : ""}`}
            </Line>
          </Box>
        );
      })}
    </Box>
  );
}

export function TextPane(props: { text: string; scroll: number; columns: number; height: number }) {
  const lines = props.text.split("\n");
  const start = Math.max(0, Math.min(props.scroll, Math.max(0, lines.length - props.height)));
  return (
    <Box flexDirection="column">
      {lines.slice(start, start + props.height).map((l, k) => (
        <Line key={start + k} columns={props.columns}>
          {l}
        </Line>
      ))}
    </Box>
  );
}

const ROLE: Record<string, string> = { lead: "牵头", "co-lead": "共同牵头", cooperating: "配合", responsible: "负责" };

/** The task detail as lines (scrolled by the caller). */
export function detailLines(d: TaskDetail): { text: string; color?: "rag" }[] {
  const r = d.row;
  const out: { text: string; color?: "rag" }[] = [
    { text: `${d.path} ${flat(r.text)}` },
    { text: `plan: ${flat(d.planTitle)}` },
    {
      text: `status: ${r.status} · ${pct(r.percent)} · ${r.timeliness.status} (${r.timeliness.rag})${r.timeliness.daysOverdue ? ` · ${r.timeliness.daysOverdue} days overdue` : ""}${r.timeliness.daysLeft !== undefined ? ` · ${r.timeliness.daysLeft} days left` : ""} · version ${r.version}`,
      color: "rag",
    },
    {
      text: `deadline: ${d.deadlineText ? `“${flat(d.deadlineText)}”` : "none"}${d.due ? ` → due ${d.due}` : ""}${d.originalDue && d.originalDue !== d.due ? ` (originally ${d.originalDue})` : ""}${r.deadline ? ` [${r.deadline.kind}]` : ""}`,
    },
    ...(d.actions
      ? [
          {
            text: `you may: ${
              d.actions
                .filter((a) => a.allowed)
                .map((a) => a.action)
                .join(", ") || "nothing here"
            }`,
          },
        ]
      : []),
    { text: "units:" },
    ...(d.units.length
      ? d.units.map((u) => ({ text: `  ${ROLE[u.role] ?? u.role} ${u.unit}` }))
      : [{ text: "  none" }]),
    { text: `reports and transitions (${d.history.length}):` },
    ...(d.history.length
      ? d.history.map((h) => ({
          text: `  ${h.at.slice(0, 10)} ${h.type}${h.percent !== undefined ? ` ${h.percent}%` : ""} — ${h.who}${h.text ? `: ${flat(h.text)}` : ""}`,
        }))
      : [{ text: "  none" }]),
    { text: "contacts:" },
    ...(d.contacts.length
      ? d.contacts.map((c) => ({
          text: `  ${c.role} ${c.name}${c.unit ? ` (${c.unit})` : ""}${c.phone ? ` ${c.phone}` : ""}`,
        }))
      : [{ text: "  none" }]),
  ];
  return out;
}

export function Detail(props: { detail: TaskDetail; scroll: number; columns: number; height: number }) {
  const theme = useTheme();
  const lines = detailLines(props.detail);
  const start = Math.max(0, Math.min(props.scroll, Math.max(0, lines.length - props.height)));
  return (
    <Box flexDirection="column">
      {lines.slice(start, start + props.height).map((l, k) => (
        <Line
          key={start + k}
          columns={props.columns}
          color={l.color ? ragColor(theme, props.detail.row.timeliness.rag) : undefined}
        >
          {l.text}
        </Line>
      ))}
    </Box>
  );
}

export const HELP_LINES = [
  "Keys",
  "  ←/→, tab, shift-tab, 1–6   switch screen",
  "  ↑/↓, j/k, PgUp/PgDn        move",
  "  enter                       open the task (lists) · filter to the plan (overview)",
  "                              · the tasks a department leads (departments)",
  "  esc                         back",
  "  /                           search tasks by text",
  "  f                           filter: next plan (cycles back to all plans)",
  "  a                           as-of date (empty: today)",
  "  r                           refresh now",
  "  p, c                        in a task: post a report, close it (销号) — needs a token",
  "  ?                           this help",
  "  q                           quit",
];
