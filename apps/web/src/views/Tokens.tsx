/**
 * API tokens, for callers whose `/api/me` permissions include `manage-tokens`: issue a token to a
 * department (a reporter token scoped to units chosen from the API's departments), list the tokens
 * (never their secrets), revoke one. A new token's plain value is shown once, from the creation
 * response, and dropped when the notice is closed; it is never logged nor cached. Which roles may do
 * this and which tokens are valid (a reporter needs units, an expiry in the future) is the API's.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { ApiToken } from "@reform/storage";
import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { ApiFailure, unwrap } from "../api.ts";
import { Failure, Loading } from "../components/Layout.tsx";
import { useDepartments, useTokens } from "../queries.ts";
import { refusalReason } from "../refusal.ts";
import { useMe, useSession } from "../session.tsx";

const ROLES = ["reporter", "viewer", "supervisor", "admin"] as const;
type Role = (typeof ROLES)[number];

/** A unit a reporter token may act for, as the departments answer names it. */
export interface UnitChoice {
  readonly id: string;
  readonly name: string;
  readonly region: string;
}

interface DepartmentItem {
  readonly scorecard: { readonly unit: string; readonly unitId?: string | undefined };
  readonly unit?: {
    readonly id: string;
    readonly name: string;
    readonly region?: { readonly name: string } | undefined;
  };
}

/** The units named by the departments answer, one per id, by region then name. */
export function unitChoices(items: ReadonlyArray<DepartmentItem>): UnitChoice[] {
  const byId = new Map<string, UnitChoice>();
  for (const { scorecard, unit } of items) {
    const id = unit?.id ?? scorecard.unitId ?? scorecard.unit;
    if (!byId.has(id)) byId.set(id, { id, name: unit?.name ?? scorecard.unit, region: unit?.region?.name ?? "" });
  }
  return [...byId.values()].sort(
    (a, b) => a.region.localeCompare(b.region, "zh-CN") || a.name.localeCompare(b.name, "zh-CN"),
  );
}

/** The instant a token chosen to be valid until `date` (inclusive, China time) stops working. */
export function expiryInstant(date: string): string {
  return `${date}T23:59:59+08:00`;
}

const CHINA_TIME = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
});

/** An instant as China-time date and minutes (2026-12-07 19:35). */
function when(at: string): string {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? at : CHINA_TIME.format(ms);
}

function refusal(t: TFunction, error: unknown): string {
  return t("tokens.refused", {
    status: error instanceof ApiFailure ? error.status : "—",
    message: refusalReason(t, error),
  });
}

export function TokensView() {
  const { t } = useTranslation();
  const me = useMe();
  const allowed = me.data?.permissions.includes("manage-tokens") ?? false;
  const tokens = useTokens(allowed);
  // Today's departments: every unit the plans name (the as-of date does not change who exists).
  const departments = useDepartments(undefined).data;
  const units = useMemo(() => unitChoices(departments?.items ?? []), [departments]);
  /** The plain value of the token just created: held here only until the notice is closed. */
  const [fresh, setFresh] = useState<{ name: string; plainToken: string }>();

  if (me.isPending) return <Loading />;
  if (!allowed) {
    return (
      <>
        <h1>{t("tokens.heading")}</h1>
        <p className="muted">{t("tokens.needAdmin")}</p>
      </>
    );
  }
  return (
    <>
      <h1>{t("tokens.heading")}</h1>
      <p className="muted">{t("tokens.intro")}</p>
      {fresh ? (
        <PlainToken name={fresh.name} plainToken={fresh.plainToken} onClose={() => setFresh(undefined)} />
      ) : (
        <CreateToken units={units} onCreated={setFresh} />
      )}
      <section aria-labelledby="tokens-list-h">
        <h2 id="tokens-list-h">{t("tokens.list")}</h2>
        {tokens.isPending ? <Loading /> : null}
        {tokens.isError ? <Failure error={tokens.error} /> : null}
        {tokens.data ? <TokenList items={tokens.data.items} units={units} own={me.data?.tokenId} /> : null}
      </section>
    </>
  );
}

function CreateToken({
  units,
  onCreated,
}: {
  units: ReadonlyArray<UnitChoice>;
  onCreated: (created: { name: string; plainToken: string }) => void;
}) {
  const { t } = useTranslation();
  const { client } = useSession();
  const queries = useQueryClient();
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("reporter");
  const [chosen, setChosen] = useState<ReadonlyArray<string>>([]);
  const [expires, setExpires] = useState("");
  const [nameError, setNameError] = useState(false);
  const nameInput = useRef<HTMLInputElement>(null);

  const create = useMutation({
    mutationFn: () =>
      unwrap(
        client.api.tokens.$post({
          json: {
            name: name.trim(),
            role,
            units: role === "reporter" ? [...chosen] : [],
            ...(expires ? { expiresAt: expiryInstant(expires) } : {}),
          },
        }),
      ),
    // The answer holds the plain token: keep it out of the mutation cache once this form is gone.
    gcTime: 0,
    onSuccess: async (created) => {
      onCreated({ name: created.token.name, plainToken: created.plainToken });
      await queries.invalidateQueries({ queryKey: ["tokens"] });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setNameError(true);
      nameInput.current?.focus();
      return;
    }
    setNameError(false);
    create.mutate();
  };

  return (
    <section className="card token-form" aria-labelledby="token-create-h">
      <h2 id="token-create-h">{t("tokens.create")}</h2>
      <form onSubmit={submit} noValidate>
        <div className="token-fields">
          <label className="field">
            <span>{t("tokens.name")}</span>
            <input
              ref={nameInput}
              type="text"
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder={t("tokens.nameHint")}
              required
              aria-invalid={nameError || undefined}
              aria-describedby={nameError ? "token-name-error" : undefined}
            />
          </label>
          <label className="field">
            <span>{t("tokens.role")}</span>
            <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`auth.roles.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t("tokens.expires")}</span>
            <input type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
          </label>
        </div>
        {nameError ? (
          <p id="token-name-error" className="error" role="alert">
            {t("tokens.name")}: {t("tokens.nameRequired")}
          </p>
        ) : null}
        {role === "reporter" ? <UnitPicker units={units} chosen={chosen} onChange={setChosen} /> : null}
        <button type="submit" className="primary" disabled={create.isPending}>
          {t("tokens.submit")}
        </button>
        {create.isError ? (
          <p className="error" role="alert">
            {refusal(t, create.error)}
          </p>
        ) : null}
      </form>
    </section>
  );
}

/** Units to choose from (the API's departments), filtered by text, grouped by region. */
function UnitPicker({
  units,
  chosen,
  onChange,
}: {
  units: ReadonlyArray<UnitChoice>;
  chosen: ReadonlyArray<string>;
  onChange: (next: ReadonlyArray<string>) => void;
}) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState("");
  const hintId = useId();
  const shown = useMemo(() => {
    const q = filter.trim();
    const match = q ? units.filter((u) => u.name.includes(q) || u.id.includes(q) || u.region.includes(q)) : units;
    const groups = new Map<string, UnitChoice[]>();
    for (const u of match) groups.set(u.region, [...(groups.get(u.region) ?? []), u]);
    return [...groups];
  }, [units, filter]);
  const named = new Map(units.map((u) => [u.id, u]));
  const toggle = (id: string, on: boolean) =>
    onChange(on ? [...chosen.filter((c) => c !== id), id] : chosen.filter((c) => c !== id));
  return (
    <fieldset className="unit-picker" aria-describedby={hintId}>
      <legend>{t("tokens.units")}</legend>
      <p id={hintId} className="muted small">
        {t("tokens.unitsHint")}
      </p>
      <label className="field">
        <span>{t("tokens.filter")}</span>
        <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="财政" />
      </label>
      <p className="small" aria-live="polite">
        {t("tokens.selected", { count: chosen.length })}
        {chosen.length > 0 ? `：${chosen.map((id) => unitLabel(named.get(id), id)).join("、")}` : ""}
      </p>
      <div className="unit-list">
        {shown.length === 0 ? <p className="muted">{t("tokens.noUnits")}</p> : null}
        {shown.map(([region, list]) => (
          <fieldset key={region || "-"} className="unit-group">
            <legend>{region || t("tokens.noRegion")}</legend>
            {list.map((u) => (
              <label key={u.id} className="unit-choice">
                <input
                  type="checkbox"
                  value={u.id}
                  checked={chosen.includes(u.id)}
                  onChange={(e) => toggle(u.id, e.target.checked)}
                />
                {u.name}
              </label>
            ))}
          </fieldset>
        ))}
      </div>
    </fieldset>
  );
}

function unitLabel(unit: UnitChoice | undefined, id: string): string {
  return unit ? [unit.region, unit.name].filter(Boolean).join(" ") : id;
}

/** The new token's plain value, shown this once, with a copy button. */
function PlainToken({ name, plainToken, onClose }: { name: string; plainToken: string; onClose: () => void }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"ok" | "failed">();
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(plainToken);
      setCopied("ok");
    } catch {
      input.current?.select();
      setCopied("failed");
    }
  };
  return (
    <section className="card token-once" aria-labelledby="token-once-h">
      <h2 id="token-once-h">{t("tokens.created", { name })}</h2>
      <p id="token-once-warning" className="token-warning">
        {t("tokens.plainWarning")}
      </p>
      <div className="token-plain">
        <label className="field">
          <span>{t("tokens.plain")}</span>
          <input
            ref={input}
            type="text"
            readOnly
            value={plainToken}
            spellCheck={false}
            autoComplete="off"
            aria-describedby="token-once-warning"
          />
        </label>
        <button type="button" onClick={() => void copy()}>
          {t("tokens.copy")}
        </button>
      </div>
      <p className={copied === "failed" ? "error small" : "ok small"} role="status">
        {copied ? t(copied === "ok" ? "tokens.copied" : "tokens.copyFailed") : ""}
      </p>
      <button type="button" className="primary" onClick={onClose}>
        {t("tokens.done")}
      </button>
    </section>
  );
}

/** A token as the API lists it (never its secret). */
type TokenRow = ApiToken;

function TokenList({
  items,
  units,
  own,
}: {
  items: ReadonlyArray<TokenRow>;
  units: ReadonlyArray<UnitChoice>;
  /** The token the viewer signed in with: the API refuses to let it revoke itself. */
  own: string | undefined;
}) {
  const { t } = useTranslation();
  const { client } = useSession();
  const queries = useQueryClient();
  const [confirming, setConfirming] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const named = new Map(units.map((u) => [u.id, u]));
  const revoke = useMutation({
    mutationFn: (token: TokenRow) => unwrap(client.api.tokens[":id"].$delete({ param: { id: token.id } })),
    onSuccess: async (revoked) => {
      setConfirming(undefined);
      setNotice(t("tokens.revokedNotice", { name: revoked.name }));
      await queries.invalidateQueries({ queryKey: ["tokens"] });
    },
    onError: () => setConfirming(undefined),
  });
  if (items.length === 0) return <p className="empty">{t("tokens.empty")}</p>;
  const now = Date.now();
  const rows = [...items].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <>
      {notice ? (
        <p className="ok" role="status">
          {notice}
        </p>
      ) : null}
      {revoke.isError ? (
        <p className="error" role="alert">
          {refusal(t, revoke.error)}
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="simple tokens">
          <thead>
            <tr>
              <th scope="col">{t("tokens.name")}</th>
              <th scope="col">{t("tokens.role")}</th>
              <th scope="col">{t("tokens.units")}</th>
              <th scope="col">{t("tokens.createdAt")}</th>
              <th scope="col">{t("tokens.expiresAt")}</th>
              <th scope="col">{t("tokens.lastUsed")}</th>
              <th scope="col">{t("tokens.status")}</th>
              <th scope="col">{t("tokens.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((token) => {
              const status = token.revokedAt
                ? "revoked"
                : token.expiresAt && Date.parse(token.expiresAt) <= now
                  ? "expired"
                  : "active";
              return (
                <tr key={token.id} data-token={token.id} className={`token-${status}`}>
                  <th scope="row">{token.name}</th>
                  <td data-label={t("tokens.role")}>{t(`auth.roles.${token.role}`, { defaultValue: token.role })}</td>
                  <td data-label={t("tokens.units")}>
                    {token.units.length === 0 ? (
                      <span className="muted">—</span>
                    ) : (
                      token.units.map((id) => (
                        <span key={id} className="unit">
                          {unitLabel(named.get(id), id)}
                        </span>
                      ))
                    )}
                  </td>
                  <td data-label={t("tokens.createdAt")} className="when">
                    <time dateTime={token.createdAt}>{when(token.createdAt)}</time>
                  </td>
                  <td data-label={t("tokens.expiresAt")} className="when">
                    {token.expiresAt ? (
                      <time dateTime={token.expiresAt}>{when(token.expiresAt)}</time>
                    ) : (
                      <span className="muted">{t("tokens.noExpiry")}</span>
                    )}
                  </td>
                  <td data-label={t("tokens.lastUsed")} className="when">
                    {token.lastUsedAt ? (
                      <time dateTime={token.lastUsedAt}>{when(token.lastUsedAt)}</time>
                    ) : (
                      <span className="muted">{t("tokens.never")}</span>
                    )}
                  </td>
                  <td data-label={t("tokens.status")}>
                    <span
                      className={`badge ${status === "active" ? "rag-green" : status === "expired" ? "rag-amber" : "rag-red"}`}
                    >
                      {t(`tokens.${status}`)}
                    </span>
                    {token.revokedAt ? (
                      <>
                        {" "}
                        <time className="muted small" dateTime={token.revokedAt}>
                          {when(token.revokedAt)}
                        </time>
                      </>
                    ) : null}
                  </td>
                  <td data-label={t("tokens.actions")}>
                    {status === "revoked" ? null : token.id === own ? (
                      <span className="muted small">{t("tokens.own")}</span>
                    ) : confirming === token.id ? (
                      <span className="confirm">
                        <button
                          type="button"
                          className="danger"
                          onClick={() => revoke.mutate(token)}
                          disabled={revoke.isPending}
                        >
                          {t("tokens.confirmRevoke", { name: token.name })}
                        </button>{" "}
                        <button type="button" className="link-button" onClick={() => setConfirming(undefined)}>
                          {t("tokens.cancel")}
                        </button>
                      </span>
                    ) : (
                      <button
                        type="button"
                        onClick={() => {
                          revoke.reset();
                          setNotice(undefined);
                          setConfirming(token.id);
                        }}
                        aria-label={`${t("tokens.revoke")} ${token.name}`}
                      >
                        {t("tokens.revoke")}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
