/** Small presentational pieces: state, timeliness and RAG badges, a progress bar, a deadline. */
import { useTranslation } from "react-i18next";

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className={`badge status-${status}`}>{t(`status.${status}`, { defaultValue: status })}</span>;
}

export function TimelinessBadge({ status, rag }: { status: string; rag?: string | undefined }) {
  const { t } = useTranslation();
  return (
    <span className={`badge rag-${rag ?? "none"}`} data-timeliness={status}>
      {rag ? <span className="visually-hidden">{t(`rag.${rag}`)} </span> : null}
      {t(`timeliness.${status}`, { defaultValue: status })}
    </span>
  );
}

export function Progress({ percent, label }: { percent: number; label?: string }) {
  const value = Math.round(percent);
  return (
    <span className="progress">
      <progress max={100} value={value} aria-label={label ?? `${value}%`} />
      <span className="progress-value">{value}%</span>
    </span>
  );
}

/** Red/amber/green counts as one stacked bar with its numbers. */
export function RagBar({ red, amber, green }: { red: number; amber: number; green: number }) {
  const { t } = useTranslation();
  const total = red + amber + green || 1;
  const label = `${t("rag.red")} ${red} · ${t("rag.amber")} ${amber} · ${t("rag.green")} ${green}`;
  return (
    <div className="ragbar" role="img" aria-label={label} title={label}>
      <span className="r" style={{ width: `${(red / total) * 100}%` }} />
      <span className="a" style={{ width: `${(amber / total) * 100}%` }} />
      <span className="g" style={{ width: `${(green / total) * 100}%` }} />
    </div>
  );
}

interface DeadlineLike {
  kind: string;
  text: string;
}

/** The normalised due date a deadline carries, when it has one. */
export function dueOf(deadline: DeadlineLike | undefined): string | undefined {
  return deadline && "due" in deadline && typeof deadline.due === "string" ? deadline.due : undefined;
}

/** A deadline: its original wording, with the normalised date beside it. */
export function Deadline({ deadline, due }: { deadline?: DeadlineLike | undefined; due?: string | undefined }) {
  if (!deadline) return <span className="muted">—</span>;
  const date = due ?? dueOf(deadline);
  return (
    <span className="deadline">
      <span className="deadline-text">{deadline.text.replace(/\s+/g, "")}</span>
      {date ? <time dateTime={date}>{date}</time> : null}
    </span>
  );
}
