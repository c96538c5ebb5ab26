/**
 * A small hand-built ledger for the read-model tests (query, bulletin, privacy): two plans, sections
 * with tasks led and cooperated on by three units, people with phone numbers, an indicator with
 * measurements, and a history of reports and transitions up to 2020-06-30.
 */
import { type Actor, Ledger, LedgerEvent, type Task } from "../../src/index.ts";

const base = { path: [] as string[], text: "", order: 0, people: [], targets: [], themes: [] as string[] };
const resp = (lead: string, ...cooperating: string[]): Task["responsibility"] => ({
  rule: "explicit",
  text: "",
  assignments: [
    { unit: lead, unitId: `id-${lead}`, kind: "department", role: "lead", primary: true },
    ...cooperating.map((u) => ({ unit: u, kind: "department" as const, role: "cooperating" as const, primary: false })),
  ],
});
const due = (date: string) => ({ kind: "due" as const, text: `${date}前`, due: date, precision: "day" as const });

export const PHONE = "18643190215";

const rawTasksA = [
  { ...base, planId: "A", id: "A.1", kind: "section", path: ["一"], title: "一、医疗" },
  {
    ...base,
    planId: "A",
    id: "A.1.1",
    parentId: "A.1",
    kind: "task",
    path: ["一", "1."],
    label: "1.",
    text: `组建医联体，联系人电话${PHONE}`,
    deadline: due("2020-03-31"),
    responsibility: resp("省卫健委", "省医保局"),
    themes: ["医联体"],
    people: [
      { name: "张力", role: "handler", contact: { phone: "13900001111" } },
      { name: "文日炫", role: "liaison", contact: { phone: PHONE } },
    ],
  },
  {
    ...base,
    planId: "A",
    id: "A.1.2",
    parentId: "A.1",
    kind: "task",
    path: ["一", "2."],
    label: "2.",
    title: "Drug Procurement",
    text: "药品集中采购",
    deadline: due("2020-05-31"),
    responsibility: resp("省医保局", "省卫健委"),
    people: [{ name: "李四", role: "handler", contact: { phone: "13700002222" } }],
  },
  {
    ...base,
    planId: "A",
    id: "A.1.3",
    parentId: "A.1",
    kind: "milestone",
    path: ["一", "3."],
    text: "年底前完成评估",
    deadline: due("2020-12-31"),
    responsibility: resp("省财政厅"),
  },
  { ...base, planId: "A", id: "A.2", kind: "section", path: ["二"], title: "二、医保" },
  {
    ...base,
    planId: "A",
    id: "A.2.1",
    parentId: "A.2",
    kind: "task",
    path: ["二", "1."],
    text: "医保支付方式改革",
    deadline: due("2020-01-31"),
    responsibility: resp("省医保局"),
    themes: ["医保"],
  },
];

const rawTasksB = [
  {
    ...base,
    planId: "B",
    id: "B.1",
    kind: "task",
    path: ["1."],
    text: "分级诊疗",
    deadline: due("2020-02-29"),
    responsibility: resp("省卫健委"),
  },
  {
    ...base,
    planId: "B",
    id: "B.2",
    kind: "task",
    path: ["2."],
    text: "持续推进",
    deadline: { kind: "ongoing", text: "持续推进" },
  },
];

export const ledgerA: Ledger = Ledger.parse({
  plan: { id: "A", title: "计划甲", region: { name: "吉林省", level: "province" } },
  tasks: rawTasksA,
  indicators: [
    {
      id: "ind-1",
      name: "医联体数量",
      unit: "个",
      direction: "higher",
      targets: [{ comparator: "gte", value: 50, unit: "个", text: "50个以上", span: [0, 5] }],
      responsible: "省卫健委",
    },
  ],
  units: [{ id: "id-省卫健委", name: "省卫健委", kind: "department", region: { name: "吉林省", level: "province" } }],
});
export const ledgerB: Ledger = Ledger.parse({ plan: { id: "B", title: "计划乙" }, tasks: rawTasksB });
export const tasksA: Task[] = ledgerA.tasks;
export const tasksB: Task[] = ledgerB.tasks;
export const indicator = ledgerA.indicators[0]!;

const reporter = (unit: string, name?: string): Actor => ({ role: "reporter", unit, ...(name ? { name } : {}) });
const supervisor: Actor = { role: "supervisor", name: "王督办" };

let n = 0;
const ev = (e: Record<string, unknown>): LedgerEvent => LedgerEvent.parse({ id: `e${++n}`, ...e });

export const events: LedgerEvent[] = [
  ev({
    taskId: "A.1.1",
    at: "2020-02-01T09:00:00+08:00",
    actor: reporter("省卫健委", "赵六"),
    type: "report",
    percent: 40,
    narrative: `请致电${PHONE}`,
    evidence: [],
  }),
  ev({
    taskId: "A.1.2",
    at: "2020-04-01T09:00:00+08:00",
    actor: reporter("省医保局"),
    type: "report",
    percent: 90,
    narrative: "",
    evidence: [],
  }),
  ev({
    taskId: "A.1.2",
    at: "2020-05-20T09:00:00+08:00",
    actor: reporter("省医保局"),
    type: "complete",
    narrative: "",
    evidence: [],
  }),
  ev({ taskId: "A.1.2", at: "2020-05-25T09:00:00+08:00", actor: supervisor, type: "close", reason: "" }),
  ev({
    taskId: "A.2.1",
    at: "2020-01-10T09:00:00+08:00",
    actor: reporter("省医保局"),
    type: "report",
    percent: 10,
    narrative: "",
    evidence: [],
  }),
  ev({
    taskId: "B.1",
    at: "2020-02-10T09:00:00+08:00",
    actor: reporter("省卫健委"),
    type: "report",
    percent: 20,
    narrative: "",
    evidence: [],
  }),
  ev({
    taskId: "A.1.3",
    at: "2020-07-10T09:00:00+08:00",
    actor: reporter("省财政厅"),
    type: "report",
    percent: 50,
    narrative: "",
    evidence: [],
  }),
  ev({
    type: "measurement",
    indicatorId: "ind-1",
    region: "吉林省",
    period: "2019",
    value: 60,
    at: "2020-03-01T09:00:00+08:00",
    actor: reporter("省卫健委"),
  }),
  ev({
    type: "measurement",
    indicatorId: "ind-1",
    region: "长春市",
    period: "2019",
    value: 30,
    at: "2020-03-02T09:00:00+08:00",
    actor: { role: "admin", name: "钱七" },
  }),
];

export const AS_OF = "2020-06-30";
export const allTasks: Task[] = [...tasksA, ...tasksB];
