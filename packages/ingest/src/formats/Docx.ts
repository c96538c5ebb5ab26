/**
 * A Word file (.docx) as the text the document importer reads: each paragraph of the body is a
 * line; a table is one line per row with its cells separated by tabs, a cell's paragraphs joined;
 * a cell merged down (`w:vMerge` continuing) or across (`w:gridSpan`) leaves empty cells where it
 * continues, as a Word table exported as text does. The package is unzipped with fflate; the
 * document part is read by its WordprocessingML elements (w:p, w:t, w:tab, w:br, w:tbl, w:tr, w:tc).
 */
import { strFromU8, unzipSync } from "fflate";

export type DocxResult = { ok: true; text: string } | { ok: false; message: string };

const TOKEN =
  /<(\/?)(w:p|w:tbl|w:tr|w:tc|w:t|w:tab|w:br|w:cr|w:vMerge|w:gridSpan|w:del|w:instrText)\b([^>]*?)(\/?)>|<[^>]*>|([^<]+)/g;

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === "#") {
      const code = e[1] === "x" || e[1] === "X" ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e] ?? m;
  });
}

interface Cell {
  paragraphs: string[];
  merged: boolean;
  span: number;
}

/** Reads the text of word/document.xml (see the module comment). */
export function documentXmlToText(xml: string): string {
  const lines: string[] = [];
  // Open tables (a table may sit in a cell of another: its rows then join that cell's text).
  const tables: { rows: Cell[][]; row?: Cell[]; cell?: Cell }[] = [];
  let paragraph = "";
  let inText = false;
  let deleted = 0;
  let field = 0;
  const endParagraph = () => {
    const table = tables[tables.length - 1];
    if (table?.cell) table.cell.paragraphs.push(paragraph);
    else lines.push(paragraph);
    paragraph = "";
  };
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(xml); m !== null; m = TOKEN.exec(xml)) {
    const [, close, name, attrs = "", selfClosing] = m;
    if (m[5] !== undefined) {
      if (inText && deleted === 0 && field === 0) paragraph += decodeEntities(m[5]);
      continue;
    }
    if (name === undefined) continue;
    const table = tables[tables.length - 1];
    switch (name) {
      case "w:t":
        inText = !close && !selfClosing;
        break;
      case "w:del":
        if (!selfClosing) deleted += close ? -1 : 1;
        break;
      case "w:instrText":
        if (!selfClosing) field += close ? -1 : 1;
        break;
      case "w:tab":
        if (!close && table?.cell === undefined) paragraph += "\t";
        else if (!close) paragraph += " ";
        break;
      case "w:br":
      case "w:cr":
        if (!close) {
          if (table?.cell) paragraph += "";
          else {
            lines.push(paragraph);
            paragraph = "";
          }
        }
        break;
      case "w:p":
        if (close) endParagraph();
        else if (selfClosing) {
          paragraph = "";
          endParagraph();
        }
        break;
      case "w:tbl":
        if (!close) tables.push({ rows: [] });
        else {
          const done = tables.pop();
          const rows = (done?.rows ?? []).map((r) =>
            r
              .flatMap((c) => [
                c.merged
                  ? ""
                  : c.paragraphs
                      .join("")
                      .replace(/[\t\r\n]+/g, " ")
                      .trim(),
                ...Array<string>(c.span - 1).fill(""),
              ])
              .join("\t"),
          );
          const outer = tables[tables.length - 1];
          if (outer?.cell) outer.cell.paragraphs.push(rows.join(" "));
          else lines.push(...rows);
        }
        break;
      case "w:tr":
        if (table && !close) table.row = [];
        else if (table && close && table.row) {
          table.rows.push(table.row);
          table.row = undefined;
        }
        break;
      case "w:tc":
        if (table && !close && !selfClosing) table.cell = { paragraphs: [], merged: false, span: 1 };
        else if (table && close && table.cell) {
          table.row?.push(table.cell);
          table.cell = undefined;
        }
        break;
      case "w:vMerge":
        // <w:vMerge/> or w:val="continue" continues the cell above; w:val="restart" starts one.
        if (table?.cell && !close && !/w:val="restart"/.test(attrs)) table.cell.merged = true;
        break;
      case "w:gridSpan": {
        const n = Number(/w:val="(\d+)"/.exec(attrs)?.[1] ?? "1");
        if (table?.cell && !close && n > 1) table.cell.span = Math.min(n, 100);
        break;
      }
    }
  }
  return lines.join("\n");
}

/** Reads a .docx file's body into text; a file that is not a Word package is an error, not a throw. */
export function docxToText(bytes: Uint8Array): DocxResult {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => f.name === "word/document.xml" });
  } catch (e) {
    return { ok: false, message: `the file is not a readable Word (.docx) package: ${(e as Error).message}` };
  }
  const part = files["word/document.xml"];
  if (!part) return { ok: false, message: "the file is a zip package but not a Word document (no word/document.xml)" };
  return { ok: true, text: documentXmlToText(strFromU8(part)) };
}

/** Whether zip bytes hold a Word document (the name of its main part appears in the package). */
export function isDocxPackage(bytes: Uint8Array): boolean {
  return includesAscii(bytes, "word/document.xml");
}

/** Whether the bytes contain an ASCII string. */
export function includesAscii(bytes: Uint8Array, text: string): boolean {
  const first = text.charCodeAt(0);
  outer: for (
    let i = bytes.indexOf(first);
    i !== -1 && i <= bytes.length - text.length;
    i = bytes.indexOf(first, i + 1)
  ) {
    for (let k = 1; k < text.length; k++) if (bytes[i + k] !== text.charCodeAt(k)) continue outer;
    return true;
  }
  return false;
}
