/**
 * A plan: its tree of sections and tasks, filtered by what the URL says (the API filters), sortable
 * (TanStack Table) and virtualised (TanStack Virtual) so a 10,000-task plan scrolls smoothly.
 */
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Progress } from "../components/Figures.tsx";
import { Failure, Loading } from "../components/Layout.tsx";
import { STATUSES, TaskTable, TIMELINESS } from "../components/TaskTable.tsx";
import { usePlan, usePlanTasks, useThemes } from "../queries.ts";
import { useAsOf } from "../router.tsx";
import type { PlanSearch } from "../search.ts";

const route = getRouteApi("/plans/$planId");

/** A text box that writes to the URL once typing pauses. */
function SearchBox({
  value,
  onChange,
  label,
  placeholder,
}: {
  value: string;
  onChange: (v: string) => void;
  label: string;
  placeholder: string;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return;
    const id = setTimeout(() => onChange(text), 300);
    return () => clearTimeout(id);
  }, [text, value, onChange]);
  return (
    <label className="field">
      <span>{label}</span>
      <input type="search" value={text} placeholder={placeholder} onChange={(e) => setText(e.target.value)} />
    </label>
  );
}

export function PlanView() {
  const { t } = useTranslation();
  const { planId } = route.useParams();
  const search = route.useSearch();
  const asOf = useAsOf();
  const navigate = useNavigate();
  const plan = usePlan(planId, asOf);
  const themes = useThemes(asOf);
  const tasks = usePlanTasks(planId, search, asOf);
  const set = (patch: Partial<PlanSearch>) =>
    void navigate({ to: ".", search: (prev: Record<string, unknown>) => ({ ...prev, ...patch }), replace: true });

  if (plan.isError) return <Failure error={plan.error} />;
  const p = plan.data;
  const departments = p?.units.filter((u) => u.kind !== "collective") ?? [];
  const filtered = Boolean(search.department || search.timeliness || search.state || search.theme || search.q);
  return (
    <>
      <header className="page-head">
        <p className="region">{p?.plan.region?.name}</p>
        <h1>{p?.plan.title ?? planId}</h1>
        <p className="muted">{[p?.plan.docNumber, p?.plan.issuedOn].filter(Boolean).join(" · ")}</p>
        {p ? <Progress percent={p.summary.percent} label={t("overview.progress")} /> : null}
      </header>
      <form className="filters" aria-label={t("plan.filters")} onSubmit={(e) => e.preventDefault()}>
        <label className="field">
          <span>{t("plan.department")}</span>
          <select value={search.department ?? ""} onChange={(e) => set({ department: e.target.value || undefined })}>
            <option value="">{t("common.all")}</option>
            {departments.map((u) => (
              <option key={u.id} value={u.name}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("plan.role")}</span>
          <select
            value={search.role ?? "any"}
            onChange={(e) => set({ role: e.target.value === "any" ? undefined : (e.target.value as "lead") })}
          >
            {(["any", "lead", "cooperating"] as const).map((r) => (
              <option key={r} value={r}>
                {t(`plan.roles.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("plan.timeliness")}</span>
          <select value={search.timeliness ?? ""} onChange={(e) => set({ timeliness: e.target.value || undefined })}>
            <option value="">{t("common.all")}</option>
            {TIMELINESS.map((k) => (
              <option key={k} value={k}>
                {t(`timeliness.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("plan.state")}</span>
          <select value={search.state ?? ""} onChange={(e) => set({ state: e.target.value || undefined })}>
            <option value="">{t("common.all")}</option>
            {STATUSES.map((k) => (
              <option key={k} value={k}>
                {t(`status.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t("plan.theme")}</span>
          <select value={search.theme ?? ""} onChange={(e) => set({ theme: e.target.value || undefined })}>
            <option value="">{t("common.all")}</option>
            {(themes.data?.items ?? []).map((th) => (
              <option key={th.id} value={th.id}>
                {th.name}
              </option>
            ))}
          </select>
        </label>
        <SearchBox
          value={search.q ?? ""}
          onChange={(q) => set({ q: q || undefined })}
          label={t("plan.text")}
          placeholder={t("plan.textPlaceholder")}
        />
        {filtered ? (
          <button
            type="button"
            className="link-button"
            onClick={() =>
              set({
                department: undefined,
                role: undefined,
                timeliness: undefined,
                state: undefined,
                theme: undefined,
                q: undefined,
              })
            }
          >
            {t("plan.clear")}
          </button>
        ) : null}
      </form>
      <p className="muted table-meta" role="status">
        {tasks.data ? t("plan.shown", { count: tasks.data.total }) : ""} · {t("plan.sortHint")}
      </p>
      {tasks.isPending ? <Loading /> : null}
      {tasks.isError ? <Failure error={tasks.error} /> : null}
      <TaskTable rows={tasks.data?.items} sort={search.sort} onSort={(sort) => set({ sort })} label={t("plan.table")} />
    </>
  );
}
