/**
 * Timeline: a plan's deadlines, Gantt-like by section (ECharts custom series), every section on the
 * same time axis; the as-of date marked, and today when it falls on the axis (the legend says so
 * when it does not). Tasks without a dated deadline are listed under their section.
 */
import { getRouteApi, Link, useNavigate } from "@tanstack/react-router";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Chart, type ChartOption, echarts } from "../components/Chart.tsx";
import { Failure, Loading } from "../components/Layout.tsx";
import { usePlans, useTimeline } from "../queries.ts";
import { useAsOf } from "../router.tsx";

const route = getRouteApi("/timeline");

type Section = NonNullable<ReturnType<typeof useTimeline>["data"]>["sections"][number];

const RAG: Record<string, string> = { red: "#c62828", amber: "#e0a100", green: "#2e9d50" };
const ROW = 26;
const day = (d: string) => Date.parse(`${d}T00:00:00+08:00`);

type Item = Section["items"][number];
/** Where a task's bar starts and ends (epoch ms): from its own start, the plan's, or its deadline. */
const barOf = (item: Item, start: string | undefined, today: string): [number, number] => {
  const to = day(item.due as string);
  return [Math.min(day(item.start ?? start ?? item.due ?? today), to), to];
};

/** The axis every section shares: from the first bar's start to the last bar's end or the as-of date. */
function axisRange(sections: readonly Section[], start: string | undefined, today: string, asOf: string) {
  let min = day(asOf);
  let max = min;
  for (const s of sections) {
    for (const item of s.items) {
      if (!item.due) continue;
      const [from, to] = barOf(item, start, today);
      min = Math.min(min, from);
      max = Math.max(max, to);
    }
  }
  return { min, max };
}

interface RenderParams {
  coordSys: { x: number; y: number; width: number; height: number };
}
interface RenderApi {
  value(dim: number): number;
  coord(v: [number, number]): [number, number];
  size(v: [number, number]): [number, number];
  style(extra?: object): object;
}

function SectionChart({
  section,
  today,
  asOf,
  start,
  range,
}: {
  section: Section;
  today: string;
  asOf: string;
  start: string | undefined;
  range: { min: number; max: number };
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const dated = section.items.filter((i) => i.due);
  const option = useMemo<ChartOption>(() => {
    const data = dated.map((item, k) => {
      const [from, to] = barOf(item, start, today);
      return {
        value: [k, from, to, item.percent],
        itemStyle: { color: RAG[item.rag] ?? "#5b6370" },
        name: `${item.label ?? ""} ${item.text}`,
      };
    });
    return {
      tooltip: {
        formatter: (p: { dataIndex: number }) => {
          const item = dated[p.dataIndex];
          if (!item) return "";
          const extra = item.originalDue ? ` (${t("task.originalDue")} ${item.originalDue})` : "";
          return `${item.label ?? ""} ${item.text}<br/>${item.deadlineText ?? ""} → ${item.due}${extra}<br/>${t(
            `status.${item.status}`,
          )} · ${t(`timeliness.${item.timeliness}`)} · ${Math.round(item.percent)}%`;
        },
      },
      grid: { left: 200, right: 24, top: 28, bottom: 24 },
      xAxis: {
        type: "time",
        position: "top",
        min: range.min,
        max: range.max,
        splitLine: { show: true, lineStyle: { color: "#eceef1" } },
      },
      yAxis: {
        type: "category",
        inverse: true,
        data: dated.map((i) => `${i.label ?? ""} ${i.text}`),
        axisLabel: { width: 185, overflow: "truncate", fontSize: 12 },
        axisTick: { show: false },
      },
      series: [
        {
          type: "custom",
          encode: { x: [1, 2], y: 0 },
          renderItem: (params: RenderParams, api: RenderApi) => {
            const y = api.value(0);
            const s = api.coord([api.value(1), y]);
            const e = api.coord([api.value(2), y]);
            const h = api.size([0, 1])[1] * 0.56;
            const shape = echarts.graphic.clipRectByRect(
              { x: s[0], y: s[1] - h / 2, width: Math.max(e[0] - s[0], 3), height: h },
              params.coordSys,
            );
            return shape ? { type: "rect", shape, style: api.style() } : undefined;
          },
          data,
          markLine: {
            symbol: "none",
            silent: true,
            data: [
              ...(day(today) >= range.min && day(today) <= range.max
                ? [
                    {
                      xAxis: day(today),
                      lineStyle: { color: "#c62828", width: 2 },
                      label: { formatter: t("timeline.today") },
                    },
                  ]
                : []),
              {
                xAxis: day(asOf),
                lineStyle: { color: "#0b57d0", width: 2, type: "dashed" },
                label: { formatter: t("timeline.asOf") },
              },
            ],
          },
        },
      ],
    };
  }, [dated, today, asOf, start, range, t]);
  if (dated.length === 0) return null;
  return (
    <Chart
      option={option}
      height={dated.length * ROW + 60}
      label={`${section.label ?? ""} ${section.title}`}
      onClick={(k) => {
        const item = dated[k];
        if (item) void navigate({ to: "/tasks/$taskId", params: { taskId: item.id } });
      }}
    />
  );
}

export function TimelineView() {
  const { t } = useTranslation();
  const asOf = useAsOf();
  const search = route.useSearch();
  const navigate = useNavigate();
  const plans = usePlans(asOf);
  const planId = search.plan ?? plans.data?.items[0]?.plan.id ?? "";
  const timeline = useTimeline(planId, asOf);
  const data = timeline.data;
  const range = useMemo(
    () => (data ? axisRange(data.sections, data.plan.start, data.today, data.asOf) : undefined),
    [data],
  );
  const todayShown = data && range ? day(data.today) >= range.min && day(data.today) <= range.max : true;
  return (
    <>
      <h1>{t("timeline.heading")}</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label className="field">
          <span>{t("timeline.plan")}</span>
          <select
            value={planId}
            onChange={(e) =>
              void navigate({ to: ".", search: (prev: Record<string, unknown>) => ({ ...prev, plan: e.target.value }) })
            }
          >
            {plans.data?.items.map((p) => (
              <option key={p.plan.id} value={p.plan.id}>
                {p.plan.region?.name} · {p.plan.title}
              </option>
            ))}
          </select>
        </label>
        <p className="muted small">
          {t("timeline.legend")}
          {todayShown ? t("timeline.legendToday") : t("timeline.todayOutside", { today: data?.today })}
        </p>
      </form>
      {timeline.isPending ? <Loading /> : null}
      {timeline.isError ? <Failure error={timeline.error} /> : null}
      {data && range
        ? data.sections.map((s) => (
            <section key={s.id} className="card timeline-section" aria-labelledby={`s-${s.id}`}>
              <h2 id={`s-${s.id}`}>
                {s.label} {s.title}
              </h2>
              <SectionChart section={s} today={data.today} asOf={data.asOf} start={data.plan.start} range={range} />
              {s.items.some((i) => !i.due) ? (
                <>
                  <h3 className="small muted">{t("timeline.undated")}</h3>
                  <ul className="undated">
                    {s.items
                      .filter((i) => !i.due)
                      .map((i) => (
                        <li key={i.id}>
                          <Link to="/tasks/$taskId" params={{ taskId: i.id }}>
                            {i.label} {i.text}
                          </Link>{" "}
                          <span className="muted">（{i.deadlineText ?? t("timeliness.no-deadline")}）</span>
                        </li>
                      ))}
                  </ul>
                </>
              ) : null}
            </section>
          ))
        : null}
    </>
  );
}
