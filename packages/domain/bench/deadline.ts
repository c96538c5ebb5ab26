/**
 * Throughput of `parseDeadline` on a mixed corpus built by varying the deadline phrases of the
 * seed documents (years, months, numeral styles, spacing), against a trivial baseline.
 * Run from packages/domain: `node bench/deadline.ts`.
 */
import type { DeadlineContext } from "../src/DeadlineContext.ts";
import { parseDeadline } from "../src/DeadlinePhrase.ts";

const FULL_WIDTH = "０１２３４５６７８９";
const CHINESE_DIGITS = "〇一二三四五六七八九";
const CHINESE_MONTHS = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"];

function fullWidth(n: number): string {
  return Array.from(String(n), (d) => FULL_WIDTH[Number(d)]).join("");
}

function chineseYear(n: number): string {
  return Array.from(String(n), (d) => CHINESE_DIGITS[Number(d)]).join("");
}

/**
 * Phrase forms with weights close to their frequency in the seeds' deadline columns and clauses
 * (000: 31 of 55 rows 持续推进, 20 "YYYY年底前"; 001: "2020年" and "YYYY年M月底前" most; 002:
 * "YYYY年M月底前完成", 已完成, and no-year "年底前/9月底前/年内"), plus every rarer form of
 * DOMAIN.md §3 so that the slower paths count too.
 */
function forms(i: number): ReadonlyArray<readonly [number, string]> {
  const year = 2010 + (i % 13);
  const month = 1 + (i % 12);
  const day = 1 + (i % 28);
  return [
    [14, "持续推进"],
    [12, `${year}年底前`],
    [3, `${year}年底前 `],
    [6, `${year}年${month}月底前`],
    [3, `${year}年\n${month}月底前`],
    [4, `${year}年${month}月底前完成`],
    [6, `${year}年`],
    [3, "已完成"],
    [2, "按照国家要求完成"],
    [2, `每年${month}月底前`],
    [4, "年底前"],
    [3, `${month}月底前`],
    [3, "年内"],
    [1, `${month}月份`],
    [1, `${year} 年 ${month} 月底前`],
    [1, `到${year}年年底`],
    [1, `${year}-${year + 2}年每年`],
    [1, `${year}年${month}月${day}日前`],
    [1, `${fullWidth(year)}年${fullWidth(month)}月底前`],
    [1, `${chineseYear(year)}年${CHINESE_MONTHS[month]}月底前`],
    [1, `自${year}年${month}月1日起`],
    [1, `（${year}年${month}月-${year + 1}年${month}月）`],
    [1, `${1 + (i % 5)}年内`],
    [1, "按国家部署"],
  ];
}

/** `size` phrases drawn in turn from {@link forms}, each form repeated by its weight. */
export function corpus(size: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < size; i++) {
    for (const [weight, text] of forms(i)) for (let w = 0; w < weight && out.length < size; w++) out.push(text);
  }
  return out;
}

/** One pass over the corpus; a function of its own so the measuring loop does not run on OSR code. */
function pass(phrases: readonly string[], run: (text: string) => unknown): number {
  let sink = 0;
  for (const p of phrases) if (run(p) !== undefined) sink++;
  return sink;
}

/**
 * Runs `run` over `phrases` for about `seconds` and prints phrases per second of wall-clock time
 * and per second of this process's CPU time (the second figure is the stable one on a busy
 * shared machine).
 */
function measure(name: string, phrases: readonly string[], run: (text: string) => unknown, seconds = 2): void {
  let count = 0;
  let sink = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const stop = start + seconds * 1000;
  let now = start;
  while (now < stop) {
    sink += pass(phrases, run);
    count += phrases.length;
    now = performance.now();
  }
  const cpu = process.cpuUsage(cpu0);
  const wall = Math.round(count / ((now - start) / 1000));
  const perCpu = Math.round(count / ((cpu.user + cpu.system) / 1e6));
  const fmt = (n: number): string => n.toLocaleString("en-US");
  console.log(`${name}: ${fmt(wall)} phrases/s (cpu: ${fmt(perCpu)} phrases/s)${sink === count ? "" : " (!)"}`);
}

/** Prints phrases per second for `parseDeadline` and for a `trim()` baseline. */
export function main(): void {
  const phrases = corpus(10_000);
  const context: DeadlineContext = { year: 2019, issuedOn: "2019-12-26" };
  console.log(`corpus: ${phrases.length.toLocaleString("en-US")} phrases, ${new Set(phrases).size} distinct`);
  const unknown = phrases.filter((t) => parseDeadline(t, context).kind === "unknown");
  if (unknown.length > 0) console.log(`unread phrases in the corpus: ${unknown.slice(0, 5).join(" | ")}`);
  // Warm up so the measured loop runs optimised code.
  for (let i = 0; i < 20; i++) pass(phrases, (t) => parseDeadline(t, context));
  measure("parseDeadline", phrases, (t) => parseDeadline(t, context));
  measure("baseline text.trim()", phrases, (t) => t.trim());
}

if (import.meta.main) main();
