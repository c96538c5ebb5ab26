/**
 * The normalised JSON view of an import kept as a golden file: everything a reviewer checks by
 * eye (tree, deadlines, leads and cooperators, people, targets, themes, indicators, diagnostics),
 * one task per line so a change shows as a one-line diff.
 */
import type { Task } from "@reform/domain";
import type { ImportResult } from "../../src/Import.ts";

type Ok = Extract<ImportResult, { ok: true }>;

function task(t: Task) {
  const d = t.deadline;
  const r = t.responsibility;
  return {
    id: t.id,
    kind: t.kind,
    path: t.path.join(" "),
    line: t.line,
    ...(t.title ? { title: t.title } : {}),
    text: t.text,
    ...(d
      ? {
          deadline: {
            kind: d.kind,
            text: d.text,
            ...("due" in d && d.due ? { due: d.due } : {}),
            ...(d.kind === "recurring" ? { month: d.month, from: d.fromYear, to: d.toYear } : {}),
            ...(d.kind === "milestones" ? { steps: d.milestones.map((m) => m.due) } : {}),
          },
        }
      : {}),
    ...(r
      ? {
          rule: r.rule,
          leads: r.assignments.filter((a) => a.role !== "cooperating").map((a) => (a.role === "co-lead" ? `${a.unit}*` : a.unit)),
          cooperators: r.assignments.filter((a) => a.role === "cooperating").map((a) => a.unit),
        }
      : {}),
    ...(t.people.length > 0
      ? { people: t.people.map((p) => [p.role, p.name, p.office ?? "", p.contact.phone ?? ""].join(":")) }
      : {}),
    ...(t.targets.length > 0 ? { targets: t.targets.map((g) => `${g.comparator} ${g.value}${g.unit} «${g.text}»`) } : {}),
    themes: t.themes.join(","),
    ...(t.extra ? { extra: t.extra } : {}),
  };
}

/** Serialises an import for its golden file. */
export function goldenJson(result: Ok): string {
  const { plan, tasks, indicators, units } = result.ledger;
  const lines: string[] = [];
  const list = (name: string, items: readonly unknown[], last = false) => {
    lines.push(`  "${name}": [`);
    items.forEach((item, i) => lines.push(`    ${JSON.stringify(item)}${i < items.length - 1 ? "," : ""}`));
    lines.push(`  ]${last ? "" : ","}`);
  };
  lines.push("{");
  lines.push(`  "layout": ${JSON.stringify(result.layout)},`);
  lines.push(`  "plan": ${JSON.stringify(plan)},`);
  list("tasks", tasks.map(task));
  list("indicators", indicators);
  list("units", units.map((u) => `${u.name} (${u.kind}${u.departmentKind ? `/${u.departmentKind}` : ""})${u.offices.length ? ` [${u.offices.join("、")}]` : ""}`));
  list("diagnostics", result.diagnostics.map((d) => `${d.severity} ${d.code}${d.line ? ` @${d.line}` : ""}: ${d.message}`), true);
  lines.push("}");
  return `${lines.join("\n")}\n`;
}
