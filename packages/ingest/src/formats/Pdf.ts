/**
 * A PDF with a text layer as the text the document importer reads, using the positions pdf.js
 * gives each piece of text: pieces at one height form a line, left to right; a wide gap between
 * two pieces is a column boundary (a tab), so the columns of a table stay columns; a line that
 * runs to the right margin and is followed by one starting at the left margin continues it (a
 * paragraph wrapped by the page, joined again). A PDF without a text layer (a scan) reads as no
 * text, and the importer says so.
 */
import type { TextItem } from "pdfjs-dist/types/src/display/api.js";
import { readMarker } from "../Numbering.ts";

export type PdfResult = { ok: true; text: string; pages: number } | { ok: false; message: string };

interface Piece {
  str: string;
  x: number;
  y: number;
  end: number;
  size: number;
}

interface PdfLine {
  pieces: Piece[];
  y: number;
  size: number;
}

/** Lines of one page, top to bottom, from its text pieces. */
function pageLines(items: readonly Piece[]): PdfLine[] {
  const sorted = [...items].sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: PdfLine[] = [];
  for (const p of sorted) {
    const line = lines[lines.length - 1];
    if (line && Math.abs(line.y - p.y) <= Math.max(line.size, p.size) * 0.5) {
      line.pieces.push(p);
      line.size = Math.max(line.size, p.size);
    } else lines.push({ pieces: [p], y: p.y, size: p.size });
  }
  for (const l of lines) l.pieces.sort((a, b) => a.x - b.x);
  return lines;
}

/** A line's text: a gap wider than one and a half characters is a column boundary (tab). */
function lineText(line: PdfLine): string {
  let out = "";
  let end = Number.NEGATIVE_INFINITY;
  for (const p of line.pieces) {
    if (out !== "") {
      const gap = p.x - end;
      if (gap > line.size * 1.5) out += "\t";
      else if (gap > line.size * 0.3 && /[\x21-\x7e]$/.test(out) && /^[\x21-\x7e]/.test(p.str)) out += " ";
    }
    out += p.str;
    end = Math.max(end, p.end);
  }
  return out;
}

/** Joins the lines of one page, a wrapped paragraph's lines into one (see the module comment). */
function pageText(lines: readonly PdfLine[]): string {
  if (lines.length === 0) return "";
  const left = Math.min(...lines.map((l) => l.pieces[0]!.x));
  const right = Math.max(...lines.map((l) => l.pieces[l.pieces.length - 1]!.end));
  const out: string[] = [];
  let previous: { line: PdfLine; text: string } | undefined;
  for (const line of lines) {
    const text = lineText(line);
    const prev = previous;
    const wrapped =
      prev !== undefined &&
      !prev.text.includes("\t") &&
      !text.includes("\t") &&
      // Line breaking keeps words, numbers and closing punctuation together: a wrapped line may
      // end a few characters short of the margin.
      prev.line.pieces[prev.line.pieces.length - 1]!.end >= right - prev.line.size * 4 &&
      readMarker(text) === undefined &&
      line.pieces[0]!.x <= left + line.size * 0.5 &&
      prev.line.y - line.y <= Math.max(prev.line.size, line.size) * 2;
    if (wrapped) out[out.length - 1] += text;
    else out.push(text);
    previous = { line, text };
  }
  return out.join("\n");
}

/** Reads the text layer of a PDF (see the module comment). Never throws. */
export async function pdfToText(bytes: Uint8Array): Promise<PdfResult> {
  let pdfjs: typeof import("pdfjs-dist/legacy/build/pdf.mjs");
  try {
    pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  } catch (e) {
    return { ok: false, message: `the PDF reader could not be loaded: ${(e as Error).message}` };
  }
  try {
    // pdf.js takes ownership of the buffer it is given: pass a copy.
    const task = pdfjs.getDocument({
      data: bytes.slice(),
      useWorkerFetch: false,
      disableFontFace: true,
      verbosity: 0,
    });
    const pdf = await task.promise;
    const pages: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      const pieces: Piece[] = [];
      for (const item of content.items) {
        if (!("str" in item)) continue;
        const t = item as TextItem;
        if (t.str.trim() === "") continue;
        const [a, b, , d, x, y] = t.transform as number[];
        const size = Math.abs(d ?? 0) || Math.hypot(a ?? 0, b ?? 0) || t.height || 10;
        pieces.push({ str: t.str, x: x ?? 0, y: y ?? 0, end: (x ?? 0) + t.width, size });
      }
      pages.push(pageText(pageLines(pieces)));
      page.cleanup();
    }
    const pageCount = pdf.numPages;
    await task.destroy();
    return { ok: true, text: pages.join("\n"), pages: pageCount };
  } catch (e) {
    return { ok: false, message: `the file is not a readable PDF: ${(e as Error).message}` };
  }
}
