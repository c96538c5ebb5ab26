/**
 * The dashboard's screens. Each renders a model the source delivered, one terminal line per
 * `<Text>`, every column cut and padded by display width (Text.ts) so Chinese text never breaks
 * the layout. Lists show a window of rows around the cursor.
 */
import { Box, Text } from "ink";
import type { ReactNode } from "react";
import { bar, fit, flat, pct, sparkline, width } from "../Text.ts";
import type { DepartmentRow, IndicatorRow, PlanRow, TaskDetail, TaskRow } from "./Model.ts";
import { type Strings, useStrings, word } from "./Strings.ts";
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
  const s = useStrings();
  const { columns } = props;
  const lines: ReactNode[] = [];
  const barWidth = Math.max(8, Math.min(24, columns - 52));
  const per = 3;
  const visible = Math.max(1, Math.floor(props.height / per));
  const start = windowStart(props.cursor, visible, props.plans.length);
  props.plans.slice(start, start + visible).forEach((p, k) => {
    const i = start + k;
    const sum = p.summary;
    const right = ` ${bar(sum.percent, barWidth)} ${fit(`${Math.round(sum.percent)}%`, 4, "right")}`;
    const rag = (r: "red" | "amber" | "green") => `${s.ragShort[r]} ${sum.byRag[r]}`;
    const ragWidth = width(`${rag("red")} ${rag("amber")} ${rag("green")}`);
    const selected = i === props.cursor;
    lines.push(
      <Box key={p.id} flexDirection="column">
        <Selected selected={selected} columns={columns} text={fit(flat(p.title), columns - 2 - width(right)) + right} />
        <Line columns={columns} dim={theme.dim}>{`  ${s.counts(sum)}`}</Line>
        <Box>
          <Text>{"  "}</Text>
          <Text {...(theme.red ? { color: theme.red } : {})}>{rag("red")}</Text>
          <Text> </Text>
          <Text {...(theme.amber ? { color: theme.amber } : {})}>{rag("amber")}</Text>
          <Text> </Text>
          <Text {...(theme.green ? { color: theme.green } : {})}>{rag("green")}</Text>
          <Text {...(theme.dim ? { dimColor: true } : {})}>
            {fit(` · ${s.byStatus(sum)}`, Math.max(0, columns - 2 - ragWidth))}
          </Text>
        </Box>
      </Box>,
    );
  });
  if (props.plans.length === 0)
    lines.push(
      <Line key="none" columns={columns}>
        {s.noPlans}
      </Line>,
    );
  return <Box flexDirection="column">{lines}</Box>;
}

/** Days column: overdue days, or days left. */
function daysText(r: TaskRow, s: Strings): string {
  if (r.timeliness.status === "overdue") return s.daysOverdue(r.timeliness.daysOverdue);
  if (r.timeliness.daysLeft !== undefined) return s.daysLeft(r.timeliness.daysLeft);
  return word(s.timeliness, r.timeliness.status);
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
  const s = useStrings();
  const { columns } = props;
  const visible = Math.max(1, props.height - 1);
  const start = windowStart(props.cursor, visible, props.rows.length);
  const daysW = 10;
  const leadW = Math.min(16, Math.max(8, Math.floor(columns / 6)));
  const pctW = 5;
  const textW = columns - 2 - daysW - leadW - pctW - 3;
  return (
    <Box flexDirection="column">
      <Line columns={columns} bold>
        {s.listHeading({ title: props.title, total: props.total, shown: props.rows.length })}
      </Line>
      {props.rows.length === 0 ? (
        <Line columns={columns} dim={theme.dim}>
          {`  ${s.none}`}
        </Line>
      ) : null}
      {props.rows.slice(start, start + visible).map((r, k) => (
        <Selected
          key={r.id}
          selected={start + k === props.cursor}
          columns={columns}
          color={ragColor(theme, r.timeliness.rag)}
          text={`${fit(`${r.label} ${flat(r.text)}`, textW)} ${fit(r.leads[0] ?? "—", leadW)} ${fit(pct(r.percent), pctW, "right")} ${fit(daysText(r, s), daysW, "right")}`}
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
  const s = useStrings();
  const { columns } = props;
  const visible = Math.max(1, props.height - 1);
  const start = windowStart(props.cursor, visible, props.rows.length);
  // Each column is as wide as its header and a space (at least 6 cells, 4 for the rank).
  const head = s.departmentHead;
  const rankW = Math.max(4, width(head.rank) + 1);
  const colW = head.columns.map((h) => Math.max(6, width(h) + 1));
  const nameW = Math.max(10, columns - 2 - rankW - colW.reduce((a, b) => a + b, 0));
  const header = `${fit(head.rank, rankW)}${fit(head.unit, nameW)}${head.columns.map((h, i) => fit(h, colW[i]!, "right")).join("")}`;
  return (
    <Box flexDirection="column">
      <Line columns={columns} bold>{`  ${header}`}</Line>
      {props.rows.slice(start, start + visible).map((d, k) => {
        const c = d.scorecard;
        const cells = [c.led, c.completed, c.completedLate, c.overdue, c.overdueDaysTotal, pct(c.onTimeRate, 100)].map(
          (n, i) => fit(String(n), colW[i]!, "right"),
        );
        return (
          <Selected
            key={c.key}
            selected={start + k === props.cursor}
            columns={columns}
            text={`${fit(String(d.rank), rankW)}${fit(c.unit, nameW)}${cells.join("")}`}
          />
        );
      })}
    </Box>
  );
}

export function Indicators(props: { rows: readonly IndicatorRow[]; cursor: number; columns: number; height: number }) {
  const theme = useTheme();
  const s = useStrings();
  const { columns } = props;
  const per = 2;
  const visible = Math.max(1, Math.floor(props.height / per));
  const start = windowStart(props.cursor, visible, props.rows.length);
  if (props.rows.length === 0) return <Line columns={columns}>{s.noIndicators}</Line>;
  return (
    <Box flexDirection="column">
      {props.rows.slice(start, start + visible).map((r, k) => {
        const cell = r.cells[0];
        const line = s.indicatorLine({
          target: r.target ? flat(r.target) : undefined,
          latest: cell?.value !== undefined ? { value: cell.value, unit: r.unit, period: cell.period } : undefined,
          cell: cell ? { region: cell.region, status: word(s.attainment, cell.status) } : undefined,
        });
        const spark = r.history.length > 0 ? sparkline(r.history.slice(-12)) : "";
        return (
          <Box key={`${r.planId}/${r.id}`} flexDirection="column">
            <Selected selected={start + k === props.cursor} columns={columns} text={flat(r.name)} />
            <Line columns={columns} color={ragColor(theme, cell?.status)}>
              {`    ${line}${spark ? `  ${spark}` : ""}`}
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

/** The task detail as lines (scrolled by the caller). */
export function detailLines(d: TaskDetail, s: Strings): { text: string; color?: "rag" }[] {
  const r = d.row;
  const t = r.timeliness;
  const none = [{ text: s.detail.none }];
  return [
    { text: `${d.path} ${flat(r.text)}` },
    { text: s.detail.plan(flat(d.planTitle)) },
    {
      text: s.detail.status({
        status: word(s.status, r.status),
        percent: pct(r.percent),
        timeliness: word(s.timeliness, t.status),
        rag: word(s.rag, t.rag),
        daysOverdue: t.daysOverdue,
        daysLeft: t.daysLeft,
        version: r.version,
      }),
      color: "rag",
    },
    {
      text: s.detail.deadline({
        text: d.deadlineText ? flat(d.deadlineText) : undefined,
        due: d.due,
        originalDue: d.originalDue,
        kind: r.deadline ? word(s.deadlineKind, r.deadline.kind) : undefined,
      }),
    },
    ...(d.actions
      ? [{ text: s.detail.mayDo(d.actions.filter((a) => a.allowed).map((a) => word(s.action, a.action))) }]
      : []),
    { text: s.detail.units },
    ...(d.units.length ? d.units.map((u) => ({ text: `  ${word(s.role, u.role)} ${u.unit}` })) : none),
    { text: s.detail.history(d.history.length) },
    ...(d.history.length
      ? d.history.map((h) => ({
          text: s.detail.historyLine({
            date: h.at.slice(0, 10),
            type: word(s.event, h.type),
            percent: h.percent,
            who: word(s.actorRole, h.who),
            text: flat(h.text),
          }),
        }))
      : none),
    { text: s.detail.contacts },
    ...(d.contacts.length
      ? d.contacts.map((c) => ({
          text: `  ${word(s.personRole, c.role)} ${c.name}${c.unit ? ` (${c.unit})` : ""}${c.phone ? ` ${c.phone}` : ""}`,
        }))
      : none),
  ];
}

export function Detail(props: { detail: TaskDetail; scroll: number; columns: number; height: number }) {
  const theme = useTheme();
  const lines = detailLines(props.detail, useStrings());
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

/** The help screen as lines: each key in a column of its own (display width), then what it does. */
export function helpLines(s: Strings): string[] {
  const keyW = Math.max(...s.help.keys.map(([k]) => width(k))) + 4;
  return [s.help.title, ...s.help.keys.map(([k, what]) => `  ${fit(k, keyW)}${what}`)];
}
