/**
 * Every distinct deadline phrase of the four seed documents, with its expected reading written
 * out by hand, plus checks that the tables really cover the seeds' deadline columns and clauses.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type Deadline, type DeadlineContext, extractMilestones, type Milestone, parseDeadline } from "../src/index.ts";

const seed = (name: string): string => readFileSync(new URL(`../../../seeds/${name}.txt`, import.meta.url), "utf8");

const S000 = seed("000_c83e502a6d759c52");
const S001 = seed("001_1bcf024aac55a25f");
const S002 = seed("002_84b7797c4af70c34");
const S003 = seed("003_d2b59fd790b2730b");

/** 000 carries no issue date; its plan year is 2019 (late 2019), and its deadlines all name a year. */
const CTX_000: DeadlineContext = { year: 2019 };
const CTX_001: DeadlineContext = { year: 2019, issuedOn: "2019-12-26" };
const CTX_002: DeadlineContext = { year: 2017, issuedOn: "2017-09-14" };
const CTX_003: DeadlineContext = { year: 2017, issuedOn: "2017-06-08" };

type Expected = Omit<Deadline, "text"> & Record<string, unknown>;

function checkTable(context: DeadlineContext, table: ReadonlyArray<readonly [string, Expected]>): void {
  it.each(table)("%j", (text, expected) => {
    expect(parseDeadline(text, context)).toEqual({ ...expected, text });
  });
}

/** The seed's table cells: a cell starts with a tab at the start of a line and runs to the next. */
function cells000(): string[] {
  const cells: string[] = [];
  for (const line of S000.split("\n")) {
    if (line.startsWith("\t") || cells.length === 0) cells.push(line.slice(line.startsWith("\t") ? 1 : 0));
    else cells[cells.length - 1] += `\n${line}`;
  }
  return cells;
}

describe("000 (Jilin 施工图): the 完成时限 column", () => {
  const table: Array<[string, Expected]> = [
    ["2020年\n1月底前", { kind: "due", due: "2020-01-31", precision: "month" }],
    ["2020年\n2月底前", { kind: "due", due: "2020-02-29", precision: "month" }],
    [" 2020年\n2月底前", { kind: "due", due: "2020-02-29", precision: "month" }],
    ["2020年\n3月底前", { kind: "due", due: "2020-03-31", precision: "month" }],
    ["2019年底前", { kind: "due", due: "2019-12-31", precision: "year" }],
    ["2019年底前 ", { kind: "due", due: "2019-12-31", precision: "year" }],
    ["2020年底前", { kind: "due", due: "2020-12-31", precision: "year" }],
    ["2020年底前 ", { kind: "due", due: "2020-12-31", precision: "year" }],
    ["2022年底前 ", { kind: "due", due: "2022-12-31", precision: "year" }],
    ["持续推进", { kind: "ongoing" }],
  ];
  checkTable(CTX_000, table);

  it("covers the deadline cell of every numbered 推进措施 row, and each phrase is in the seed", () => {
    const cells = cells000();
    const deadlines = new Set<string>();
    cells.forEach((cell, i) => {
      if (/^\d+\./.test(cell) && cells[i + 1] !== undefined) deadlines.add(cells[i + 1]!);
    });
    expect(deadlines.size).toBe(table.length);
    expect([...deadlines].sort()).toEqual(table.map(([t]) => t).sort());
    for (const [text] of table) expect(S000).toContain(text);
  });

  it("needs no plan year: the same readings come out without context", () => {
    for (const [text, expected] of table) expect(parseDeadline(text)).toEqual({ ...expected, text });
  });
});

describe("001 (Shanxi plan): the annex 完成时限 column", () => {
  const table: Array<[string, Expected]> = [
    ["2019年12月底前", { kind: "due", due: "2019-12-31", precision: "month" }],
    ["2020年", { kind: "due", due: "2020-12-31", precision: "year" }],
    ["2020-2022年每年", { kind: "recurring", frequency: "yearly", month: 12, fromYear: 2020, toYear: 2022 }],
    ["持续推进", { kind: "ongoing" }],
    ["2020年2月底前", { kind: "due", due: "2020-02-29", precision: "month" }],
    ["按照国家要求完成", { kind: "external" }],
    ["每年2月底前", { kind: "recurring", frequency: "yearly", month: 2 }],
  ];
  checkTable(CTX_001, table);

  it("covers every row of the annex", () => {
    const column = S001.split("\n")
      .map((line) => line.split("\t"))
      .filter((fields) => fields.length === 4 && /^\d+$/.test(fields[0]!))
      .map((fields) => fields[3]!);
    expect(column).toHaveLength(20);
    expect([...new Set(column)].sort()).toEqual(table.map(([t]) => t).sort());
  });
});

describe("001 (Shanxi plan): deadline phrases in the prose", () => {
  const table: Array<[string, Expected]> = [
    ["2020—2022年，每年", { kind: "recurring", frequency: "yearly", month: 12, fromYear: 2020, toYear: 2022 }],
    ["按照国家部署要求", { kind: "external" }],
    ["到2022年", { kind: "due", due: "2022-12-31", precision: "year" }],
    ["从 2020 年起", { kind: "starts", start: "2020-01-01", precision: "year" }],
    ["每年 2 月份", { kind: "recurring", frequency: "yearly", month: 2 }],
    ["2020 年 1 月底前", { kind: "due", due: "2020-01-31", precision: "month" }],
  ];
  checkTable(CTX_001, table);

  it("takes the phrases from the seed", () => {
    for (const [text] of table) expect(S001).toContain(text);
  });

  it("finds the dated steps of the prose, and not the meeting date or the recurring and start phrases", () => {
    const lines = S001.split("\n");
    const find = (prefix: string): string => lines.find((l) => l.startsWith(prefix))!;
    expect(extractMilestones(find("17. "), CTX_001)).toEqual<Milestone[]>([
      { due: "2022-12-31", precision: "year", text: "到2022年", what: "力争基本实现县办中医医疗机构全覆盖" },
    ]);
    expect(extractMilestones(find("2020 年 1 月底前"), CTX_001)).toEqual<Milestone[]>([
      {
        due: "2020-01-31",
        precision: "month",
        text: "2020 年 1 月底前",
        what: "各市要结合实际制定推广福建省和三明市医改经验、推动本地医改重点突破的具体方案",
      },
    ]);
    // "全面落实2019年11月18日全省医改工作电视电话会议精神" names a date, not a deadline.
    expect(extractMilestones(find("14. "), CTX_001)).toEqual([]);
    // "2020—2022年，每年组织进行调价评估" recurs; "从 2020 年起" and "每年 2 月份" are not steps.
    expect(extractMilestones(find("7. "), CTX_001)).toEqual([]);
    expect(extractMilestones(find("从 2020 年起"), CTX_001)).toEqual([]);
  });
});

describe("002 (Pingxiang key tasks): the clauses ending a task", () => {
  const table: Array<[string, Expected]> = [
    ["2017年10月底前完成", { kind: "due", due: "2017-10-31", precision: "month" }],
    ["2017年9月底前完成", { kind: "due", due: "2017-09-30", precision: "month" }],
    ["已完成", { kind: "done" }],
  ];
  checkTable(CTX_002, table);

  it("covers every deadline in a '(…负责,X)' clause", () => {
    const found = new Set<string>();
    for (const m of S002.matchAll(/\(([^()]*)\)/g)) {
      const last = m[1]!.split(",").at(-1)!.trim();
      if (last.endsWith("完成")) found.add(last);
    }
    expect([...found].sort()).toEqual(table.map(([t]) => t).sort());
  });

  it("reads a whole clause, keeping it verbatim", () => {
    expect(parseDeadline("市卫计委负责,2017年10月底前完成", CTX_002)).toEqual({
      kind: "due",
      text: "市卫计委负责,2017年10月底前完成",
      due: "2017-10-31",
      precision: "month",
    });
    expect(parseDeadline("市卫计委负责,已完成", CTX_002)).toEqual({ kind: "done", text: "市卫计委负责,已完成" });
  });
});

describe("002 (Pingxiang key tasks): the annex 工作目标 phrases, in the plan's year", () => {
  const table: Array<[string, Expected]> = [
    ["9月底前", { kind: "due", due: "2017-09-30", precision: "month" }],
    ["10月底前", { kind: "due", due: "2017-10-31", precision: "month" }],
    ["11月底前", { kind: "due", due: "2017-11-30", precision: "month" }],
    ["年底前", { kind: "due", due: "2017-12-31", precision: "year" }],
    ["年内", { kind: "due", due: "2017-12-31", precision: "year" }],
    ["9月份", { kind: "due", due: "2017-09-30", precision: "month" }],
  ];
  checkTable(CTX_002, table);

  it("takes the phrases from the seed", () => {
    for (const [text] of table) expect(S002).toContain(text);
  });

  it("keeps the two steps of the first goal as milestones", () => {
    const goal = "9月底前,出台推进医联体建设工作方案,年内至少建成一个有明显成效的医联体。";
    expect(S002).toContain(goal);
    expect(parseDeadline(goal, CTX_002)).toEqual({
      kind: "milestones",
      text: goal,
      due: "2017-12-31",
      milestones: [
        { due: "2017-09-30", precision: "month", text: "9月底前", what: "出台推进医联体建设工作方案" },
        { due: "2017-12-31", precision: "year", text: "年内", what: "至少建成一个有明显成效的医联体" },
      ],
    });
  });

  it("reads the other goals of the annex", () => {
    const cases: Array<[string, Milestone[]]> = [
      [
        "年底前,完成基本医保的全国联网,实现符合转诊规定的异地就医直接结算。",
        [{ due: "2017-12-31", precision: "year", text: "年底前", what: "完成基本医保的全国联网" }],
      ],
      [
        "9月份,制定萍乡市公立医疗机构药品采购 “两票制”实施措施。",
        [
          {
            due: "2017-09-30",
            precision: "month",
            text: "9月份",
            what: "制定萍乡市公立医疗机构药品采购 “两票制”实施措施",
          },
        ],
      ],
      [
        "11月底前,对 “两票制”、药品集中采购情况开展评估。市医改办\u00a0国务院、省医改办到点验收,定期通报,年底前对各地推行“两票制”、药品集中采购情况开展评估。",
        [
          { due: "2017-11-30", precision: "month", text: "11月底前", what: "对 “两票制”、药品集中采购情况开展评估" },
          {
            due: "2017-12-31",
            precision: "year",
            text: "年底前",
            what: "对各地推行“两票制”、药品集中采购情况开展评估",
          },
        ],
      ],
      [
        "推广医保智能监控,年底前覆盖大多数医保统筹地区。",
        [{ due: "2017-12-31", precision: "year", text: "年底前", what: "覆盖大多数医保统筹地区" }],
      ],
      [
        "年内签约服务覆盖率达到30%,重点人群达到60%以上。",
        [{ due: "2017-12-31", precision: "year", text: "年内", what: "签约服务覆盖率达到30%" }],
      ],
    ];
    for (const [text, expected] of cases) {
      expect(S002).toContain(text);
      expect(extractMilestones(text, CTX_002)).toEqual(expected);
    }
  });
});

describe("002 (Pingxiang key tasks): dated targets inside task text", () => {
  const task = (n: number): string => S002.split("\n").find((l) => l.trimStart().startsWith(`${n}.`))!;
  const cases: Array<[number, Milestone[]]> = [
    [12, [{ due: "2017-12-31", precision: "year", text: "2017年", what: "签约服务覆盖率达到30%" }]],
    [13, [{ due: "2017-12-31", precision: "year", text: "年底前", what: "全市至少建成一个有明显成效的医疗联合体" }]],
    [
      20,
      [
        {
          due: "2017-12-31",
          precision: "year",
          text: "2017年",
          what: "城市公立医院药占比(不含中药饮片)总体降到30%左右",
        },
      ],
    ],
    [
      23,
      [
        {
          due: "2017-12-31",
          precision: "year",
          text: "年内",
          what: "公立医院诊疗费、护理费、手术费等医疗服务收入(不含药品、卫生材料、检查、化验收入)占医疗收入的比例达到35%以上",
        },
      ],
    ],
    [
      26,
      [{ due: "2017-12-31", precision: "year", text: "2017年", what: "全市公立医院医疗费用平均增长幅度控制在10%以下" }],
    ],
    [29, [{ due: "2017-12-31", precision: "year", text: "2017年", what: "实行按病种付费病种不少于100个" }]],
    [
      32,
      [
        {
          due: "2017-12-31",
          precision: "year",
          text: "年内",
          what: "城市公立医院实施临床路径管理的病例数达到出院病例数的30%以上",
        },
      ],
    ],
    [47, [{ due: "2017-12-31", precision: "year", text: "年内", what: "所有三级公立医院设置总会计师岗位" }]],
    [55, [{ due: "2017-12-31", precision: "year", text: "2017年", what: "实现与省、县人口健康信息平台互联互通" }]],
    // The deadline sits in the closing clause; the milestone has nothing more to say than 完成.
    [2, [{ due: "2017-10-31", precision: "month", text: "2017年10月底前" }]],
    // "(2017-2020年)" names the plan's period, a window, not a step; "2017年9月底前" is the deadline.
    [3, []],
    [9, [{ due: "2017-09-30", precision: "month", text: "2017年9月底前" }]],
    // "持续推进" opens a task title; "按照国家部署" starts a task: neither is a dated step.
    [31, []],
    [63, []],
  ];
  it.each(cases)("task %i", (n, expected) => {
    expect(extractMilestones(task(n), CTX_002)).toEqual(expected);
  });
});

describe("003 (Harbin plan): deadline phrases in the prose", () => {
  const table: Array<[string, Expected]> = [
    ["自2017年8月1日起", { kind: "starts", start: "2017-08-01", precision: "day" }],
    ["自2017年9月1日起", { kind: "starts", start: "2017-09-01", precision: "day" }],
    ["到2017年年底", { kind: "due", due: "2017-12-31", precision: "year" }],
    ["到2017年年底前", { kind: "due", due: "2017-12-31", precision: "year" }],
    ["2017年年底前", { kind: "due", due: "2017-12-31", precision: "year" }],
    ["2017年8月底前", { kind: "due", due: "2017-08-31", precision: "month" }],
    ["到2020年", { kind: "due", due: "2020-12-31", precision: "year" }],
    ["按照国家和省统一部署", { kind: "external" }],
  ];
  checkTable(CTX_003, table);

  it("takes the phrases from the seed", () => {
    for (const [text] of table) expect(S003).toContain(text);
  });

  // Principles and tasks are both numbered from 1, so tasks are found by their title.
  const task = (title: string): string => S003.split("\n").find((l) => l.trimStart().startsWith(title))!;
  const cases: Array<[string, Milestone[]]> = [
    [
      "2.理顺医疗服务价格",
      [{ due: "2017-12-31", precision: "year", text: "到2017年年底前", what: "全市实行按病种收费的病种不少于100个" }],
    ],
    // "自2017年9月1日起" starts the 两票制; only the August deadline is a step.
    [
      "3.降低药品和医用耗材费用",
      [{ due: "2017-08-31", precision: "month", text: "2017年8月底前", what: "推行6大类高值医用耗材挂网采购" }],
    ],
    [
      "7.完善异地就医结算机制",
      [{ due: "2017-12-31", precision: "year", text: "2017年年底前", what: "推进医保全国联网" }],
    ],
    [
      "12.加强公立医院精细化管理",
      [{ due: "2017-12-31", precision: "year", text: "2017年", what: "全市公立医院医疗费用平均增长幅度控制在10%以下" }],
    ],
    [
      "17.组建医疗联合体",
      [{ due: "2017-12-31", precision: "year", text: "2017年年底前", what: "全市组建50个以上医疗联合体" }],
    ],
    [
      "18.推进家庭医生签约服务",
      [
        { due: "2017-12-31", precision: "year", text: "到2017年年底", what: "医生签约服务覆盖率要达到30%以上" },
        { due: "2020-12-31", precision: "year", text: "到2020年", what: "签约服务扩大到全人群" },
      ],
    ],
    [
      "21.发展和规范社会办医",
      [
        {
          due: "2020-12-31",
          precision: "year",
          text: "到2020年",
          what: "按照每千常住人口不低于1.5张床位为社会办医院预留规划空间",
        },
      ],
    ],
    [
      "24.加快全民健康信息化建设",
      [{ due: "2017-12-31", precision: "year", text: "2017年年底前", what: "医保智能监控覆盖大多数医保统筹区域" }],
    ],
  ];
  it.each(cases)("task %s", (title, expected) => {
    expect(extractMilestones(task(title), CTX_003)).toEqual(expected);
  });

  it("does not take a year that qualifies a noun for a deadline", () => {
    const text = "2017年启动实施综合改革的公立医院,补偿额按2016年度药品费的15%测算,确保公立医院良性运行和发展。";
    expect(S003).toContain(text);
    expect(extractMilestones(text, CTX_003)).toEqual([]);
  });

  it("reads the opening goal sentence", () => {
    const goal = S003.split("\n").find((l) => l.trimStart().startsWith("到2017年年底,"))!;
    expect(extractMilestones(goal, CTX_003)).toEqual([
      {
        due: "2017-12-31",
        precision: "year",
        text: "到2017年年底",
        what: "初步建立符合我市实际的公立医院运行新机制和医疗服务体系",
      },
    ]);
  });
});

describe("000 (Jilin 施工图): dated steps inside 推进措施 cells", () => {
  it.each<[string, Milestone[]]>([
    [
      "4.2020年底前，卫生健康行政部门全面建立重点药品监控机制。",
      [{ due: "2020-12-31", precision: "year", text: "2020年底前", what: "卫生健康行政部门全面建立重点药品监控机制" }],
    ],
    [
      "2.加强16个国家级紧密型县域医共体试点建设。到2020年底，",
      [{ due: "2020-12-31", precision: "year", text: "到2020年底" }],
    ],
    [
      "2.2020年3月底前，各市（州）要结合实际，",
      [{ due: "2020-03-31", precision: "month", text: "2020年3月底前", what: "各市（州）要结合实际" }],
    ],
  ])("%j", (text, expected) => {
    expect(S000).toContain(text);
    expect(extractMilestones(text, CTX_000)).toEqual(expected);
  });
});
