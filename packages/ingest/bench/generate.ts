/** Documents for the benchmark, generated from the seeds. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const SEED_DIR = fileURLToPath(new URL("../../../seeds/", import.meta.url));
export const SEEDS = [
  "000_c83e502a6d759c52.txt",
  "001_1bcf024aac55a25f.txt",
  "002_84b7797c4af70c34.txt",
  "003_d2b59fd790b2730b.txt",
];
export const seedText = (file: string) => readFileSync(`${SEED_DIR}${file}`, "utf8");

const DIGITS = "零一二三四五六七八九";
/** 1 → 一, 12 → 十二, 345 → 三百四十五 (up to 9999). */
function chinese(n: number): string {
  const units = ["", "十", "百", "千"];
  const digits = String(n).split("").map(Number);
  let out = "";
  digits.forEach((d, i) => {
    const unit = units[digits.length - 1 - i]!;
    if (d === 0) {
      if (!out.endsWith("零") && i < digits.length - 1) out += "零";
    } else out += DIGITS[d]! + unit;
  });
  out = out.replace(/零+$/, "");
  return out.startsWith("一十") ? out.slice(1) : out;
}

/**
 * Numbered prose: the seeds' numbered items regrouped under up to 99 sections of up to 99
 * subsections (the numbering grammar's range), years varied.
 */
export function generateProse(bytes: number): string {
  const items = SEEDS.slice(1)
    .flatMap((f) => seedText(f).split("\n"))
    .map((l) => l.replace(/\u00a0/g, " ").trim())
    .filter((l) => /^\d{1,2}\s*[.．]/.test(l))
    .map((l) => l.replace(/^\d{1,2}\s*[.．]\s*/, ""));
  const average = items.reduce((n, t) => n + Buffer.byteLength(t), 0) / items.length;
  const tasksPerSub = 6;
  const sections = 60;
  const subsPerSection = Math.min(99, Math.ceil(bytes / average / tasksPerSub / sections));
  const parts = ["萍乡市深化医药卫生体制改革重点工作任务", "", "萍府办发[2017]38号", "", "2017年9月14日", ""];
  let size = 0;
  let item = 0;
  for (let s = 1; s <= 99 && size < bytes; s++) {
    parts.push(`${chinese(s)}、重点任务第${s}部分`, "");
    for (let sub = 1; sub <= subsPerSection && size < bytes; sub++) {
      parts.push(`（${chinese(sub)}）推进第${sub}项改革`, "");
      for (let t = 1; t <= tasksPerSub; t++, item++) {
        const text = items[item % items.length]!.replace(
          /20(1\d|2\d)年/g,
          (_, y) => `20${10 + ((Number(y) + s) % 20)}年`,
        );
        parts.push(`${t}.${text}`, "");
        size += Buffer.byteLength(text) + 4;
      }
    }
  }
  return parts.join("\n");
}

/** A cell-per-line table: 000's header and rows repeated, each copy's section titles marked with its batch. */
export function generateTable(bytes: number): string {
  const lines = seedText(SEEDS[0]!).split("\n");
  const header = lines.slice(0, 19).join("\n");
  const rows = lines.slice(19).join("\n");
  const parts = [header];
  let size = Buffer.byteLength(header);
  for (let copy = 1; size < bytes; copy++) {
    const batch = rows.replace(/^(\t[一二三四五六七八]、.+)$/gm, `$1（第${copy}批）`);
    parts.push(batch);
    size += Buffer.byteLength(batch) + 1;
  }
  return parts.join("\n");
}
