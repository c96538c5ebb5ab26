/** 首页: every plan as a card (region, document number, progress, counts by timeliness, RAG), side by side. */
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { Progress, RagBar } from "../components/Figures.tsx";
import { Failure, Loading } from "../components/Layout.tsx";
import { usePlans } from "../queries.ts";
import { useAsOf } from "../router.tsx";
import { ThemeComparison } from "./Themes.tsx";

export function OverviewView() {
  const { t } = useTranslation();
  const asOf = useAsOf();
  const plans = usePlans(asOf);
  if (plans.isPending) return <Loading />;
  if (plans.isError) return <Failure error={plans.error} />;
  const items = plans.data.items;
  return (
    <>
      <h1>{t("overview.heading")}</h1>
      <section aria-labelledby="plans-h">
        <h2 id="plans-h">{t("overview.regions")}</h2>
        {items.length === 0 ? <p className="empty">{t("overview.empty")}</p> : null}
        <ul className="cards">
          {items.map(({ plan, summary, taskCount }) => {
            const done = summary.byStatus.completed + summary.byStatus.closed;
            return (
              <li key={plan.id} className="card plan-card" data-plan={plan.id}>
                <p className="region">
                  {plan.region?.name ?? t("common.unknown")}
                  {plan.region ? <span className="muted"> · {t(`level.${plan.region.level}`)}</span> : null}
                </p>
                <h3>
                  <Link to="/plans/$planId" params={{ planId: plan.id }}>
                    {plan.title}
                  </Link>
                </h3>
                <p className="muted docno">
                  {[plan.docNumber, plan.issuedOn ?? (plan.year ? String(plan.year) : undefined)]
                    .filter(Boolean)
                    .join(" · ") || "\u00a0"}
                </p>
                <Progress
                  percent={summary.percent}
                  label={`${t("overview.progress")} ${Math.round(summary.percent)}%`}
                />
                <dl className="counts">
                  <div>
                    <dt>{t("overview.items")}</dt>
                    <dd>{summary.items}</dd>
                  </div>
                  <div className="c-overdue">
                    <dt>{t("overview.overdue")}</dt>
                    <dd data-testid="overdue-count">{summary.byTimeliness.overdue}</dd>
                  </div>
                  <div>
                    <dt>{t("overview.dueSoon")}</dt>
                    <dd>{summary.byTimeliness["due-soon"]}</dd>
                  </div>
                  <div>
                    <dt>{t("overview.completed")}</dt>
                    <dd>{done}</dd>
                  </div>
                </dl>
                <RagBar red={summary.byRag.red} amber={summary.byRag.amber} green={summary.byRag.green} />
                <details className="timeliness-list">
                  <summary>
                    {t("plan.timeliness")} · {taskCount}
                  </summary>
                  <ul>
                    {Object.entries(summary.byTimeliness)
                      .filter(([, n]) => n > 0)
                      .map(([k, n]) => (
                        <li key={k}>
                          <Link to="/plans/$planId" params={{ planId: plan.id }} search={{ timeliness: k }}>
                            {t(`timeliness.${k}`)}
                          </Link>{" "}
                          {n}
                        </li>
                      ))}
                  </ul>
                </details>
              </li>
            );
          })}
        </ul>
      </section>
      <ThemeComparison asOf={asOf} />
    </>
  );
}
