import { Ledger } from "@reform/domain";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { exportCsv, exportXlsx, formatCsv, importCsv, importXlsx, parseCsv } from "../src/spreadsheet/index.ts";
import type { SpreadsheetImportResult } from "../src/spreadsheet/Workbook.ts";
import { seed000Ledger } from "./spreadsheetFixture.ts";

function ledgerOf(result: SpreadsheetImportResult): Ledger {
  if (!result.ok) throw new Error(`import failed: ${result.error.message}`);
  return result.ledger;
}

/** A CSV table typed by hand in 000's layout: merged section cells left empty, phones glued. */
const HAND_TABLE = [
  ["吉林省推广福建省和三明市医改经验深化医改工作任务施工图"],
  [
    "序号",
    "工作\n任务",
    "具体\n内容",
    "推进措施",
    "完成时限",
    "责任单位",
    "配合单位",
    "分管领导",
    "责任处室及负责人",
    "承办人及\n联系方式",
    "督办情况",
  ],
  [
    "1",
    "一、切实加强医改组织领导",
    "（一）调整医改领导小组组成人员",
    "1.省级医改领导小组组长由省长担任。",
    "2020年\n1月底前",
    "省医改领导小组\n秘书处",
    "",
    "张  力",
    "体制改革处\n文日炫",
    "李旭升\n18686530355",
    "已督办",
  ],
  [
    "2",
    "",
    "",
    "2.各地要参照省级医改领导小组组成模式，完成医改领导小组调整工作。",
    "2020年\n3月底前",
    "省医改领导小组秘书处",
    "",
    "张  力",
    "",
    "",
    "",
  ],
  [
    "3",
    "",
    "（二）强化政府责任",
    "1.各级财政要积极支持深化医改工作，到2020年财政投入增长10%以上。",
    "持续推进",
    "省财政厅",
    "省卫生健康委、省中医药局",
    "张志林",
    "社保处李  健",
    "李  健13578666688",
    "",
  ],
  [
    "4",
    "一、切实加强医改组织领导",
    "（二）强化政府责任",
    "2.卫生健康行政部门要加强医疗卫生行业综合监管。",
    "年底前",
    "省卫生健康委",
    "省中医药局",
    "",
    "",
    "",
    "",
  ],
  [
    "5",
    "二、加大药品耗材集中采购改革力度",
    "（三）执行国家药品集中采购",
    "1.按照国家部署执行药品集中采购。",
    "按国家部署",
    "省医保局",
    "",
    "",
    "",
    "",
    "",
  ],
];

describe("spreadsheet round trip (hand-built ledger from seed 000)", () => {
  it("XLSX export then import gives back the same ledger", async () => {
    const bytes = await exportXlsx(seed000Ledger);
    expect([...bytes.subarray(0, 2)]).toEqual([0x50, 0x4b]);
    const result = await importXlsx(bytes, { fileName: "ledger.xlsx" });
    expect(result.ok && result.layout).toBe("xlsx-ledger");
    expect(ledgerOf(result)).toEqual(seed000Ledger);
    expect(result.diagnostics).toEqual([]);
  });

  it("CSV export then import gives back the same ledger", () => {
    const csv = exportCsv(seed000Ledger);
    expect(csv.startsWith("\uFEFF#台账信息,项目,内容\r\n")).toBe(true);
    const result = importCsv(csv);
    expect(result.ok && result.layout).toBe("csv-ledger");
    expect(ledgerOf(result)).toEqual(seed000Ledger);
    expect(result.diagnostics).toEqual([]);
    // The same file as bytes (UTF-8 with BOM) reads the same.
    expect(ledgerOf(importCsv(new TextEncoder().encode(csv)))).toEqual(seed000Ledger);
  });

  it("writes 000's headers and readable cells", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await exportXlsx(seed000Ledger)) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["任务台账", "台账信息", "监测指标", "责任单位"]);
    const sheet = workbook.getWorksheet("任务台账")!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 13)).toEqual([
      "序号",
      "层级",
      "编号",
      "工作任务",
      "具体内容",
      "推进措施",
      "完成时限",
      "牵头部门",
      "配合部门",
      "牵头部门分管领导",
      "责任处室及负责人",
      "承办人及联系方式",
      "定期上报（反馈）联络员及联系方式",
    ]);
    expect(header).toContain("备注");
    expect(header).toContain("督办状态");
    const row = (n: number) => Object.fromEntries(header.map((h, i) => [h, sheet.getRow(n).getCell(i + 1).value]));
    const task = row(4);
    expect(task.推进措施).toContain("省级医改领导小组组长由省长担任");
    expect(task.完成时限).toBe("2020年\n1月底前");
    expect(task.截止日期).toBe("2020-01-31");
    expect(task.承办人及联系方式).toBe("李旭升 18686530355");
    expect(task.责任处室及负责人).toBe("体制改革处 文日炫");
    expect(row(7).配合部门).toBe("省卫生健康委（财务处）\n省中医药局");
    expect(row(2).工作任务).toBe("切实加强医改组织领导");
  });
});

describe("reading tables typed by hand", () => {
  const csv = formatCsv(HAND_TABLE);

  it("maps columns by header name, groups rows under carried-forward sections and keeps unknown columns", () => {
    const result = importCsv(csv, { fileName: "jilin.csv", issued: "2019-12-20" });
    const ledger = ledgerOf(result);
    expect(result.ok && result.layout).toBe("csv-table");
    expect(ledger.plan.title).toBe("吉林省推广福建省和三明市医改经验深化医改工作任务施工图");
    expect(ledger.plan.issuedOn).toBe("2019-12-20");
    const kinds = ledger.tasks.map((t) => `${t.kind}:${t.path.join("/")}`);
    expect(kinds).toEqual([
      "section:一",
      "subsection:一/（一）",
      "task:一/（一）/1.",
      "task:一/（一）/2.",
      "subsection:一/（二）",
      "task:一/（二）/1.",
      "task:一/（二）/2.",
      "section:二",
      "subsection:二/（三）",
      "task:二/（三）/1.",
    ]);
    const [first, second, , , fifth] = ledger.tasks.filter((t) => t.kind === "task");
    expect(first!.text).toBe("省级医改领导小组组长由省长担任。");
    expect(first!.deadline).toEqual({ kind: "due", text: "2020年\n1月底前", due: "2020-01-31", precision: "month" });
    expect(first!.responsibility?.assignments).toEqual([
      { unit: "省医改领导小组秘书处", kind: "leading-group", role: "lead", primary: false },
    ]);
    expect(first!.people).toEqual([
      { name: "张力", role: "leader", contact: {} },
      { name: "文日炫", role: "office-head", office: "体制改革处", contact: {} },
      { name: "李旭升", role: "handler", contact: { phone: "18686530355" } },
    ]);
    expect(first!.extra).toEqual({ 督办情况: "已督办" });
    expect(first!.line).toBe(3);
    expect(second!.parentId).toBe(first!.parentId);
    const finance = ledger.tasks.find((t) => t.text.startsWith("各级财政"))!;
    expect(finance.deadline?.kind).toBe("ongoing");
    expect(finance.responsibility?.assignments.map((a) => `${a.role}:${a.unit}`)).toEqual([
      "lead:省财政厅",
      "cooperating:省卫生健康委",
      "cooperating:省中医药局",
    ]);
    expect(finance.people.find((p) => p.role === "office-head")).toEqual({
      name: "李健",
      role: "office-head",
      office: "社保处",
      contact: {},
    });
    expect(finance.people.find((p) => p.role === "handler")?.contact.phone).toBe("13578666688");
    expect(finance.targets.map((t) => [t.comparator, t.value, t.unit])).toEqual([["increase", 10, "%"]]);
    // "年底前" takes the plan's year from --issued.
    expect(ledger.tasks.find((t) => t.text.startsWith("卫生健康"))?.deadline).toMatchObject({ due: "2019-12-31" });
    expect(fifth!.deadline).toEqual({ kind: "external", text: "按国家部署" });
  });

  it("reads the same table from GB18030 bytes", () => {
    const bytes = iconv.encode(csv, "gb18030");
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    const fromGb = ledgerOf(importCsv(new Uint8Array(bytes), { fileName: "jilin.csv", issued: "2019-12-20" }));
    const fromUtf8 = ledgerOf(importCsv(csv, { fileName: "jilin.csv", issued: "2019-12-20" }));
    expect(fromGb).toEqual(fromUtf8);
  });

  it("reads the same table from XLSX, in any column order", async () => {
    const order = [3, 0, 10, 4, 6, 5, 1, 2, 7, 8, 9];
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Sheet1");
    for (const row of HAND_TABLE) sheet.addRow(row.length === 1 ? row : order.map((i) => row[i]));
    const bytes = new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
    const fromXlsx = ledgerOf(await importXlsx(bytes, { fileName: "jilin.csv", issued: "2019-12-20" }));
    const fromCsv = ledgerOf(importCsv(csv, { fileName: "jilin.csv", issued: "2019-12-20" }));
    expect(fromXlsx.tasks).toEqual(fromCsv.tasks);
  });
});

describe("edits made in Excel", () => {
  it("an edited deadline cell is re-read from the cell and reported", () => {
    const rows = parseCsv(exportCsv(seed000Ledger).slice(1)).rows.map((r) => r.cells);
    const header = rows.find((r) => r[0] === "序号")!;
    const row = rows.find((r) => r[header.indexOf("任务ID")] === "s1.1.1")!;
    row[header.indexOf("完成时限")] = "2020年6月底前";
    row[header.indexOf("截止日期")] = "";
    row[header.indexOf("时限类型")] = "";
    const result = importCsv(formatCsv(rows));
    const task = ledgerOf(result).tasks.find((t) => t.id === "s1.1.1")!;
    expect(task.deadline).toEqual({ kind: "due", text: "2020年6月底前", due: "2020-06-30", precision: "month" });
    expect(result.diagnostics.map((d) => d.code)).toEqual(["cells-edited"]);
    const line = parseCsv(exportCsv(seed000Ledger).slice(1)).rows.find((r) => r.cells.includes("s1.1.1"))!.line;
    expect(result.diagnostics[0]).toMatchObject({ severity: "info", line });
    expect(result.diagnostics[0]!.message).toContain(`任务台账 第${line}行`);
    // Fields whose cells were not touched keep their exact values.
    expect(task.people).toEqual(seed000Ledger.tasks[2]!.people);
  });
});

describe("bad spreadsheets give diagnostics, never exceptions", () => {
  it("a table without task columns names the header row it found", () => {
    const result = importCsv(
      formatCsv([
        ["姓名", "电话"],
        ["张力", "18686530355"],
      ]),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe("missing-header");
    expect(result.diagnostics[0]).toMatchObject({ severity: "error", line: 1 });
    expect(result.diagnostics[0]!.message).toContain("姓名、电话");
  });

  it("an invalid date is reported with its row and column and the task is kept", () => {
    const result = importCsv(
      formatCsv([
        ["推进措施", "完成时限", "截止日期", "牵头部门"],
        ["完善财政投入机制", "2020年2月", "2020-02-30", "省财政厅"],
      ]),
    );
    const ledger = ledgerOf(result);
    expect(ledger.tasks[0]!.deadline).toEqual({
      kind: "unknown",
      text: "2020年2月",
      reason: "截止日期“2020-02-30”无效",
    });
    expect(result.diagnostics.filter((d) => d.severity !== "info")).toEqual([
      expect.objectContaining({ severity: "error", code: "date-invalid", line: 2, text: "2020-02-30" }),
    ]);
    expect(result.diagnostics[0]!.message).toContain("第2行 C列（截止日期）");
  });

  it("refuses files that are not XLSX", async () => {
    const text = await importXlsx(new TextEncoder().encode("序号,推进措施\n1,x"));
    expect(text.ok ? "" : text.error.code).toBe("not-xlsx");
    const xls = await importXlsx(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    expect(xls.ok ? "" : xls.error.code).toBe("xls-unsupported");
    const broken = await importXlsx(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]));
    expect(broken.ok ? "" : broken.error.code).toBe("xlsx-unreadable");
    expect((await importXlsx(new Uint8Array())).ok).toBe(false);
  });

  it("refuses binary CSV input and empty files", () => {
    const binary = importCsv(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]));
    expect(binary.ok ? "" : binary.error.code).toBe("binary");
    expect(importCsv("").ok).toBe(false);
    const headerOnly = importCsv("推进措施,牵头部门\r\n");
    expect(headerOnly.ok ? "" : headerOnly.error.code).toBe("empty");
  });

  it("stops at the row limit", async () => {
    const rows = [["推进措施", "牵头部门"], ...Array.from({ length: 30 }, (_, i) => [`任务${i}`, "省财政厅"])];
    const csv = importCsv(formatCsv(rows), { maxRows: 20 });
    expect(csv.ok ? "" : csv.error.code).toBe("too-many-rows");
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("任务台账").addRows(rows);
    const bytes = new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
    const xlsx = await importXlsx(bytes, { maxRows: 20 });
    expect(xlsx.ok ? "" : xlsx.error.message).toContain("31 行");
  });

  it("a damaged 结构化数据 cell is reported and the row is read from its cells", () => {
    const rows = parseCsv(exportCsv(seed000Ledger).slice(1)).rows.map((r) => r.cells);
    const header = rows.find((r) => r[0] === "序号")!;
    const row = rows.find((r) => r[header.indexOf("任务ID")] === "s1.2.1")!;
    row[header.indexOf("结构化数据")] = "{not json";
    const result = importCsv(formatCsv(rows));
    const task = ledgerOf(result).tasks.find((t) => t.id === "s1.2.1")!;
    expect(task.text).toBe(seed000Ledger.tasks[5]!.text);
    expect(task.deadline).toEqual({ kind: "ongoing", text: "持续推进" });
    expect(result.diagnostics.map((d) => d.code)).toContain("residue-invalid");
  });

  it("an unterminated quote is reported with the line it opened on", () => {
    const result = importCsv('推进措施,牵头部门\r\n完善机制,省财政厅\r\n"未闭合,省卫健委\r\n');
    expect(result.diagnostics).toContainEqual(expect.objectContaining({ code: "csv-unterminated-quote", line: 3 }));
    expect(ledgerOf(result).tasks).toHaveLength(2);
  });
});

describe("CSV format", () => {
  it("quotes fields per RFC 4180 and parses them back", () => {
    const rows = [["a,b", 'say "hi"', "two\nlines", " edge ", "plain", ""]];
    const text = formatCsv(rows);
    expect(text).toBe('"a,b","say ""hi""","two\nlines"," edge ",plain,\r\n');
    expect(parseCsv(text).rows).toEqual([{ cells: rows[0], line: 1 }]);
  });

  it("numbers records as Excel shows them: multi-line cells are one row, blank rows count", () => {
    const parsed = parseCsv('h1,h2\r\n"x\r\ny",1\r\n\r\nz,2\r\n');
    expect(parsed.rows.map((r) => r.line)).toEqual([1, 2, 4]);
  });
});

it("the fixture is a valid ledger", () => {
  expect(Ledger.safeParse(seed000Ledger).success).toBe(true);
});
