/**
 * A page saved from a government site (.html) as the text the document importer reads: block
 * elements become lines, a `<table>` becomes one line per row with its cells separated by tabs
 * (a cell merged over rows or columns leaves empty cells where it continues, as a Word table
 * exported as text does). Scripts, styles and the page's head are left out. Parsed with parse5,
 * a conforming HTML parser, so broken markup reads as a browser would read it.
 */
import { type DefaultTreeAdapterMap, parse } from "parse5";

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];

const SKIP = new Set(["head", "script", "style", "noscript", "template", "svg", "iframe", "object", "select"]);
const BLOCK = new Set([
  "p",
  "div",
  "section",
  "article",
  "header",
  "footer",
  "main",
  "nav",
  "aside",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "li",
  "ul",
  "ol",
  "dl",
  "dt",
  "dd",
  "blockquote",
  "pre",
  "address",
  "figure",
  "figcaption",
  "form",
  "fieldset",
  "hr",
  "center",
  "caption",
]);

function isElement(node: Node): node is Element {
  return "tagName" in node;
}

function attr(el: Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

function span(el: Element, name: string): number {
  const n = Number.parseInt(attr(el, name) ?? "1", 10);
  return Number.isFinite(n) && n > 1 ? Math.min(n, 100) : 1;
}

/** Text of a cell or an inline run: whitespace collapsed, line breaks inside a cell dropped. */
function inlineText(node: Node, out: string[]): void {
  if (node.nodeName === "#text") {
    out.push((node as DefaultTreeAdapterMap["textNode"]).value);
    return;
  }
  if (!isElement(node) || SKIP.has(node.tagName)) return;
  if (node.tagName === "br" || BLOCK.has(node.tagName)) out.push(" ");
  for (const child of node.childNodes) inlineText(child, out);
  if (BLOCK.has(node.tagName)) out.push(" ");
}

function cellText(cell: Element): string {
  const parts: string[] = [];
  for (const child of cell.childNodes) inlineText(child, parts);
  return parts
    .join("")
    .replace(/[\s\u00a0]+/g, " ")
    .replace(/(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])/g, "")
    .trim();
}

/** The rows of a table, each cell placed in its grid column (rowspan and colspan leave empty cells). */
function tableRows(table: Element): string[] {
  const rows: Element[] = [];
  const collect = (el: Element) => {
    for (const child of el.childNodes) {
      if (!isElement(child)) continue;
      if (child.tagName === "tr") rows.push(child);
      else if (child.tagName === "thead" || child.tagName === "tbody" || child.tagName === "tfoot") collect(child);
    }
  };
  collect(table);
  const pending = new Map<number, number>(); // column → rows its cell still covers
  const lines: string[] = [];
  for (const tr of rows) {
    const cells: string[] = [];
    let col = 0;
    const skipCovered = () => {
      while ((pending.get(col) ?? 0) > 0) {
        pending.set(col, pending.get(col)! - 1);
        cells.push("");
        col++;
      }
    };
    for (const td of tr.childNodes) {
      if (!isElement(td) || (td.tagName !== "td" && td.tagName !== "th")) continue;
      skipCovered();
      const rowspan = span(td, "rowspan");
      const colspan = span(td, "colspan");
      cells.push(cellText(td));
      for (let k = 0; k < colspan; k++) {
        if (rowspan > 1) pending.set(col + k, rowspan - 1);
        if (k > 0) cells.push("");
      }
      col += colspan;
    }
    skipCovered();
    if (cells.some((c) => c !== "")) lines.push(cells.join("\t"));
  }
  return lines;
}

/** Reads an HTML page into lines of text (see the module comment). */
export function htmlToText(html: string): string {
  const doc = parse(html);
  const lines: string[] = [];
  let current = "";
  const flush = () => {
    // Runs of no-break spaces are kept: pages use them to separate a flattened table's cells.
    const t = current.replace(/[ \t]+/g, " ").trim();
    if (t !== "") lines.push(t);
    current = "";
  };
  const walk = (node: Node) => {
    if (node.nodeName === "#text") {
      current += (node as DefaultTreeAdapterMap["textNode"]).value.replace(/[\r\n]+/g, " ");
      return;
    }
    if (!isElement(node)) {
      if ("childNodes" in node) for (const child of node.childNodes) walk(child);
      return;
    }
    if (SKIP.has(node.tagName)) return;
    if (node.tagName === "table") {
      flush();
      lines.push(...tableRows(node));
      return;
    }
    if (node.tagName === "br") {
      flush();
      return;
    }
    const block = BLOCK.has(node.tagName);
    if (block) flush();
    for (const child of node.childNodes) walk(child);
    if (block) flush();
  };
  walk(doc);
  flush();
  return lines.join("\n");
}
