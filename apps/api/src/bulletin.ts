/**
 * Renderers of the domain's bulletin model (`buildBulletin` in `@reform/domain`): Markdown, printable
 * HTML and XLSX. They add no rule of their own — what is listed, in what order and whom to call are
 * the domain's. Exported as `@reform/api/bulletin` so the command line renders the same files.
 */
import { type Bulletin, type BulletinItem, type BulletinRanked, DEMO_LABEL, WORDS_ZH } from "@reform/domain";
import ExcelJS from "exceljs";

export type { Bulletin, BulletinItem } from "@reform/domain";

/** The ledger's words (the same on every front end). */
const W = WORDS_ZH;
const pct = (r: number | null) => (r === null ? "—" : `${Math.round(r * 1000) / 10}%`);
const RANK_HEAD = [
  "名次",
  "地区",
  "责任单位",
  "牵头任务",
  W.status.completed,
  W.timeliness["completed-on-time"],
  W.timeliness.overdue,
  "逾期天数",
  `${W.timeliness["completed-on-time"]}率`,
];
const rankRow = (r: BulletinRanked) => [
  String(r.rank),
  r.region ?? "—",
  r.scorecard.unit,
  String(r.scorecard.led),
  String(r.scorecard.completed),
  String(r.scorecard.completedOnTime),
  String(r.scorecard.overdue),
  String(r.scorecard.overdueDaysTotal),
  pct(r.scorecard.onTimeRate),
];
const ITEM_HEAD = ["计划", "编号", "任务", "牵头单位", "完成时限", "逾期天数", "进度", "最近报告", "联系人"];
const itemRow = (x: BulletinItem) => [
  x.planTitle,
  x.label,
  x.title,
  x.leads.join("、"),
  x.due ?? "—",
  String(x.daysOverdue),
  `${Math.round(x.percent)}%`,
  x.lastReportOn ?? "—",
  x.contact ?? "—",
];
const indicatorRows = (b: Bulletin) =>
  b.indicators.flatMap((p) =>
    p.rows.flatMap((row) =>
      row.cells.map((cell) => [
        row.indicator.name,
        cell.region,
        cell.period ?? "—",
        cell.value === undefined ? "—" : `${cell.value}${row.indicator.unit}`,
        cell.target?.text ?? "—",
        { met: "达标", "not-met": "未达标", "no-data": "无数据", "no-target": "无目标" }[cell.status],
      ]),
    ),
  );
const INDICATOR_HEAD = ["指标", "地区", "期间", "数值", "目标", "达标情况"];

function overview(b: Bulletin): string[] {
  const s = b.summary;
  return [
    `统计截至 ${b.asOf}，共 ${s.items} 项任务：${W.status.completed} ${s.byStatus.completed} 项，${W.status.closed} ${s.byStatus.closed} 项，${W.status["in-progress"]} ${s.byStatus["in-progress"]} 项，${W.status["not-started"]} ${s.byStatus["not-started"]} 项。`,
    `${W.timeliness.overdue} ${s.byTimeliness.overdue} 项（累计 ${s.overdueDaysTotal} 天），${W.timeliness["due-soon"]} ${s.dueSoon} 项，${W.timeliness.stale} ${s.byTimeliness.stale} 项；总体进度 ${Math.round(s.percent)}%。`,
  ];
}

const DEMO_NOTE = `注意：本台账含${DEMO_LABEL}，不代表真实进展。`;

/**
 * Text for Markdown: raw HTML in task texts (`<script>…`) is escaped as in the HTML rendering, so
 * a Markdown viewer shows it instead of running it.
 */
const mdText = (s: string) => s.replace(/[&<>]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[ch] ?? ch);

/** Markdown rendering. */
export function bulletinMarkdown(b: Bulletin): string {
  const cell = (s: string) => mdText(s).replace(/\|/g, "\\|").replace(/\n/g, " ");
  const table = (head: string[], rows: string[][]) =>
    [
      `| ${head.join(" | ")} |`,
      `|${head.map(() => " --- ").join("|")}|`,
      ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
    ].join("\n");
  return [
    `# ${mdText(b.title)}`,
    ...(b.demo ? [`> ${DEMO_NOTE}`] : []),
    `计划：${mdText(b.plans.map((p) => p.title).join("；"))}`,
    ...overview(b),
    "## 责任单位排名",
    table(RANK_HEAD, b.ranking.map(rankRow)),
    `## 逾期任务（${b.overdue.length}）`,
    b.overdue.length ? table(ITEM_HEAD, b.overdue.map(itemRow)) : "无。",
    `## 未按期报送进展（${b.stale.length}）`,
    b.stale.length ? table(ITEM_HEAD, b.stale.map(itemRow)) : "无。",
    ...(b.indicators.length ? ["## 监测指标", table(INDICATOR_HEAD, indicatorRows(b))] : []),
    "",
  ].join("\n\n");
}

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch);

/** Printable HTML rendering (no scripts, inline print styles only). */
export function bulletinHtml(b: Bulletin): string {
  const table = (head: string[], rows: string[][]) =>
    `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows
      .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`)
      .join("")}</tbody></table>`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(b.title)}</title>
<style>
body{font-family:"Songti SC","SimSun",serif;max-width:60rem;margin:2rem auto;line-height:1.6}
h1{text-align:center;font-size:1.6rem}table{border-collapse:collapse;width:100%;margin:1rem 0;font-size:.9rem}
th,td{border:1px solid #444;padding:.25rem .4rem;vertical-align:top}th{background:#eee}
.demo{border:2px solid #c00;color:#c00;padding:.5rem;font-weight:bold}
@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}tr{page-break-inside:avoid}}
</style></head><body>
<h1>${esc(b.title)}</h1>
${b.demo ? `<p class="demo">${esc(DEMO_NOTE)}</p>` : ""}
<p>计划：${esc(b.plans.map((p) => p.title).join("；"))}</p>
${overview(b)
  .map((p) => `<p>${esc(p)}</p>`)
  .join("\n")}
<h2>责任单位排名</h2>
${table(RANK_HEAD, b.ranking.map(rankRow))}
<h2>逾期任务（${b.overdue.length}）</h2>
${b.overdue.length ? table(ITEM_HEAD, b.overdue.map(itemRow)) : "<p>无。</p>"}
<h2>未按期报送进展（${b.stale.length}）</h2>
${b.stale.length ? table(ITEM_HEAD, b.stale.map(itemRow)) : "<p>无。</p>"}
${b.indicators.length ? `<h2>监测指标</h2>\n${table(INDICATOR_HEAD, indicatorRows(b))}` : ""}
</body></html>
`;
}

/** XLSX rendering: one sheet per section. */
export async function bulletinXlsx(b: Bulletin): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Reform Ledger";
  const sheet = (name: string, head: string[], rows: string[][]) => {
    const ws = wb.addWorksheet(name);
    ws.addRow(head).font = { bold: true };
    for (const r of rows) ws.addRow(r);
    ws.columns.forEach((col) => {
      col.width = 16;
    });
  };
  sheet(
    "概况",
    ["通报", "截至"],
    [[b.title, b.asOf], ...(b.demo ? [[DEMO_NOTE, ""]] : []), ...overview(b).map((p) => [p, ""])],
  );
  sheet("排名", RANK_HEAD, b.ranking.map(rankRow));
  sheet("逾期任务", ITEM_HEAD, b.overdue.map(itemRow));
  sheet("未按期报送", ITEM_HEAD, b.stale.map(itemRow));
  if (b.indicators.length) sheet("监测指标", INDICATOR_HEAD, indicatorRows(b));
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
