/** Sign in with an API token (checked with `/api/me` before it is kept), or sign out. */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { apiClient, unwrap } from "../api.ts";
import { useMe, useSession } from "../session.tsx";

export function SignIn() {
  const { t } = useTranslation();
  const session = useSession();
  const me = useMe();
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState("");
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  if (session.token) {
    const role = me.data?.role ?? "anonymous";
    return (
      <div className="auth">
        <span className="who" data-role={role}>
          {t(`auth.roles.${role}`)}
          {me.data?.name ? ` · ${me.data.name}` : ""}
        </span>
        <button type="button" onClick={session.signOut}>
          {t("auth.signOut")}
        </button>
      </div>
    );
  }
  if (!open) {
    return (
      <div className="auth">
        <button type="button" onClick={() => setOpen(true)}>
          {t("auth.signIn")}
        </button>
      </div>
    );
  }
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await unwrap(apiClient(value.trim()).api.me.$get());
      session.signIn(value);
      setOpen(false);
      setValue("");
    } catch (err) {
      setError(t("auth.bad", { message: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="auth signin" onSubmit={submit}>
      <label htmlFor="token-input">{t("auth.token")}</label>
      <input
        id="token-input"
        type="password"
        autoComplete="off"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        placeholder="rl_…"
        aria-describedby="token-hint"
        required
      />
      <span id="token-hint" className="visually-hidden">
        {t("auth.tokenHint")}
      </span>
      <button type="submit" disabled={busy || !value.trim()}>
        {t("auth.signIn")}
      </button>
      <button type="button" className="link-button" onClick={() => setOpen(false)}>
        {t("common.close")}
      </button>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
