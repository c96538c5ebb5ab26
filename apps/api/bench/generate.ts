/**
 * A generated ledger for the benchmark: 100,000 nodes (sections, subsections and tasks) with
 * deadlines of every common kind, leads and cooperators from 60 departments, and progress events
 * (reports, completions) accepted by the domain's rules. Deterministic.
 */
import type { Deadline, Ledger, LedgerEvent, Task } from "@reform/domain";
import { prng } from "../src/demo.ts";

export const PLAN_ID = "bench-plan";
const UNITS = Array.from({ length: 60 }, (_, i) => `省直部门${String(i + 1).padStart(2, "0")}`);

function deadline(i: number, rnd: () => number): Deadline {
  const r = rnd();
  if (r < 0.1) return { kind: "ongoing", text: "持续推进" };
  if (r < 0.15) return { kind: "recurring", text: "每年2月底前", frequency: "yearly", month: 2 };
  if (r < 0.18) return { kind: "external", text: "按国家部署推进" };
  const year = 2019 + Math.floor(rnd() * 3);
  const month = 1 + (i % 12);
  const due = `${year}-${String(month).padStart(2, "0")}-${month === 2 ? "28" : "30"}`;
  return { kind: "due", text: `${year}年${month}月底前`, due, precision: "month" };
}

/** A plan of `size` nodes and its events up to 2020-09-30. */
export function generate(size = 100_000, eventsWanted = 20_000): { ledger: Ledger; events: LedgerEvent[] } {
  const rnd = prng(100_000);
  const tasks: Task[] = [];
  const perSub = 48;
  let s = 0;
  while (tasks.length < size) {
    const sectionId = `${PLAN_ID}/${s + 1}`;
    tasks.push({
      id: sectionId,
      planId: PLAN_ID,
      parentId: null,
      kind: "section",
      path: [`${s + 1}`],
      text: `第${s + 1}部分`,
      order: s,
      people: [],
      targets: [],
      themes: [],
    });
    for (let u = 0; u < 20 && tasks.length < size; u++) {
      const subId = `${sectionId}/${u + 1}`;
      tasks.push({
        id: subId,
        planId: PLAN_ID,
        parentId: sectionId,
        kind: "subsection",
        path: [`${s + 1}`, `(${u + 1})`],
        text: `第${u + 1}项重点工作`,
        order: u,
        people: [],
        targets: [],
        themes: [],
      });
      for (let t = 0; t < perSub && tasks.length < size; t++) {
        const i = tasks.length;
        const lead = UNITS[i % UNITS.length]!;
        const coop = UNITS[(i * 7 + 3) % UNITS.length]!;
        tasks.push({
          id: `${subId}/${t + 1}`,
          planId: PLAN_ID,
          parentId: subId,
          kind: "task",
          path: [`${s + 1}`, `(${u + 1})`, `${t + 1}.`],
          label: `${t + 1}.`,
          text: `推进第${i}项改革任务，完善配套政策，加强督促落实。`,
          order: t,
          deadline: deadline(i, rnd),
          responsibility: {
            rule: "first-leads",
            text: `${lead}、${coop}`,
            assignments: [
              { unit: lead, kind: "department", role: "lead", primary: true },
              { unit: coop, kind: "department", role: "cooperating", primary: false },
            ],
          },
          people: [
            { name: "张三", role: "liaison", unit: lead, contact: { phone: `138${String(i).padStart(8, "0")}` } },
          ],
          targets: [],
          themes: [i % 3 === 0 ? "tiered-care" : "insurance-payment"],
        });
      }
    }
    s++;
  }
  const events: LedgerEvent[] = [];
  const leaves = tasks.filter((t) => t.kind === "task");
  for (let k = 0; events.length < eventsWanted && k < leaves.length; k++) {
    const task = leaves[Math.floor((k * 7919) % leaves.length)]!;
    const unit = task.responsibility!.assignments[0]!.unit;
    const actor = { role: "reporter" as const, unit, name: "bench" };
    const month = 1 + Math.floor(rnd() * 8);
    const day = `2020-${String(month).padStart(2, "0")}-15`;
    events.push({
      id: `r-${task.id}`,
      type: "report",
      taskId: task.id,
      at: `${day}T10:00:00+08:00`,
      actor,
      percent: 10 + Math.floor(rnd() * 80),
      narrative: "进展顺利",
      evidence: [],
    });
    if (rnd() < 0.3 && task.deadline?.kind === "due") {
      events.push({
        id: `c-${task.id}`,
        type: "complete",
        taskId: task.id,
        at: `2020-09-${String(1 + Math.floor(rnd() * 28)).padStart(2, "0")}T10:00:00+08:00`,
        actor,
        narrative: "已完成",
        evidence: [],
      });
    }
  }
  return {
    ledger: {
      plan: {
        id: PLAN_ID,
        title: "基准测试用改革任务台账（生成数据）",
        issuedOn: "2019-01-10",
        region: { name: "某省", level: "province" },
        year: 2019,
        source: {},
      },
      tasks,
      indicators: [],
      units: [],
    },
    events,
  };
}
