/** The frame of every view: header (navigation, as-of date, language, sign-in, live status) and main. */
import { useQueryClient } from "@tanstack/react-query";
import { Link, Outlet, useNavigate } from "@tanstack/react-router";
import { useTranslation } from "react-i18next";
import { changeLanguage, type Language } from "../i18n.ts";
import { useLive } from "../live.ts";
import { usePlans } from "../queries.ts";
import { useAsOf } from "../router.tsx";
import { useMe, useSession } from "../session.tsx";
import { SignIn } from "./SignIn.tsx";
import { refusalReason } from "../refusal.ts";

/** Each view: its path, its name's key and the permission (`/api/me`) it is offered for, if any. */
const NAV: ReadonlyArray<readonly [path: string, key: string, permission?: string]> = [
  ["/", "overview"],
  ["/overdue", "overdue"],
  ["/departments", "departments"],
  ["/indicators", "indicators"],
  ["/timeline", "timeline"],
  ["/bulletin", "bulletin"],
  ["/import", "import", "import"],
  ["/tokens", "tokens", "manage-tokens"],
];

export function AsOfPicker() {
  const { t } = useTranslation();
  const asOf = useAsOf();
  const navigate = useNavigate();
  // With no date chosen the API computes as of today; show the date it used.
  const plans = usePlans(asOf);
  const shown = asOf ?? plans.data?.asOf ?? "";
  const set = (value: string | undefined) =>
    void navigate({ to: ".", search: (prev: Record<string, unknown>) => ({ ...prev, asOf: value }) });
  return (
    <div className="asof" title={t("asOf.hint")}>
      <label htmlFor="asof-input">{t("asOf.label")}</label>
      <input
        id="asof-input"
        type="date"
        value={shown}
        onChange={(e) => set(e.target.value || undefined)}
        aria-describedby="asof-hint"
      />
      <span id="asof-hint" className="visually-hidden">
        {t("asOf.hint")}
      </span>
      <button type="button" className="link-button" onClick={() => set(undefined)} disabled={!asOf}>
        {t("asOf.today")}
      </button>
    </div>
  );
}

function LiveBadge() {
  const { t } = useTranslation();
  const { token } = useSession();
  const status = useLive(token, useQueryClient());
  return (
    <span className={`live live-${status}`} role="status" aria-live="polite" data-live={status}>
      <span aria-hidden="true">●</span> {t(`app.live.${status}`)}
    </span>
  );
}

export function Layout() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  // Import and tokens are offered to the roles that may use them (the API's answer for the caller).
  const permissions: ReadonlyArray<string> = me.data?.permissions ?? [];
  const nav = NAV.filter(([, , permission]) => permission === undefined || permissions.includes(permission));
  return (
    <>
      <a href="#main" className="skip">
        {t("app.skip")}
      </a>
      <header className="top">
        <div className="brand">
          <Link to="/" className="brand-link">
            {t("app.title")}
          </Link>
          <LiveBadge />
        </div>
        <nav aria-label={t("nav.main")} className="nav">
          {nav.map(([to, key]) => (
            <Link
              key={to}
              to={to}
              activeOptions={{ exact: to === "/", includeSearch: false }}
              activeProps={{ "aria-current": "page", className: "active" }}
            >
              {t(`nav.${key}`)}
            </Link>
          ))}
        </nav>
        <div className="tools">
          <AsOfPicker />
          <label className="lang">
            <span className="visually-hidden">{t("app.language")}</span>
            <select
              value={i18n.language}
              onChange={(e) => void changeLanguage(e.target.value as Language)}
              aria-label={t("app.language")}
            >
              <option value="zh-CN">中文</option>
              <option value="en">English</option>
            </select>
          </label>
          <SignIn />
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}

export function NotFound() {
  const { t } = useTranslation();
  return <p className="empty">{t("notFound")}</p>;
}

/** Loading and error states shared by the views. */
export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t("common.loading")}
    </p>
  );
}

export function Failure({ error }: { error: unknown }) {
  const { t } = useTranslation();
  return (
    <p className="error" role="alert">
      {t("common.error", { message: refusalReason(t, error) })}
    </p>
  );
}
