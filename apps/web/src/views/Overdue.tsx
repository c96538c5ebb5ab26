/** 督办: overdue and due-soon items as of the date, by lead unit, most days overdue first, with what each waits for. */
import { getRouteApi, Link, useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { Deadline, Progress, TimelinessBadge } from "../components/Figures.tsx";
import { Failure, Loading } from "../components/Layout.tsx";
import { useOverdue, usePlans } from "../queries.ts";
import { useAsOf } from "../router.tsx";

const route = getRouteApi("/overdue");

export function OverdueView() {
  const { t } = useTranslation();
  const asOf = useAsOf();
  const { plan } = route.useSearch();
  const navigate = useNavigate();
  const board = useOverdue(asOf, plan);
  const plans = usePlans(asOf);
  return (
    <>
      <h1>{t("overdue.heading")}</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label className="field">
          <span>{t("timeline.plan")}</span>
          <select
            value={plan ?? ""}
            onChange={(e) =>
              void navigate({
                to: ".",
                search: (prev: Record<string, unknown>) => ({ ...prev, plan: e.target.value || undefined }),
              })
            }
          >
            <option value="">{t("common.all")}</option>
            {plans.data?.items.map((p) => (
              <option key={p.plan.id} value={p.plan.id}>
                {p.plan.region?.name} · {p.plan.title}
              </option>
            ))}
          </select>
        </label>
        {board.data ? (
          <p className="board-count" data-testid="board-count">
            {t("overdue.count", { overdue: board.data.overdue, dueSoon: board.data.dueSoon })}
          </p>
        ) : null}
      </form>
      {board.isPending ? <Loading /> : null}
      {board.isError ? <Failure error={board.error} /> : null}
      {board.data && board.data.groups.length === 0 ? <p className="empty">{t("overdue.none")}</p> : null}
      <div className="board">
        {board.data?.groups.map((g) => (
          <section key={g.key} className="card board-group" aria-labelledby={`g-${g.key}`}>
            <h2 id={`g-${g.key}`}>
              {g.unit}
              <span className="muted small">
                {" "}
                {g.region} · {t("overdue.count", { overdue: g.overdue, dueSoon: g.dueSoon })}
              </span>
            </h2>
            <table className="simple">
              <thead>
                <tr>
                  <th scope="col">{t("plan.columns.text")}</th>
                  <th scope="col">{t("plan.columns.deadline")}</th>
                  <th scope="col">{t("plan.columns.timeliness")}</th>
                  <th scope="col">{t("plan.columns.percent")}</th>
                  <th scope="col">{t("overdue.waiting")}</th>
                </tr>
              </thead>
              <tbody>
                {g.items.map((i) => (
                  <tr key={i.task.id}>
                    <td>
                      <Link to="/tasks/$taskId" params={{ taskId: i.task.id }} className="task-link">
                        {i.task.path.join("")} {i.task.title ?? i.task.text}
                      </Link>
                    </td>
                    <td>
                      <Deadline deadline={i.task.deadline} due={i.state.due} />
                    </td>
                    <td>
                      <TimelinessBadge status={i.timeliness.status} rag={i.timeliness.rag} />
                      {i.timeliness.daysOverdue > 0 ? (
                        <span className="overdue-days">
                          {" "}
                          {t("task.daysOverdue", { count: i.timeliness.daysOverdue })}
                        </span>
                      ) : null}
                    </td>
                    <td className="col-percent">
                      <Progress percent={i.percent} />
                    </td>
                    <td>{i.waitingFor ? t(`overdue.waitingFor.${i.waitingFor}`) : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
    </>
  );
}
