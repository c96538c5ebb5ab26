/** 部门: scorecards and ranking as of the date (the domain's ranking); click through to a department's tasks. */
import { getRouteApi, Link, useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { Failure, Loading } from "../components/Layout.tsx";
import { TaskTable } from "../components/TaskTable.tsx";
import { useDepartments, useDepartmentTasks } from "../queries.ts";
import { useAsOf } from "../router.tsx";

const route = getRouteApi("/departments");
const detailRoute = getRouteApi("/departments/$key");
const KEYS = ["on-time-rate", "overdue-days", "completion", "mean-percent"] as const;

const pct = (x: number | null | undefined) =>
  x === undefined || x === null || Number.isNaN(x) ? "—" : `${Math.round(x * 100)}%`;

export function DepartmentsView() {
  const { t } = useTranslation();
  const asOf = useAsOf();
  const search = route.useSearch();
  const navigate = useNavigate();
  const list = useDepartments(asOf, search.rankBy, search.plan);
  return (
    <>
      <h1>{t("departments.heading")}</h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label className="field">
          <span>{t("departments.rankBy")}</span>
          <select
            value={search.rankBy ?? "on-time-rate"}
            onChange={(e) =>
              void navigate({
                to: ".",
                search: (prev: Record<string, unknown>) => ({
                  ...prev,
                  rankBy: e.target.value as (typeof KEYS)[number],
                }),
              })
            }
          >
            {KEYS.map((k) => (
              <option key={k} value={k}>
                {t(`departments.keys.${k}`)}
              </option>
            ))}
          </select>
        </label>
      </form>
      {list.isPending ? <Loading /> : null}
      {list.isError ? <Failure error={list.error} /> : null}
      {list.data ? (
        <div className="table-wrap">
          <table className="simple ranking">
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
                <th scope="col">{t("departments.mean")}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map(({ rank, scorecard: s, unit }) => (
                <tr key={s.key}>
                  <td className="num">{rank}</td>
                  <th scope="row">
                    <Link to="/departments/$key" params={{ key: s.key }}>
                      {s.unit}
                    </Link>
                  </th>
                  <td>{unit?.region?.name ?? "—"}</td>
                  <td className="num">{s.led}</td>
                  <td className="num">{s.completed}</td>
                  <td className="num">{pct(s.onTimeRate)}</td>
                  <td className={s.overdue > 0 ? "num overdue-days" : "num"}>{s.overdue}</td>
                  <td className="num">{s.overdueDaysTotal}</td>
                  <td className="num">{s.meanPercent === null ? "—" : `${Math.round(s.meanPercent)}%`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

export function DepartmentView() {
  const { t } = useTranslation();
  const asOf = useAsOf();
  const { key } = detailRoute.useParams();
  const search = detailRoute.useSearch();
  const navigate = useNavigate();
  const card = useDepartments(asOf).data?.items.find((d) => d.scorecard.key === key);
  const tasks = useDepartmentTasks(key, asOf);
  return (
    <>
      <nav className="crumbs">
        <Link to="/departments">{t("nav.departments")}</Link>
      </nav>
      <h1>{card?.scorecard.unit ?? key}</h1>
      {card ? (
        <dl className="counts wide">
          <div>
            <dt>{t("departments.rank")}</dt>
            <dd>{card.rank}</dd>
          </div>
          <div>
            <dt>{t("departments.led")}</dt>
            <dd>{card.scorecard.led}</dd>
          </div>
          <div>
            <dt>{t("departments.completed")}</dt>
            <dd>{card.scorecard.completed}</dd>
          </div>
          <div>
            <dt>{t("departments.onTime")}</dt>
            <dd>{pct(card.scorecard.onTimeRate)}</dd>
          </div>
          <div className="c-overdue">
            <dt>{t("departments.overdue")}</dt>
            <dd>{card.scorecard.overdue}</dd>
          </div>
        </dl>
      ) : null}
      {tasks.isError ? <Failure error={tasks.error} /> : null}
      <TaskTable
        rows={tasks.data?.items}
        sort={search.sort}
        onSort={(sort) =>
          void navigate({ to: ".", search: (prev: Record<string, unknown>) => ({ ...prev, sort }), replace: true })
        }
        label={t("departments.tasks")}
      />
    </>
  );
}
