/**
 * A task: text, deadline (original wording beside the normalised date; the original kept beside an
 * extension), units by role, people (masked by the API for roles that may not see them), targets,
 * the report timeline and every transition; and the acting panel.
 */
import { getRouteApi, Link } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { dueOf, Progress, StatusBadge, TimelinessBadge } from "../components/Figures.tsx";
import { Failure, Loading } from "../components/Layout.tsx";
import { usePlan, useTask } from "../queries.ts";
import { useAsOf } from "../router.tsx";
import { useMe } from "../session.tsx";
import { ActPanel } from "./Act.tsx";

const route = getRouteApi("/tasks/$taskId");

type Detail = NonNullable<ReturnType<typeof useTask>["data"]>;
type Stored = Detail["events"][number];

const COMPARATOR: Record<string, string> = {
  gte: "≥",
  gt: ">",
  lte: "≤",
  lt: "<",
  approx: "≈",
  eq: "=",
  increase: "↑",
};

/** The text up to its first full stop (a heading for tasks without a title). */
function firstSentence(text: string): string {
  const end = text.search(/[。；;]/);
  return end > 0 && end < 80 ? text.slice(0, end) : text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function when(at: string): string {
  // `at` is an ISO instant with offset; show its China-time date and minutes as written.
  return at.replace("T", " ").slice(0, 16);
}

function EventLine({ stored }: { stored: Stored }) {
  const { t } = useTranslation();
  const e = stored.event;
  const who =
    [e.actor.unit, e.actor.name].filter(Boolean).join(" · ") ||
    t(`auth.roles.${e.actor.role}`, { defaultValue: e.actor.role });
  const detail =
    e.type === "report"
      ? `${e.percent}% ${e.narrative}`
      : e.type === "complete"
        ? e.narrative
        : e.type === "extend"
          ? `→ ${e.due} ${e.reason}`
          : "reason" in e
            ? e.reason
            : "";
  return (
    <li className={`event event-${e.type}`}>
      <time dateTime={e.at}>{when(e.at)}</time>
      <span className="event-type">{t(`task.events.${e.type}`)}</span>
      <span className="event-detail">{detail}</span>
      <span className="muted event-who">
        {t("task.who")} {who}
      </span>
    </li>
  );
}

export function TaskView() {
  const { t } = useTranslation();
  const { taskId } = route.useParams();
  const asOf = useAsOf();
  const detail = useTask(taskId, asOf);
  const me = useMe();
  const plan = usePlan(detail.data?.planId ?? "", asOf);
  if (detail.isPending) return <Loading />;
  if (detail.isError) return <Failure error={detail.error} />;
  const { task, state, timeliness, percent, events, planId } = detail.data;
  const reports = events.filter((s) => s.event.type === "report");
  const transitions = events.filter((s) => s.event.type !== "report" && s.event.type !== "measurement");
  const assignments = task.responsibility?.assignments ?? [];
  const byRole = (["lead", "co-lead", "cooperating"] as const)
    .map((role) => ({ role, units: assignments.filter((a) => a.role === role) }))
    .filter((g) => g.units.length > 0);
  const masked = me.data ? !me.data.seesPersonalData : true;
  const milestones = task.deadline?.kind === "milestones" ? task.deadline.milestones : [];
  return (
    <article className="task-detail">
      <nav aria-label={t("task.plan")} className="crumbs">
        <Link to="/plans/$planId" params={{ planId }}>
          {plan.data ? `${plan.data.plan.region?.name ?? ""} · ${plan.data.plan.title}` : t("task.plan")}
        </Link>
        <span aria-hidden="true"> › </span>
        <span>{task.path.join(" ")}</span>
      </nav>
      <h1>
        {task.label ? <span className="label">{task.label} </span> : null}
        {task.title ?? firstSentence(task.text)}
      </h1>
      <p className="task-text">{task.text}</p>
      <div className="facts">
        <section className="card" aria-labelledby="deadline-h">
          <h2 id="deadline-h">{t("task.deadline")}</h2>
          <dl className="pairs">
            <dt>{t("task.original")}</dt>
            <dd className="deadline-original">{task.deadline?.text.replace(/\s+/g, "") ?? "—"}</dd>
            <dt>{t("task.normalised")}</dt>
            <dd>
              {(state.originalDue ?? dueOf(task.deadline)) ? (
                <time dateTime={state.originalDue ?? dueOf(task.deadline)}>
                  {state.originalDue ?? dueOf(task.deadline)}
                </time>
              ) : (
                <span className="muted">{t(`task.kinds.${task.deadline?.kind ?? "none"}`)}</span>
              )}
            </dd>
            {state.extensions && state.extensions.length > 0 ? (
              <>
                <dt>{t("task.extended")}</dt>
                <dd className="extension">
                  <time dateTime={state.due}>{state.due}</time>{" "}
                  <span className="muted">
                    ({t("task.originalDue")} {state.originalDue}; {state.extensions.map((x) => x.reason).join("；")})
                  </span>
                </dd>
              </>
            ) : null}
          </dl>
          {milestones.length > 0 ? (
            <>
              <h3>{t("task.milestones")}</h3>
              <ul>
                {milestones.map((m) => (
                  <li key={`${m.due}-${m.text}`}>
                    <time dateTime={m.due}>{m.due}</time> {m.text}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
        <section className="card" aria-labelledby="state-h">
          <h2 id="state-h">{t("plan.columns.status")}</h2>
          <p className="state-line">
            <StatusBadge status={state.status} /> <TimelinessBadge status={timeliness.status} rag={timeliness.rag} />{" "}
            {timeliness.daysOverdue > 0 ? (
              <span className="overdue-days">{t("task.daysOverdue", { count: timeliness.daysOverdue })}</span>
            ) : null}
          </p>
          <div data-testid="task-percent">
            <Progress percent={percent} label={t("common.percent")} />
          </div>
          <p className="muted">
            {t("task.version")} {detail.data.version}
          </p>
        </section>
        <section className="card" aria-labelledby="units-h">
          <h2 id="units-h">{t("task.units")}</h2>
          {byRole.length === 0 ? <p className="muted">{task.responsibility?.text ?? t("common.none")}</p> : null}
          <dl className="pairs">
            {byRole.map((g) => (
              <div key={g.role} className="pair">
                <dt>{t(`task.${g.role}`)}</dt>
                <dd>
                  {g.units.map((a) => (
                    <span key={a.unit} className="unit">
                      {a.unit}
                      {a.office ? `（${a.office}）` : ""}
                    </span>
                  ))}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      </div>
      {task.people.length > 0 ? (
        <section aria-labelledby="people-h">
          <h2 id="people-h">{t("task.people")}</h2>
          {masked ? <p className="muted">{t("task.masked")}</p> : null}
          <table className="simple">
            <thead>
              <tr>
                <th scope="col">{t("task.personRoles.contact")}</th>
                <th scope="col">{t("plan.role")}</th>
                <th scope="col">{t("plan.department")}</th>
                <th scope="col">☎</th>
              </tr>
            </thead>
            <tbody>
              {task.people.map((p, i) => (
                <tr key={`${p.name}-${i}`}>
                  <td>{p.name}</td>
                  <td>{t(`task.personRoles.${p.role}`)}</td>
                  <td>
                    {p.unit}
                    {p.office ? ` ${p.office}` : ""}
                  </td>
                  <td className="phone">{p.contact.phone ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      {task.targets.length > 0 ? (
        <section aria-labelledby="targets-h">
          <h2 id="targets-h">{t("task.targets")}</h2>
          <ul className="targets">
            {task.targets.map((x) => (
              <li key={`${x.span[0]}-${x.text}`}>
                <strong>
                  {x.subject ? `${x.subject} ` : ""}
                  {COMPARATOR[x.comparator] ?? x.comparator} {x.value}
                  {x.unit}
                </strong>{" "}
                <span className="muted">
                  {[x.period, x.region, x.population].filter(Boolean).join(" · ")} 「{x.text}」
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <ActPanel taskId={taskId} percent={percent} />
      <div className="columns-2">
        <section aria-labelledby="reports-h">
          <h2 id="reports-h">{t("task.reports")}</h2>
          {reports.length === 0 ? <p className="muted">{t("task.noReports")}</p> : null}
          <ol className="timeline-list" data-testid="reports">
            {reports.map((s) => (
              <EventLine key={s.seq} stored={s} />
            ))}
          </ol>
        </section>
        <section aria-labelledby="transitions-h">
          <h2 id="transitions-h">{t("task.transitions")}</h2>
          {transitions.length === 0 ? <p className="muted">{t("task.noTransitions")}</p> : null}
          <ol className="timeline-list" data-testid="transitions">
            {transitions.map((s) => (
              <EventLine key={s.seq} stored={s} />
            ))}
          </ol>
        </section>
      </div>
    </article>
  );
}
