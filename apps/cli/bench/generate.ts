/**
 * A generated ledger for the dashboard bench: `size` nodes (sections, subsections, tasks) with
 * deadlines of the common kinds and lead/cooperating units from 60 departments. Deterministic.
 */
import type { Deadline, Ledger, Task } from "@reform/domain";

export const PLAN_ID = "bench-plan";
const UNITS = Array.from({ length: 60 }, (_, i) => `省直部门${String(i + 1).padStart(2, "0")}`);

function deadline(i: number): Deadline {
  const r = (i * 2654435761) % 100;
  if (r < 10) return { kind: "ongoing", text: "持续推进" };
  if (r < 13) return { kind: "external", text: "按国家部署推进" };
  const year = 2019 + (i % 3);
  const month = 1 + (i % 12);
  const due = `${year}-${String(month).padStart(2, "0")}-${month === 2 ? "28" : "30"}`;
  return { kind: "due", text: `${year}年${month}月底前`, due, precision: "month" };
}

export function generate(size: number): Ledger {
  const tasks: Task[] = [];
  const node = (t: Omit<Task, "planId" | "people" | "targets" | "themes" | "order"> & { order: number }): Task => ({
    planId: PLAN_ID,
    people: [],
    targets: [],
    themes: [],
    ...t,
  });
  for (let s = 0; tasks.length < size; s++) {
    const sectionId = `${PLAN_ID}/${s + 1}`;
    tasks.push(
      node({ id: sectionId, parentId: null, kind: "section", path: [`${s + 1}`], text: `第${s + 1}部分`, order: s }),
    );
    for (let u = 0; u < 20 && tasks.length < size; u++) {
      const subId = `${sectionId}/${u + 1}`;
      tasks.push(
        node({
          id: subId,
          parentId: sectionId,
          kind: "subsection",
          path: [`${s + 1}`, `(${u + 1})`],
          text: `第${u + 1}项重点工作`,
          order: u,
        }),
      );
      for (let t = 0; t < 48 && tasks.length < size; t++) {
        const i = tasks.length;
        const lead = UNITS[i % UNITS.length]!;
        const coop = UNITS[(i * 7 + 3) % UNITS.length]!;
        tasks.push(
          node({
            id: `${subId}/${t + 1}`,
            parentId: subId,
            kind: "task",
            path: [`${s + 1}`, `(${u + 1})`, `${t + 1}.`],
            label: `${t + 1}.`,
            text: `推进第${i}项改革任务，完善配套政策，加强督促落实。`,
            order: t,
            deadline: deadline(i),
            responsibility: {
              rule: "first-leads",
              text: `${lead}、${coop}`,
              assignments: [
                { unit: lead, kind: "department", role: "lead", primary: true },
                { unit: coop, kind: "department", role: "cooperating", primary: false },
              ],
            },
          }),
        );
      }
    }
  }
  return {
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
  };
}
