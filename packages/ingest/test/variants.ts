/**
 * Transformations of a document that must not change what is read (line breaks lost or moved,
 * line endings, encoding, character widths), and the view of an import they are compared on:
 * the task tree with titles, text (whitespace aside), leads, cooperators and deadlines.
 */
import iconv from "iconv-lite";
import type { ImportResult } from "../src/Import.ts";

/** The whole document on one line, as `tr -d '\n'` gives it. */
export const oneLine = (text: string): string => text.replace(/\r?\n/g, "");

/** Each line cut into pieces of `width` characters (a PDF's fixed-width lines). */
export const hardWrap = (text: string, width = 40): string =>
  text
    .split("\n")
    .map((l) => l.match(new RegExp(`.{1,${width}}`, "gsu"))?.join("\n") ?? "")
    .join("\n");

export const crlf = (text: string): string => text.replace(/\r?\n/g, "\r\n");

export const gb18030 = (text: string): Uint8Array => new Uint8Array(iconv.encode(text, "gb18030"));

/** ASCII digits as full-width digits (０-９). */
export const fullWidthDigits = (text: string): string =>
  text.replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

type Ok = Extract<ImportResult, { ok: true }>;

/** What must stay the same: one line per task. */
export function ledgerView(result: ImportResult): string[] {
  if (!result.ok) return [`not imported: ${result.error.code}`];
  const { plan } = result.ledger;
  const head = `plan ${plan.title} | ${plan.docNumber ?? ""} | ${plan.issuedOn ?? ""} | ${plan.year ?? ""} | ${plan.region?.name ?? ""}`;
  return [
    head,
    ...(result as Ok).ledger.tasks.map((t) => {
      const r = t.responsibility?.assignments ?? [];
      const d = t.deadline;
      const due = d && "due" in d ? d.due : "";
      return [
        t.id.slice(t.planId.length),
        t.kind,
        t.title ?? "",
        t.text.replace(/\s+/g, ""),
        r
          .filter((a) => a.role !== "cooperating")
          .map((a) => a.unit)
          .join("、"),
        r
          .filter((a) => a.role === "cooperating")
          .map((a) => a.unit)
          .join("、"),
        d ? `${d.kind} ${(d.text ?? "").replace(/\s+/g, "")} ${due ?? ""}` : "",
      ].join(" | ");
    }),
  ];
}
