import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importDocument } from "../src/Import.ts";
import { LedgerJson, toLedgerJson } from "../src/LedgerJson.ts";
import { seed000Ledger } from "./spreadsheetFixture.ts";

describe("toLedgerJson", () => {
  const json = toLedgerJson({
    ledger: seed000Ledger,
    diagnostics: [
      { severity: "warning", code: "year-inferred", message: "no issue date; year 2019 inferred from the title" },
      { severity: "info", code: "deadline-unknown", line: 12, message: "x", text: "y" },
    ],
  });

  it("maps plan metadata, with the region as its name", () => {
    expect(json.plan).toEqual({
      id: "000-jilin",
      title: "吉林省推广福建省和三明市医改经验深化医改工作任务施工图",
      issuer: "吉林省深化医药卫生体制改革领导小组",
      region: "吉林省",
      year: 2019,
    });
  });

  it("maps subsections to sections and milestones to tasks, units to names", () => {
    expect(json.tasks.map((t) => t.kind)).toEqual(["section", "section", "task", "task", "section", "task", "task"]);
    const finance = json.tasks.find((t) => t.id === "s1.2.1")!;
    expect(finance.leads).toEqual(["省财政厅"]);
    expect(finance.cooperators).toEqual(["省卫生健康委", "省中医药局"]);
    expect(finance.deadline).toEqual({ kind: "ongoing", text: "持续推进" });
    expect(json.tasks[2]!.deadline).toEqual({ kind: "due", due: "2020-01-31", text: "2020年\n1月底前" });
    expect(json.tasks[0]).toMatchObject({ parentId: null, deadline: null, leads: [], path: ["一"] });
    expect(json.tasks[6]!.targets[0]).toMatchObject({ comparator: "gte", value: 90, unit: "%" });
  });

  it("keeps diagnostics as severity, line and message; no personal data", () => {
    expect(json.diagnostics).toEqual([
      {
        severity: "warning",
        code: "year-inferred",
        line: null,
        message: "no issue date; year 2019 inferred from the title",
      },
      { severity: "info", code: "deadline-unknown", line: 12, message: "x" },
    ]);
    expect(JSON.stringify(json)).not.toContain("18686530355");
  });

  it("validates against its schema, and the schema rejects a wrong kind", () => {
    expect(LedgerJson.parse(json)).toEqual(json);
    const bad = { ...json, tasks: [{ ...json.tasks[0]!, kind: "subsection" }] };
    expect(LedgerJson.safeParse(bad).success).toBe(false);
  });
});

it("the JSON of seed 001 has its 17 tasks with leads and the 4 indicators", () => {
  const file = join(import.meta.dirname, "../../../seeds/001_1bcf024aac55a25f.txt");
  const result = importDocument(readFileSync(file), { fileName: "001.txt" });
  expect(result.ok).toBe(true);
  if (!result.ok) return;
  const json = LedgerJson.parse(toLedgerJson(result));
  expect(json.plan.docNumber).toBe("晋医改组发〔2019〕1号");
  expect(json.plan.region).toBe("山西省");
  expect(json.indicators).toHaveLength(4);
  const numbered = json.tasks.filter((t) => t.kind === "task" && t.leads.length > 0);
  expect(numbered.length).toBeGreaterThanOrEqual(17);
  // JSON text round-trips through JSON.stringify/parse unchanged.
  expect(JSON.parse(JSON.stringify(json))).toEqual(json);
});
