/**
 * Import: upload a document or spreadsheet, see the importer's diagnostics (with line numbers) and
 * the diff against the plan's current version, then commit it as the plan's next version.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link } from "@tanstack/react-router";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiFailure, unwrap } from "../api.ts";
import { refusalReason } from "../refusal.ts";
import { useMe, useSession } from "../session.tsx";

export function ImportView() {
  const { t } = useTranslation();
  const { client } = useSession();
  const me = useMe();
  const queries = useQueryClient();
  const [file, setFile] = useState<File>();
  const [issued, setIssued] = useState("");
  const [region, setRegion] = useState("");

  const preview = useMutation({
    mutationFn: async () => {
      if (!file) throw new Error("no file");
      const form = new FormData();
      form.set("file", file, file.name);
      if (issued) form.set("issued", issued);
      if (region) form.set("region", region);
      // The upload is multipart: the body goes in as is (the route reads it, it is not JSON).
      return unwrap(client.api.imports.$post({ query: { fileName: file.name } }, { init: { body: form } }));
    },
  });
  const commit = useMutation({
    mutationFn: async () => {
      const p = preview.data;
      if (!p) throw new Error("no preview");
      return unwrap(
        client.api.imports[":previewId"].commit.$post({
          param: { previewId: p.previewId },
          json: { expectedPlanVersion: p.currentVersion, sha256: p.sha256 },
        }),
      );
    },
    onSuccess: () => queries.invalidateQueries({ predicate: (q) => q.queryKey[0] !== "me" }),
  });

  if (me.data && !me.data.permissions.includes("import")) {
    return (
      <>
        <h1>{t("imports.heading")}</h1>
        <p className="muted">{t("imports.needAdmin")}</p>
      </>
    );
  }
  const p = preview.data;
  /** A finding's name in the interface language, by its code (the code itself for one this viewer does not know). */
  const named = (code: string) => t(`diagnostic.${code}`, { defaultValue: code });
  const failure = (e: unknown) => {
    if (e instanceof ApiFailure) {
      const details = e.details as { reason?: string; diagnostics?: { line?: number; code: string }[] } | undefined;
      // A document the importer refused: its reason named, with the importer's sentence; any other
      // refusal worded as the API's rule or issues allow (refusalReason).
      const reason = details?.reason ? `${named(details.reason)}. ${e.message}` : refusalReason(t, e);
      const diagnostics = details?.diagnostics?.length
        ? ` — ${details.diagnostics.map((d) => `${d.line ?? "?"}: ${named(d.code)}`).join("; ")}`
        : "";
      return `${e.status}: ${reason}${diagnostics}`;
    }
    return e instanceof Error ? e.message : String(e);
  };
  return (
    <>
      <h1>{t("imports.heading")}</h1>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          commit.reset();
          preview.mutate();
        }}
      >
        <label className="field">
          <span>{t("imports.file")}</span>
          <input
            type="file"
            accept=".txt,.md,.markdown,.docx,.doc,.html,.htm,.pdf,.xlsx,.csv,.tsv,.json,text/plain"
            required
            onChange={(e) => setFile(e.target.files?.[0])}
          />
        </label>
        <label className="field">
          <span>{t("imports.issued")}</span>
          <input type="date" value={issued} onChange={(e) => setIssued(e.target.value)} />
        </label>
        <label className="field">
          <span>{t("imports.region")}</span>
          <input type="text" value={region} onChange={(e) => setRegion(e.target.value)} placeholder="吉林省" />
        </label>
        <button type="submit" className="primary" disabled={!file || preview.isPending}>
          {t("imports.preview")}
        </button>
      </form>
      {preview.isError ? (
        <p className="error" role="alert">
          {failure(preview.error)}
        </p>
      ) : null}
      {p ? (
        <section className="card" aria-labelledby="preview-h">
          <h2 id="preview-h">
            {p.planTitle}{" "}
            <span className="muted small">
              {p.isNew ? t("imports.newPlan") : `${t("task.version")} ${p.currentVersion} → ${p.currentVersion + 1}`} ·{" "}
              {p.format} · {p.layout}
            </span>
          </h2>
          <h3>{t("imports.diagnostics")}</h3>
          {p.diagnostics.length === 0 ? <p className="muted">{t("imports.noDiagnostics")}</p> : null}
          {p.diagnostics.length > 0 ? (
            <div className="table-wrap diag">
              <table className="simple">
                <thead>
                  <tr>
                    <th scope="col">{t("imports.line")}</th>
                    <th scope="col">{t("imports.severity")}</th>
                    <th scope="col">{t("imports.message")}</th>
                  </tr>
                </thead>
                <tbody>
                  {p.diagnostics.map((d, k) => (
                    <tr key={`${d.code}-${k}`} className={`sev-${d.severity}`}>
                      <td className="num">{d.line ?? "—"}</td>
                      <td>{t(`severity.${d.severity}`, { defaultValue: d.severity })}</td>
                      <td>
                        <strong>{named(d.code)}</strong>
                        {d.text ? <q className="source">{d.text}</q> : null}
                        <details>
                          <summary className="muted small">{t("imports.detail")}</summary>
                          <span className="small">{d.message}</span> <code className="muted small">{d.code}</code>
                        </details>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <h3>{t("imports.diff")}</h3>
          <dl className="counts wide">
            {(["added", "removed", "changed", "unchanged"] as const).map((k) => (
              <div key={k}>
                <dt>{t(`imports.${k}`)}</dt>
                <dd>{p.diff.summary[k]}</dd>
              </div>
            ))}
          </dl>
          <ul className="diff-list">
            {p.diff.added.slice(0, 50).map((x) => (
              <li key={`a-${x.id}`} className="added">
                + {x.label} {x.title}
              </li>
            ))}
            {p.diff.removed.slice(0, 50).map((x) => (
              <li key={`r-${x.id}`} className="removed">
                − {x.label} {x.title}
              </li>
            ))}
            {p.diff.changed.slice(0, 50).map((x) => (
              <li key={`c-${x.id}`} className="changed">
                ~ {x.label} {x.title} <span className="muted small">({x.fields.join(", ")})</span>
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="primary"
            onClick={() => commit.mutate()}
            disabled={commit.isPending || commit.isSuccess}
          >
            {t("imports.commit")}
          </button>
          {commit.isError ? (
            <p className="error" role="alert">
              {failure(commit.error)}
            </p>
          ) : null}
          {commit.data ? (
            <p className="ok" role="status">
              {t("imports.committed", { title: p.planTitle, version: commit.data.version })}{" "}
              <Link to="/plans/$planId" params={{ planId: commit.data.planId }}>
                {t("overview.open")}
              </Link>
            </p>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
