/**
 * 通报: the ranking bulletin as a printable A4 page (print CSS; the API builds the bulletin) and its
 * XLSX and Markdown downloads from the API.
 */
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Failure, Loading } from "../components/Layout.tsx";
import { asOfQuery, useBulletin } from "../queries.ts";
import { useAsOf } from "../router.tsx";
import { useSession } from "../session.tsx";

const pct = (x: number | null | undefined) => (x === null || x === undefined ? "—" : `${Math.round(x * 100)}%`);

export function BulletinView() {
  const { t } = useTranslation();
  const asOf = useAsOf();
  const { client } = useSession();
  const bulletin = useBulletin(asOf);
  const [error, setError] = useState<string>();

  const download = async (format: "xlsx" | "md") => {
    setError(undefined);
    try {
      const res = await client.api.bulletin.$get({ query: { ...asOfQuery(asOf), format } });
      if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
      const blob = await res.blob();
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = `bulletin-${bulletin.data?.asOf ?? asOf ?? "today"}.${format}`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  if (bulletin.isPending) return <Loading />;
  if (bulletin.isError) return <Failure error={bulletin.error} />;
  const b = bulletin.data;
  return (
    <>
      <div className="no-print toolbar">
        <button type="button" className="primary" onClick={() => window.print()}>
          {t("bulletin.print")}
        </button>
        <button type="button" onClick={() => void download("xlsx")}>
          {t("bulletin.download")} {t("bulletin.xlsx")}
        </button>
        <button type="button" onClick={() => void download("md")}>
          {t("bulletin.download")} {t("bulletin.markdown")}
        </button>
        {error ? (
          <span className="error" role="alert">
            {error}
          </span>
        ) : null}
      </div>
      <article className="bulletin paper">
        <h1 className="doc-title">{b.title}</h1>
        {b.demo ? <p className="demo-note">{t("bulletin.demo")}</p> : null}
        <p className="lead-para">
          {t("bulletin.intro", {
            asOf: b.asOf,
            plans: b.plans.length,
            items: b.summary.items,
            completed: b.summary.byStatus.completed + b.summary.byStatus.closed,
            overdue: b.summary.byTimeliness.overdue,
            percent: Math.round(b.summary.percent),
          })}
        </p>
        <h2>{t("bulletin.ranking")}</h2>
        <table className="simple doc-table">
          <thead>
            <tr>
              <th scope="col">{t("departments.rank")}</th>
              <th scope="col">{t("departments.unit")}</th>
              <th scope="col">{t("departments.region")}</th>
              <th scope="col">{t("departments.led")}</th>
              <th scope="col">{t("departments.completed")}</th>
              <th scope="col">{t("departments.onTime")}</th>
              <th scope="col">{t("departments.overdue")}</th>
              <th scope="col">{t("departments.overdueDays")}</th>
            </tr>
          </thead>
          <tbody>
            {b.ranking.map((r) => (
              <tr key={r.scorecard.key}>
                <td className="num">{r.rank}</td>
                <td>{r.scorecard.unit}</td>
                <td>{r.region ?? "—"}</td>
                <td className="num">{r.scorecard.led}</td>
                <td className="num">{r.scorecard.completed}</td>
                <td className="num">{pct(r.scorecard.onTimeRate)}</td>
                <td className="num">{r.scorecard.overdue}</td>
                <td className="num">{r.scorecard.overdueDaysTotal}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>{t("bulletin.overdue", { count: b.overdue.length })}</h2>
        <table className="simple doc-table">
          <thead>
            <tr>
              <th scope="col">{t("plan.columns.text")}</th>
              <th scope="col">{t("plan.columns.lead")}</th>
              <th scope="col">{t("plan.columns.deadline")}</th>
              <th scope="col">{t("plan.columns.overdue")}</th>
              <th scope="col">{t("plan.columns.percent")}</th>
            </tr>
          </thead>
          <tbody>
            {b.overdue.map((i) => (
              <tr key={i.taskId}>
                <td>
                  <Link to="/tasks/$taskId" params={{ taskId: i.taskId }}>
                    {i.label} {i.title}
                  </Link>
                  <div className="muted small">{i.planTitle}</div>
                </td>
                <td>{i.leads.join("、")}</td>
                <td>{i.due ?? "—"}</td>
                <td className="num">{i.daysOverdue}</td>
                <td className="num">{Math.round(i.percent)}%</td>
              </tr>
            ))}
          </tbody>
        </table>
        {b.stale.length > 0 ? (
          <>
            <h2>{t("bulletin.stale", { count: b.stale.length })}</h2>
            <ul className="doc-list">
              {b.stale.map((i) => (
                <li key={i.taskId}>
                  {i.label} {i.title}（{i.leads.join("、")}）
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </article>
    </>
  );
}
