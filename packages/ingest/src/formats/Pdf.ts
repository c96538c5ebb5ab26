/**
 * A PDF with a text layer as the text the document importer reads: pdf.js gives each page's pieces
 * of text with their positions, and, on pages with a table, the horizontal rules drawn there (a
 * table's borders between rows); `PdfLayout.ts` makes lines, tables and paragraphs of them. A PDF
 * without a text layer (a scan) reads as no text, and the importer says so.
 */
import type { PDFPageProxy, TextItem } from "pdfjs-dist/types/src/display/api.js";
import { layoutText, type PdfLine, type Piece, pageLines, type Rule, tablePages } from "./PdfLayout.ts";

type Matrix = [number, number, number, number, number, number];

const multiply = (m: Matrix, n: readonly number[]): Matrix => [
  m[0] * n[0]! + m[2] * n[1]!,
  m[1] * n[0]! + m[3] * n[1]!,
  m[0] * n[2]! + m[2] * n[3]!,
  m[1] * n[2]! + m[3] * n[3]!,
  m[0] * n[4]! + m[2] * n[5]! + m[4],
  m[1] * n[4]! + m[3] * n[5]! + m[5],
];

/**
 * The horizontal rules drawn on a page: paths (stroked lines or thin filled rectangles) whose
 * bounds, in page space, are at most 2.5 points high and at least 4 wide. Paths are read from
 * pdf.js's operator list with the transformations in force (save, restore, transform, forms).
 */
async function pageRules(
  page: PDFPageProxy,
  n: number,
  OPS: typeof import("pdfjs-dist/legacy/build/pdf.mjs").OPS,
): Promise<Rule[]> {
  const list = await page.getOperatorList();
  const rules: Rule[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  for (let i = 0; i < list.fnArray.length; i++) {
    const fn = list.fnArray[i];
    const args = list.argsArray[i] as unknown[] | null;
    if (fn === OPS.save || fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      const matrix = fn === OPS.paintFormXObjectBegin ? (args?.[0] as number[] | null) : null;
      if (matrix && matrix.length === 6) ctm = multiply(ctm, matrix);
    } else if (fn === OPS.restore || fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform && args?.length === 6) ctm = multiply(ctm, args as number[]);
    else if (fn === OPS.constructPath) {
      // [paint operation, path data, bounds [minX, minY, maxX, maxY]] (pdf.js 4 and later).
      const b = args?.[2] as ArrayLike<number> | null | undefined;
      if (b?.length !== 4) continue;
      const xs: number[] = [];
      const ys: number[] = [];
      for (const [x, y] of [
        [b[0]!, b[1]!],
        [b[2]!, b[1]!],
        [b[0]!, b[3]!],
        [b[2]!, b[3]!],
      ] as const) {
        xs.push(ctm[0] * x + ctm[2] * y + ctm[4]);
        ys.push(ctm[1] * x + ctm[3] * y + ctm[5]);
      }
      const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      if (y1 - y0 <= 2.5 && x1 - x0 >= 4) rules.push({ page: n, from: x0, to: x1, y: (y0 + y1) / 2 });
    }
  }
  return rules;
}

export type PdfResult = { ok: true; text: string; pages: number } | { ok: false; message: string };

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
    const pages: PdfLine[][] = [];
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
      pages.push(pageLines(pieces, n, Math.round(page.view[2]! - page.view[0]!)));
      page.cleanup();
    }
    const rules: Rule[] = [];
    for (const n of tablePages(pages)) {
      const page = await pdf.getPage(n);
      rules.push(...(await pageRules(page, n, pdfjs.OPS)));
      page.cleanup();
    }
    const pageCount = pdf.numPages;
    await task.destroy();
    return { ok: true, text: layoutText(pages, rules), pages: pageCount };
  } catch (e) {
    return { ok: false, message: `the file is not a readable PDF: ${(e as Error).message}` };
  }
}
