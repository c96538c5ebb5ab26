/** The theme comparison: each theme's items, progress and overdue in every plan, side by side. */
import { Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { Failure, Loading } from "../components/Layout.tsx";
import { useThemes } from "../queries.ts";

export function ThemeComparison({ asOf }: { asOf: string | undefined }) {
  const { t } = useTranslation();
  const themes = useThemes(asOf);
  if (themes.isPending) return <Loading />;
  if (themes.isError) return <Failure error={themes.error} />;
  const { plans, items } = themes.data;
  const shown = items.filter((th) => th.plans.some((p) => p.summary.items > 0));
  return (
    <section aria-labelledby="themes-h" className="themes">
      <h2 id="themes-h">{t("overview.themes")}</h2>
      <p className="muted">{t("overview.themesHint")}</p>
      <div className="table-wrap">
        <table className="simple theme-table">
          <thead>
            <tr>
              <th scope="col">{t("overview.theme")}</th>
              {plans.map((p) => (
                <th scope="col" key={p.id} title={p.title}>
                  {p.region ?? p.title}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((th) => (
              <tr key={th.id}>
                <th scope="row">{th.name}</th>
                {th.plans.map((p) => {
                  const s = p.summary;
                  if (s.items === 0)
                    return (
                      <td key={p.planId} className="muted">
                        {t("overview.noTasks")}
                      </td>
                    );
                  return (
                    <td key={p.planId}>
                      <Link to="/plans/$planId" params={{ planId: p.planId }} search={{ theme: th.id }}>
                        {t("common.items", { count: s.items })}
                      </Link>
                      <span className="cell-bar" aria-hidden="true">
                        <span style={{ width: `${Math.round(s.percent)}%` }} />
                      </span>
                      <span className="small">
                        {Math.round(s.percent)}%
                        {s.byTimeliness.overdue > 0 ? (
                          <span className="overdue-days">
                            {" "}
                            · {t("overview.overdue")} {s.byTimeliness.overdue}
                          </span>
                        ) : null}
                      </span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
