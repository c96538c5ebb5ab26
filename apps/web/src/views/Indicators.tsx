/** 指标: each indicator's measurements per region and period against its target line; attainment and gap from the API. */
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Chart, type ChartOption } from "../components/Chart.tsx";
import { Failure, Loading } from "../components/Layout.tsx";
import { useIndicator, useIndicators } from "../queries.ts";
import { useAsOf } from "../router.tsx";

type Item = NonNullable<ReturnType<typeof useIndicators>["data"]>["items"][number];

const COLORS = ["#a4161a", "#0b57d0", "#1b6e34", "#8a5a00", "#6a1b9a"];

function IndicatorCard({ item, asOf }: { item: Item; asOf: string | undefined }) {
  const { t } = useTranslation();
  const detail = useIndicator(item.indicator.id, asOf);
  const ind = item.indicator;
  const option = useMemo<ChartOption | undefined>(() => {
    const ms = detail.data?.measurements ?? [];
    if (ms.length === 0) return undefined;
    const periods = [...new Set(ms.map((m) => m.event.type === "measurement" && m.event.period))].filter(
      (p): p is string => typeof p === "string",
    );
    periods.sort();
    const regions = [...new Set(ms.map((m) => (m.event.type === "measurement" ? m.event.region : "")))];
    const targets = [
      ...new Map(
        (detail.data?.attainment ?? []).flatMap((a) => (a.target ? [[a.target.value, a.target] as const] : [])),
      ).values(),
    ];
    return {
      color: COLORS,
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 48, right: 24, top: 36, bottom: 28 },
      xAxis: { type: "category", data: periods },
      yAxis: { type: "value", name: ind.unit, scale: true },
      series: regions.map((region, k) => ({
        name: region,
        type: "line",
        symbolSize: 8,
        data: periods.map((p) => {
          const m = ms.find((x) => x.event.type === "measurement" && x.event.region === region && x.event.period === p);
          return m && m.event.type === "measurement" ? m.event.value : null;
        }),
        ...(k === 0 && targets.length > 0
          ? {
              markLine: {
                symbol: "none",
                lineStyle: { type: "dashed", color: "#c62828" },
                label: { formatter: `${t("indicators.target")} {c}${ind.unit}` },
                data: targets.map((x) => ({ yAxis: x.value })),
              },
            }
          : {}),
      })),
    };
  }, [detail.data, ind.unit, t]);
  return (
    <section className="card indicator" aria-labelledby={`i-${ind.id}`}>
      <h2 id={`i-${ind.id}`}>{ind.name}</h2>
      <p className="muted small">
        {[ind.responsible, ind.unit ? `${t("indicators.value")} (${ind.unit})` : undefined, ind.definition]
          .filter(Boolean)
          .join(" · ")}
      </p>
      {option ? <Chart option={option} height={220} label={`${t("indicators.chart")}: ${ind.name}`} /> : null}
      <table className="simple">
        <thead>
          <tr>
            <th scope="col">{t("indicators.region")}</th>
            <th scope="col">{t("indicators.period")}</th>
            <th scope="col">{t("indicators.value")}</th>
            <th scope="col">{t("indicators.target")}</th>
            <th scope="col">{t("indicators.attainment")}</th>
            <th scope="col">{t("indicators.gap")}</th>
          </tr>
        </thead>
        <tbody>
          {item.attainment.map((a) => (
            <tr key={`${a.region}-${a.period ?? ""}`}>
              <td>{a.region}</td>
              <td>{a.period ?? "—"}</td>
              <td className="num">{a.value ?? "—"}</td>
              <td>{a.target ? a.target.text : "—"}</td>
              <td>
                <span className={`badge attain-${a.status}`}>{t(`indicators.status.${a.status}`)}</span>
              </td>
              <td className="num">{a.gap === undefined ? "—" : Math.round(a.gap * 100) / 100}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function IndicatorsView() {
  const { t } = useTranslation();
  const asOf = useAsOf();
  const list = useIndicators(asOf);
  if (list.isPending) return <Loading />;
  if (list.isError) return <Failure error={list.error} />;
  return (
    <>
      <h1>{t("indicators.heading")}</h1>
      {list.data.items.length === 0 ? <p className="empty">{t("indicators.none")}</p> : null}
      <div className="indicators">
        {list.data.items.map((item) => (
          <IndicatorCard key={item.indicator.id} item={item} asOf={asOf} />
        ))}
      </div>
    </>
  );
}
