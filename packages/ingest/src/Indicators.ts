/**
 * Monitoring indicators: a heading that announces indicators ("确定以下四个重点监测指标") followed by
 * short items naming a ratio or rate, each with its responsible department. They leave the task
 * tree and become the ledger's indicators.
 */
import type { Direction, Frequency, Indicator } from "@reform/domain";
import type { Diagnostic } from "./Diagnostic.ts";
import type { DraftIndicator, DraftNode } from "./Draft.ts";

const ANNOUNCES = /指标/;
const MEASURE = /(?:比例|比重|占比|率|人次数?|次数|费用|金额|水平|指数|天数|数量|床位数|人数|个数)$/;
const LOWER_IS_BETTER =
  /费用|负担|自付|药占比|耗材占比|增长幅度|增幅|次均|例均|死亡率|发生率|感染率|平均住院日|退费|超支/;

function isIndicatorItem(node: DraftNode): boolean {
  const name = node.text.replace(/[。.；;\s]+$/, "");
  return node.children.length === 0 && name.length > 0 && name.length <= 80 && MEASURE.test(name);
}

/** Moves indicator items out of the tree (in place) and returns them. */
export function takeIndicators(nodes: DraftNode[], diagnostics: Diagnostic[]): DraftIndicator[] {
  const found: DraftIndicator[] = [];
  const visit = (list: DraftNode[]) => {
    for (const node of list) {
      if (node.children.length > 0 && ANNOUNCES.test(node.text) && node.children.every(isIndicatorItem)) {
        for (const child of node.children) {
          found.push({
            name: child.text.replace(/[。.；;\s]+$/, ""),
            line: child.line,
            context: node.text,
            ...(child.responsibility?.units ? { responsible: child.responsibility.units } : {}),
          });
        }
        diagnostics.push({
          severity: "info",
          code: "indicators",
          line: node.children[0]!.line,
          message: `${node.children.length} monitoring indicators read under “${node.title ?? node.text.slice(0, 20)}”`,
        });
        node.children = [];
      } else visit(node.children);
    }
  };
  visit(nodes);
  return found;
}

/** "医疗服务收入占医疗收入的比例" → numerator and denominator. */
function ratioParts(name: string): { numerator?: string; denominator?: string } {
  const m = /^(.+?)占(.+?)的?(?:比例|比重|百分比)$/.exec(name);
  return m ? { numerator: m[1]!, denominator: m[2]! } : {};
}

function unitOf(name: string): string {
  if (/(?:比例|比重|占比|率|百分比)$/.test(name)) return "%";
  if (/人次数?$/.test(name)) return "人次";
  if (/(?:费用|金额)$/.test(name)) return "元";
  if (/天数$|住院日$/.test(name)) return "天";
  if (/床位数$/.test(name)) return "张";
  if (/人数$/.test(name)) return "人";
  if (/个数$/.test(name)) return "个";
  return "";
}

/** Turns draft indicators into ledger indicators with unit, direction, frequency and collection month. */
export function toIndicators(
  drafts: readonly DraftIndicator[],
  planId: string,
  resolve: (units: string) => string | undefined,
): Indicator[] {
  return drafts.map((d, i) => {
    const compact = d.context.replace(/\s+/g, "");
    const month = /每年(\d{1,2})月/.exec(compact)?.[1];
    const frequency: Frequency = /每季度|季度/.test(compact)
      ? "quarterly"
      : /每半年|半年/.test(compact)
        ? "half-yearly"
        : "yearly";
    const direction: Direction = LOWER_IS_BETTER.test(d.name) ? "lower" : "higher";
    const responsible = d.responsible ? resolve(d.responsible) : undefined;
    return {
      id: `${planId}.indicator.${i + 1}`,
      planId,
      name: d.name,
      unit: unitOf(d.name),
      direction,
      frequency,
      ...(month ? { collectMonth: Number(month) } : {}),
      ...(responsible ? { responsible } : {}),
      ...ratioParts(d.name),
      definition: d.name,
      targets: [],
    };
  });
}
