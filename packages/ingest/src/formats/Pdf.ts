/**
 * A PDF with a text layer as the text the document importer reads: pdf.js gives each page's pieces
 * of text with their positions, and `PdfLayout.ts` makes lines, tables and paragraphs of them. A
 * PDF without a text layer (a scan) reads as no text, and the importer says so.
 */
import type { TextItem } from "pdfjs-dist/types/src/display/api.js";
import { layoutText, type PdfLine, type Piece, pageLines } from "./PdfLayout.ts";

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
    const pageCount = pdf.numPages;
    await task.destroy();
    return { ok: true, text: layoutText(pages), pages: pageCount };
  } catch (e) {
    return { ok: false, message: `the file is not a readable PDF: ${(e as Error).message}` };
  }
}
