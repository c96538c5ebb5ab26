/**
 * Checks that speed work changed no behaviour: imports the seeds, mutated copies of them and
 * generated prose/table documents with the working tree and with the sources of an earlier git
 * revision (its @reform/domain and @reform/ingest, exported to a temporary folder), and calls the
 * domain text functions the importer uses on every line, clause and bracket of the seeds and on
 * random mixtures of their pieces with both. Prints the counts compared and the first differences.
 *
 *   cd packages/ingest && node bench/equivalence.ts [revision=HEAD] [megabytes=1] [random inputs=20000]
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { inspect, isDeepStrictEqual } from "node:util";

// Workspace packages resolve to their sources under the "@reform/source" condition; re-run with it.
if (!process.execArgv.some((a) => a.includes("@reform/source"))) {
  const run = spawnSync(
    process.execPath,
    ["--conditions=@reform/source", ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: "inherit" },
  );
  process.exit(run.status ?? 1);
}

const [revision = "HEAD", megabytes = "1", randomInputs = "20000"] = process.argv.slice(2);
const root = fileURLToPath(new URL("../../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "reform-equivalence-"));
process.on("exit", () => rmSync(dir, { recursive: true, force: true }));

// The earlier sources, wired like the workspace: ingest imports "@reform/domain" from its own node_modules.
const tar = execFileSync(
  "git",
  ["-C", root, "archive", "--format=tar", revision, "packages/domain/src", "packages/ingest/src"],
  {
    maxBuffer: 1 << 28,
  },
);
execFileSync("tar", ["-x", "-C", dir], { input: tar });
const oldDomain = join(dir, "packages/domain");
const oldIngest = join(dir, "packages/ingest");
writeFileSync(
  join(oldDomain, "package.json"),
  JSON.stringify({ name: "@reform/domain", type: "module", exports: "./src/index.ts" }),
);
writeFileSync(join(oldIngest, "package.json"), JSON.stringify({ name: "@reform/ingest", type: "module" }));
symlinkSync(join(root, "packages/domain/node_modules"), join(oldDomain, "node_modules"));
mkdirSync(join(oldIngest, "node_modules/@reform"), { recursive: true });
symlinkSync(oldDomain, join(oldIngest, "node_modules/@reform/domain"));
for (const dep of ["zod", "iconv-lite", "exceljs"]) {
  symlinkSync(join(root, "packages/ingest/node_modules", dep), join(oldIngest, "node_modules", dep));
}

type Domain = typeof import("@reform/domain");
type Importer = typeof import("../src/Import.ts");
const OLD: Domain = await import(join(oldDomain, "src/index.ts"));
const NEW: Domain = await import("@reform/domain");
const oldImport: Importer = await import(join(oldIngest, "src/Import.ts"));
const newImport: Importer = await import("../src/Import.ts");
const { generateProse, generateTable, SEEDS, seedText } = await import("./generate.ts");

let seed = 20240611;
const random = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x80000000;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const seeds = SEEDS.map(seedText);
const lines = seeds.flatMap((s) => s.split("\n")).filter((l) => l.trim() !== "");
const clauses = lines.flatMap((l) => l.split(/(?<=[，。；,;、])/));
const brackets = seeds.flatMap((s) => [...s.matchAll(/[（(][^（()）]{1,80}[）)]/g)].map((m) => m[0]));
const cells = seeds.flatMap((s) => s.split(/[\t\n]/)).filter((c) => c.trim() !== "" && c.length < 80);
/** Pieces that reach the branches of the target, deadline, numeral and unit readers. */
const PIECES = [
  ..."0123456789０１２３４５６７８９〇零一二两三四五六七八九十百千万壹贰拾佰仟",
  ..."，。；：、,.;:!？?（）()【】 \n\t\u3000\u00a0%％‰-—～至到年月日底前内以上下左右第每",
  ...["达到", "不少于", "不低于", "控制在", "降到", "提高到", "以上", "以下", "以内", "左右", "全覆盖", "实现全部"],
  ...["较上年增长", "逐步提高", "率", "比例", "每千人口", "个百分点", "万人次", "张", "个", "名", "元", "亿元"],
  ...["到2020年", "2017年年底前", "9月底前", "年底前", "已完成", "持续推进", "按照国家要求", "2020—2022年每年"],
  ...["全市", "重点人群", "公立医院", "组建", "医疗联合体", "签约服务率", "至少建成", "二〇一八", "十二"],
  ...["牵头", "配合", "负责", "共同牵头", "分别负责", "会同", "由", "等", "和", "及", "与", "下同", "**"],
  ...["牵头部门:", "配合单位：", "责任单位:", "列在第一位的部门为牵头部门", "排在第一位的为牵头部门"],
  ...["市卫计委", "省卫健委（规划处）", "省卫生健康委员会", "各县(区)政府", "有关部门", "太原", "运城市"],
  ...["省医改领导小组\n秘书处", "市委宣传部", "市保险行业协会", "省中医局", "吉林省财政厅", "省发改委省财政厅"],
];
function mutate(text: string): string {
  let s = text;
  for (let k = Math.floor(random() * 4); k > 0; k--) {
    const at = Math.floor(random() * (s.length + 1));
    const r = random();
    if (r < 0.6) s = s.slice(0, at) + pick(PIECES) + s.slice(at);
    else if (r < 0.8) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(random() * 3));
    else s = s.slice(0, at) + pick(clauses) + s.slice(at);
  }
  return s;
}
function inputs(base: readonly string[], count: number): string[] {
  const out = [...base];
  for (let i = 0; i < count; i++) {
    const r = random();
    const parts = 1 + Math.floor(random() * 8);
    if (r < 0.35) out.push(mutate(pick(base)));
    else if (r < 0.5) out.push(pick(base) + pick(base));
    else out.push(mutate(Array.from({ length: parts }, () => pick(PIECES)).join("")));
  }
  return out;
}

let failures = 0;
function compare(name: string, calls: ReadonlyArray<() => [unknown, unknown]>): void {
  let differing = 0;
  for (const call of calls) {
    const [before, after] = call();
    if (isDeepStrictEqual(before, after)) continue;
    differing++;
    if (failures++ < 5) {
      console.log(
        `\n${name} differs:\nbefore ${inspect(before, { depth: 8 })}\nafter  ${inspect(after, { depth: 8 })}`,
      );
    }
  }
  console.log(`${name.padEnd(40)} ${String(calls.length).padStart(7)} compared  ${differing} differ`);
}

const count = Number(randomInputs);
const texts = inputs([...lines, ...clauses, ...seeds], count);
const units = inputs([...brackets, ...cells, ...clauses.filter((c) => c.length < 60)], count);
const context = { year: 2017, issuedOn: "2017-09-14" };
const region = { name: "萍乡市", level: "city" } as const;
const both =
  <A extends unknown[]>(f: (m: Domain) => (...a: A) => unknown, ...args: A) =>
  (): [unknown, unknown] => [f(OLD)(...args), f(NEW)(...args)];

console.log(`Working tree against ${revision}\n`);
compare(
  "extractTargets",
  texts.map((t) => both((m) => m.extractTargets, t)),
);
compare(
  "extractMilestones",
  texts.map((t) => both((m) => m.extractMilestones, t, context)),
);
compare(
  "parseDeadline",
  [...texts, ...units].map((t) => both((m) => m.parseDeadline, t, context)),
);
compare(
  "parseChineseNumber",
  [...units, ...PIECES].map((t) => both((m) => m.parseChineseNumber, t)),
);
compare(
  "toHalfWidth",
  texts.map((t) => both((m) => m.toHalfWidth, t)),
);
compare(
  "classifyUnit",
  units.map((t) => both((m) => m.classifyUnit, t)),
);
compare(
  "canonicalUnitName",
  units.map((t) => both((m) => m.canonicalUnitName, t, region)),
);
for (const rule of ["first-leads", "all-responsible", "explicit"] as const) {
  compare(
    `readResponsibleUnits (${rule})`,
    units.map((t) => both((m) => m.readResponsibleUnits, t, { rule })),
  );
}
// Registries carry state from call to call: feed one of each the same sequence.
const registries = [OLD.createDepartmentRegistry(region), NEW.createDepartmentRegistry(region)] as const;
compare(
  "parseResponsibilityColumns + registry",
  units.map((lead, i) => (): [unknown, unknown] => {
    const columns = { lead, cooperating: units[(i * 7) % units.length]! };
    return [
      OLD.parseResponsibilityColumns(columns, { registry: registries[0] }),
      NEW.parseResponsibilityColumns(columns, { registry: registries[1] }),
    ];
  }),
);
compare("registry units", [() => [registries[0].all(), registries[1].all()]]);

const mb = Number(megabytes) * 1e6;
const documents = [
  ...seeds,
  ...seeds.flatMap((s) =>
    Array.from({ length: 5 }, () =>
      s
        .split("\n")
        .map((l) => (random() < 0.3 ? mutate(l) : l))
        .join("\n"),
    ),
  ),
  generateProse(mb),
  generateTable(mb),
];
// As JSON, so that the order of keys (which the ledger files show) is compared too.
compare(
  "importDocument (JSON)",
  documents.map((d) => () => [
    JSON.stringify(oldImport.importDocument(d)),
    JSON.stringify(newImport.importDocument(d)),
  ]),
);

console.log(failures === 0 ? "\nno differences" : `\n${failures} differences`);
process.exitCode = failures === 0 ? 0 : 1;
