/**
 * Acting on a task: only the actions the API says the caller may take (a dry run of the domain's
 * rules) are offered. A refusal (403, 409, 422) is shown with the API's reason and what was typed
 * stays; a stale version reloads the task and keeps the form.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiFailure, unwrap } from "../api.ts";
import { useActions } from "../queries.ts";
import { refusalReason } from "../refusal.ts";
import { useSession } from "../session.tsx";

type Action = "report" | "complete" | "close" | "reject" | "reopen" | "extend";

interface Draft {
  percent: string;
  narrative: string;
  reason: string;
  due: string;
  unit: string;
}

const EMPTY_DRAFT: Draft = { percent: "", narrative: "", reason: "", due: "", unit: "" };

export function ActPanel({ taskId, percent }: { taskId: string; percent: number }) {
  const { t } = useTranslation();
  const { client, token } = useSession();
  const queries = useQueryClient();
  const actions = useActions(taskId);
  const [chosen, setChosen] = useState<Action>();
  // One draft per action, so switching between actions loses nothing typed.
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [notice, setNotice] = useState<{ kind: "ok" | "error"; text: string }>();

  const allowed = actions.data?.items.filter((a) => a.allowed) ?? [];
  const action = chosen && allowed.some((a) => a.action === chosen) ? chosen : allowed[0]?.action;
  const draft = (action && drafts[action]) || { ...EMPTY_DRAFT, percent: String(Math.round(percent)) };
  const units = allowed.find((a) => a.action === action)?.units ?? [];
  const edit = (patch: Partial<Draft>) => action && setDrafts((d) => ({ ...d, [action]: { ...draft, ...patch } }));

  const submit = useMutation({
    mutationFn: async (a: Action) => {
      const expectedVersion = actions.data?.version ?? 0;
      const param = { taskId };
      const unit = draft.unit || units[0];
      const base = { expectedVersion, ...(unit && units.length > 0 ? { unit } : {}) };
      const tasks = client.api.tasks[":taskId"];
      switch (a) {
        case "report":
          return unwrap(
            tasks.reports.$post({
              param,
              json: { ...base, percent: Number(draft.percent), narrative: draft.narrative },
            }),
          );
        case "complete":
          return unwrap(tasks.complete.$post({ param, json: { ...base, narrative: draft.narrative } }));
        case "close":
          return unwrap(tasks.close.$post({ param, json: { ...base, reason: draft.reason } }));
        case "reject":
          return unwrap(tasks.reject.$post({ param, json: { ...base, reason: draft.reason } }));
        case "reopen":
          return unwrap(tasks.reopen.$post({ param, json: { ...base, reason: draft.reason } }));
        case "extend":
          return unwrap(tasks.extend.$post({ param, json: { ...base, due: draft.due, reason: draft.reason } }));
      }
    },
    onSuccess: async (_data, a) => {
      setDrafts((d) => ({ ...d, [a]: { ...EMPTY_DRAFT } }));
      setChosen(undefined);
      setNotice({ kind: "ok", text: t("act.done") });
      await queries.invalidateQueries({ predicate: (q) => q.queryKey[0] !== "me" });
    },
    onError: async (error) => {
      if (error instanceof ApiFailure) {
        const stale =
          error.status === 409 && (error.details as { reason?: string } | undefined)?.reason === "stale-version";
        setNotice({
          kind: "error",
          text: stale ? t("act.stale") : t("act.refused", { status: error.status, message: refusalReason(t, error) }),
        });
        if (stale) await queries.invalidateQueries({ queryKey: ["actions", taskId] });
      } else {
        setNotice({ kind: "error", text: t("act.refused", { status: "—", message: String(error) }) });
      }
    },
  });

  if (!token) {
    return (
      <section className="act card" aria-labelledby="act-h">
        <h2 id="act-h">{t("act.heading")}</h2>
        <p className="muted">{t("act.signInToAct")}</p>
      </section>
    );
  }
  if (actions.isPending) return null;
  if (actions.isError) {
    return (
      <section className="act card" aria-labelledby="act-h">
        <h2 id="act-h">{t("act.heading")}</h2>
        <p className="error" role="alert">
          {refusalReason(t, actions.error)}
        </p>
      </section>
    );
  }
  const needsReason = action === "reject" || action === "reopen" || action === "extend";
  return (
    <section className="act card" aria-labelledby="act-h">
      <h2 id="act-h">{t("act.heading")}</h2>
      {allowed.length === 0 ? <p className="muted">{t("act.nothing")}</p> : null}
      {allowed.length > 0 && action ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setNotice(undefined);
            submit.mutate(action);
          }}
        >
          <fieldset className="choices">
            <legend className="visually-hidden">{t("act.heading")}</legend>
            {allowed.map((a) => (
              <label key={a.action} className={a.action === action ? "choice chosen" : "choice"}>
                <input
                  type="radio"
                  name="action"
                  value={a.action}
                  checked={a.action === action}
                  onChange={() => setChosen(a.action)}
                />
                {t(`act.${a.action}`)}
              </label>
            ))}
          </fieldset>
          {units.length > 1 ? (
            <label className="field">
              <span>{t("act.unit")}</span>
              <select value={draft.unit || units[0]} onChange={(e) => edit({ unit: e.target.value })}>
                {units.map((u) => (
                  <option key={u}>{u}</option>
                ))}
              </select>
            </label>
          ) : null}
          {action === "report" ? (
            <label className="field">
              <span>{t("act.percent")}</span>
              <input
                type="number"
                min={0}
                max={100}
                step={1}
                required
                value={draft.percent}
                onChange={(e) => edit({ percent: e.target.value })}
              />
            </label>
          ) : null}
          {action === "extend" ? (
            <label className="field">
              <span>{t("act.due")}</span>
              <input type="date" required value={draft.due} onChange={(e) => edit({ due: e.target.value })} />
            </label>
          ) : null}
          {action === "report" || action === "complete" ? (
            <label className="field wide">
              <span>{t("act.narrative")}</span>
              <textarea rows={3} value={draft.narrative} onChange={(e) => edit({ narrative: e.target.value })} />
            </label>
          ) : (
            <label className="field wide">
              <span>{t("act.reason")}</span>
              <textarea
                rows={3}
                required={needsReason}
                value={draft.reason}
                onChange={(e) => edit({ reason: e.target.value })}
              />
            </label>
          )}
          <button type="submit" className="primary" disabled={submit.isPending}>
            {t("act.submit")}: {t(`act.${action}`)}
          </button>
        </form>
      ) : null}
      {notice ? (
        <p className={notice.kind === "ok" ? "ok" : "error"} role={notice.kind === "ok" ? "status" : "alert"}>
          {notice.text}
        </p>
      ) : null}
    </section>
  );
}
