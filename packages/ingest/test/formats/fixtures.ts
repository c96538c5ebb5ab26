/**
 * Word files and web pages made from the seeds, as an office would receive them: prose lines as
 * paragraphs, tab-separated lines as table rows, and 000's cell-per-line table as a real table
 * whose 工作任务 and 具体内容 cells are merged down over their rows (vMerge / rowspan).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import {
  AlignmentType,
  Document,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  VerticalMergeType,
  WidthType,
} from "docx";
import PDFDocument from "pdfkit";

/** A document as blocks: paragraphs, and tables as rows of cells ("" continues a merged cell). */
export type Block = { kind: "p"; text: string } | { kind: "table"; rows: string[][]; merged: number[] };

/**
 * 000's cells (a cell starts with a tab at the start of a line) as rows of `width` cells; the
 * lines of a cell ("省医改领导小组" / "秘书处", "李旭升" / "18686530355") stay its paragraphs.
 */
function wideTableRows(text: string, width: number): string[][] {
  const cells: string[] = [];
  for (const line of text.split("\n")) {
    if (line.startsWith("\t")) cells.push(line.slice(1).trim());
    else if (cells.length > 0) cells[cells.length - 1] += `\n${line.trim()}`;
  }
  return Array.from({ length: Math.ceil(cells.length / width) }, (_, i) => cells.slice(i * width, i * width + width));
}

/** A seed as blocks: a cell-per-line table becomes one table; tab rows become tables; the rest paragraphs. */
export function seedBlocks(text: string): Block[] {
  const lines = text.split("\n");
  const firstCell = lines.findIndex((l) => l.startsWith("\t"));
  if (firstCell !== -1 && lines.filter((l) => l.startsWith("\t")).length > lines.length / 3) {
    const before = lines.slice(0, firstCell).filter((l) => l.trim() !== "");
    // Columns 工作任务 and 具体内容 (0 and 1) are merged down where they are empty.
    return [
      ...before.map((t): Block => ({ kind: "p", text: t.trim() })),
      { kind: "table", rows: wideTableRows(lines.slice(firstCell).join("\n"), 10), merged: [0, 1] },
    ];
  }
  const blocks: Block[] = [];
  for (const line of lines) {
    if (line.trim() === "") continue;
    if (line.includes("\t")) {
      const last = blocks[blocks.length - 1];
      const cells = line.split("\t").map((c) => c.trim());
      if (last?.kind === "table") last.rows.push(cells);
      else blocks.push({ kind: "table", rows: [cells], merged: [] });
    } else blocks.push({ kind: "p", text: line.trim() });
  }
  return blocks;
}

/**
 * Writes the blocks as a .docx with the docx package: merged cells as vertical merges, columns
 * sized to their content, a page in landscape for a wide table.
 */
export async function toDocx(blocks: readonly Block[]): Promise<Uint8Array> {
  // A wide table is printed on a landscape page (A4, margins of one inch, in twips).
  const landscape = blocks.some((b) => b.kind === "table" && Math.max(...b.rows.map((r) => r.length)) >= 6);
  const textWidth = (landscape ? 16838 : 11906) - 2 * 1440;
  const children = blocks.map((b) => {
    if (b.kind === "p") return new Paragraph({ text: b.text, alignment: AlignmentType.LEFT });
    const width = Math.max(...b.rows.map((r) => r.length));
    const rows = b.rows.map(
      (cells, r) =>
        new TableRow({
          children: Array.from({ length: width }, (_, c) => {
            const text = cells[c] ?? "";
            const merge = b.merged.includes(c) && r > 0;
            const continues = merge && text === "";
            const starts = b.merged.includes(c) && text !== "" && b.rows[r + 1]?.[c] === "";
            return new TableCell({
              children: continues ? [new Paragraph("")] : text.split("\n").map((t) => new Paragraph(t)),
              ...(continues
                ? { verticalMerge: VerticalMergeType.CONTINUE }
                : starts
                  ? { verticalMerge: VerticalMergeType.RESTART }
                  : {}),
            });
          }),
        }),
    );
    // Columns sized to their content, as an office sizes them (a Word file's grid, in twips).
    const weights = columnWeights(b.rows);
    const total = weights.reduce((a, n) => a + n, 0);
    const columnWidths = weights.map((w) => Math.round((textWidth * w) / total));
    return new Table({ rows, columnWidths, width: { size: textWidth, type: WidthType.DXA } });
  });
  const doc = new Document({
    sections: [
      { properties: landscape ? { page: { size: { orientation: PageOrientation.LANDSCAPE } } } : {}, children },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Writes the blocks as a saved web page: a site header and footer, merged cells as rowspan. */
export function toHtml(blocks: readonly Block[], title: string): string {
  const body = blocks
    .map((b) => {
      // Runs of spaces are written as no-break spaces, as pages do to keep them.
      if (b.kind === "p") return `<p>${escapeHtml(b.text).replace(/ {2,}/g, (m) => "&nbsp;".repeat(m.length))}</p>`;
      const rows = b.rows.map((cells, r) => {
        const tds = cells.map((text, c) => {
          if (b.merged.includes(c) && text === "" && r > 0) return "";
          let span = 1;
          if (b.merged.includes(c)) while (b.rows[r + span]?.[c] === "") span++;
          return `<td${span > 1 ? ` rowspan="${span}"` : ""}>${escapeHtml(text)}</td>`;
        });
        return `<tr>${tds.join("")}</tr>`;
      });
      return `<table border="1"><tbody>\n${rows.join("\n")}\n</tbody></table>`;
    })
    .join("\n");
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<script>var _hmt = _hmt || []; document.write("<p>脚本</p>");</script><style>p { margin: 0 }</style></head>
<body><div class="nav">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 政策文件</div>
<div class="share">分享到： 微信 微博</div>
<div class="content">
${body}
</div>
<div class="footer">主办：某某市人民政府办公室 网站标识码：0000000000</div></body></html>
`;
}

/** Debian's fonts-noto-cjk (tooling/scripts/system-deps.sh installs it): a font with the seeds' characters. */
export const CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
export const hasCjkFont = () => existsSync(CJK_FONT);

/**
 * Relative column widths of a table, as an office sizes them: from each column's longest cell,
 * within bounds, so that short columns (dates, names) stay narrow and long ones wrap.
 */
export function columnWeights(rows: readonly string[][]): number[] {
  const cols = Math.max(...rows.map((r) => r.length));
  return Array.from({ length: cols }, (_, c) => Math.min(24, Math.max(4, ...rows.map((r) => (r[c] ?? "").length))));
}

/**
 * Prints the blocks as a PDF with pdfkit, as a word processor prints them: paragraphs wrapped by
 * the page at its margins; tables with cells of fixed widths, a cell's paragraphs wrapped within
 * its cell, a row as tall as its tallest cell, a cell merged down printed in its first row; with
 * rules around the cells (none under a merged cell), or, with `rules: false`, none.
 */
export function toPdf(blocks: readonly Block[], { rules = true }: { rules?: boolean } = {}): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: "A4", layout: "landscape", margin: 36 });
  const chunks: Uint8Array[] = [];
  doc.on("data", (c: Uint8Array) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve) =>
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks)))),
  );
  doc.font(CJK_FONT, "NotoSansCJKsc-Regular");
  const left = 36;
  const width = doc.page.width - 72;
  const bottom = doc.page.height - 36;
  for (const b of blocks) {
    if (b.kind === "p") {
      // Runs of spaces as no-break spaces: a word processor keeps them, pdfkit's wrapping would not.
      doc.fontSize(10).text(
        b.text.replace(/ {2,}/g, (m) => "\u00a0".repeat(m.length)),
        left,
        doc.y,
        { width },
      );
      continue;
    }
    const weights = columnWeights(b.rows);
    const total = weights.reduce((a, n) => a + n, 0);
    const widths = weights.map((w) => (width * w) / total);
    const pad = 4;
    doc.fontSize(9).lineWidth(0.5);
    let y = doc.y + 4;
    b.rows.forEach((row, r) => {
      const texts = widths.map((_, c) => row[c] ?? "");
      const height =
        Math.max(9, ...texts.map((t, c) => (t === "" ? 0 : doc.heightOfString(t, { width: widths[c]! - 2 * pad })))) +
        2 * pad;
      if (y + height > bottom) {
        doc.addPage();
        y = 36;
      }
      let x = left;
      texts.forEach((t, c) => {
        const w = widths[c]!;
        // A cell continuing a merged cell has no rule above it.
        const continues = b.merged.includes(c) && t === "" && r > 0;
        if (rules && !continues)
          doc
            .moveTo(x, y)
            .lineTo(x + w, y)
            .stroke();
        if (rules)
          doc
            .moveTo(x, y)
            .lineTo(x, y + height)
            .stroke();
        if (t !== "") doc.text(t, x + pad, y + pad, { width: w - 2 * pad });
        x += w;
      });
      if (rules)
        doc
          .moveTo(x, y)
          .lineTo(x, y + height)
          .stroke();
      y += height;
    });
    if (rules)
      doc
        .moveTo(left, y)
        .lineTo(left + width, y)
        .stroke();
    doc.text("", left, y + 9);
  }
  doc.end();
  return done;
}

/**
 * Saves a .docx as an old Word file (.doc) with LibreOffice, as an office's older copies are:
 * headless, in a temporary directory with a profile of its own, removed afterwards.
 */
export async function docxToDoc(docx: Uint8Array, soffice: string): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), "reform-fixture-"));
  try {
    await writeFile(join(dir, "fixture.docx"), docx);
    await promisify(execFile)(
      soffice,
      [
        "--headless",
        "--norestore",
        `-env:UserInstallation=${pathToFileURL(join(dir, "profile")).href}`,
        "--convert-to",
        "doc:MS Word 97",
        "--outdir",
        dir,
        join(dir, "fixture.docx"),
      ],
      { timeout: 120_000 },
    );
    return new Uint8Array(await readFile(join(dir, "fixture.doc")));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
