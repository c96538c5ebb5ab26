/** Quantitative targets found in text: "达到30%以上" → ≥ 30 %. */
import { z } from "zod";
import { parseChineseNumber, toHalfWidth } from "./Text.ts";

export const Comparator = z.enum(["gte", "gt", "lte", "lt", "approx", "eq", "increase"]);
export type Comparator = z.infer<typeof Comparator>;

export const Target = z.object({
  comparator: Comparator,
  /** Target value; for `increase` the minimum growth (0 when the text gives none). */
  value: z.number(),
  /** Unit as written: %, 个, 元, 名, 张/千人, 家… (empty when there is none). */
  unit: z.string(),
  /** What is measured, when the sentence says (e.g. 县域内就诊率). */
  subject: z.string().optional(),
  /** The phrase the target came from. */
  text: z.string(),
  /** [start, end) offsets of `text` in the sentence it was extracted from. */
  span: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
  /** Year or period the target is for ("到2020年"). */
  period: z.string().optional(),
  /** Region the target applies to ("全市"). */
  region: z.string().optional(),
  /** Population the target applies to ("重点人群"). */
  population: z.string().optional(),
});
export type Target = z.infer<typeof Target>;

// ---------------------------------------------------------------------------------------------
// Extraction
//
// The extractor works on `toHalfWidth(text)`, which maps code unit to code unit, so every offset
// found in the normalised text is an offset in the input. A target is a quantity (number + unit)
// with a comparator word before it ("不少于", "达到", "控制在") and/or after it ("以上", "以下",
// "左右"), or one of the word forms "全覆盖", "实现全部", "较上年增长", "逐年提高". A quantity with
// no comparator ("16个国家级试点", "补偿80%") is not a target.
// ---------------------------------------------------------------------------------------------

const HAN_NUMERAL = "〇零一二两三四五六七八九十百千万";
/** Arabic number, or a Chinese numeral that does not end in 万 (so "五万人" reads as 5 万人). */
const NUM = String.raw`\d+(?:\.\d+)?|[${HAN_NUMERAL}]*[〇零一二两三四五六七八九十百千]`;
/** Units a target can be counted in, longest first. Years, months, ages and grades are not units. */
const UNITS = [
  "个百分点",
  "百分点",
  "万人次",
  "人次",
  "万人",
  "万名",
  "万个",
  "万张",
  "万户",
  "万套",
  "万元",
  "亿元",
  "元",
  "%",
  "‰",
  "个",
  "家",
  "名",
  "人",
  "张",
  "所",
  "种",
  "项",
  "支",
  "台",
  "床",
  "次",
  "例",
  "件",
  "户",
  "套",
  "天",
];
/** A number or range with its unit; captures (numbered, so no groups object per match) are below. */
const QUANTITY = new RegExp(
  String.raw`(?<![\d.第${HAN_NUMERAL}])(${NUM})(?:\s*(?:%|个百分点)?\s*(?:[-—–~～]|至)\s*(${NUM}))?` +
    String.raw`\s*(${UNITS.join("|")})(/[千万百]人)?(?:\s*(及以上|以上|及以下|以下|以内|左右))?`,
  "gu",
);
const LO = 1;
const HI = 2;
const UNIT = 3;
const PER = 4;
const SUFFIX = 5;

/** How a comparator word before a quantity reads. */
type PrefixKind = Comparator | "lower-to" | "ratio";
const PREFIX_WORDS: ReadonlyArray<readonly [string, PrefixKind]> = [
  ["不少于", "gte"],
  ["不低于", "gte"],
  ["不小于", "gte"],
  ["至少", "gte"],
  ["最少", "gte"],
  ["超过", "gt"],
  ["高于", "gt"],
  ["大于", "gt"],
  ["多于", "gt"],
  ["不超过", "lte"],
  ["不高于", "lte"],
  ["不大于", "lte"],
  ["不多于", "lte"],
  ["控制在", "lte"],
  ["控制到", "lte"],
  ["控制为", "lte"],
  ["低于", "lt"],
  ["少于", "lt"],
  ["小于", "lt"],
  ["降低到", "lower-to"],
  ["降低至", "lower-to"],
  ["下降到", "lower-to"],
  ["下降至", "lower-to"],
  ["减少到", "lower-to"],
  ["压缩到", "lower-to"],
  ["降到", "lower-to"],
  ["降至", "lower-to"],
  ["大约", "approx"],
  ["约为", "approx"],
  ["约", "approx"],
  ["提高到", "eq"],
  ["提高至", "eq"],
  ["提升到", "eq"],
  ["提升至", "eq"],
  ["增加到", "eq"],
  ["增加至", "eq"],
  ["增长到", "eq"],
  ["增长至", "eq"],
  ["扩大到", "eq"],
  ["增至", "eq"],
  ["达到", "eq"],
  ["达", "eq"],
  ["增长", "increase"],
  ["增加", "increase"],
  ["提高", "increase"],
  ["提升", "increase"],
  ["上升", "increase"],
  ["新增", "increase"],
  ["为", "ratio"],
];
const PREFIX_KIND = new Map(PREFIX_WORDS);
/** Words that may be separated from their number by a denominator: "达到出院病例数的30%". */
const GAP_WORDS = PREFIX_WORDS.filter(([, kind]) => kind !== "increase" && kind !== "ratio" && kind !== "approx");
const alternation = (words: ReadonlyArray<readonly [string, PrefixKind]>): string =>
  [...words]
    .map(([w]) => w)
    .sort((a, b) => b.length - a.length)
    .join("|");
const PER_CAPITA = String.raw`(?<per>每(?<base>[千万百])(?:常住)?人口?\s*)?`;
const GROWTH_LEAD = "(?:较上年|比上年|同比|逐年|逐步|稳步|持续)?";
/** Comparator word directly before the number; 至少/最少 may take a two-character verb ("至少建成一个"). */
const PREFIX_ADJACENT = new RegExp(
  String.raw`${PER_CAPITA}(?<word>${GROWTH_LEAD}(?:${alternation(PREFIX_WORDS)}))(?:(?<=至少|最少)[^\d${HAN_NUMERAL},，。;；:：]{0,2})?\s*$`,
  "u",
);
const PREFIX_WITH_DENOMINATOR = new RegExp(
  String.raw`${PER_CAPITA}(?<word>${alternation(GAP_WORDS)})[^\d,，。;；:：()（）]{1,12}?的\s*$`,
  "u",
);
const RATIO_BEFORE = /(?:率|比例|占比|比重)\s*$/u;
const COUNT_UNITS = new Set([
  "个",
  "家",
  "名",
  "人",
  "张",
  "所",
  "种",
  "项",
  "支",
  "台",
  "床",
  "次",
  "例",
  "件",
  "户",
  "套",
  "万名",
  "万个",
  "万张",
  "万户",
  "万套",
]);
/** Verbs that make a count a target without a comparator word: "建设1000套…", "引进200名…". */
const ACTION_BEFORE = /(?:建设|建成|新建|改建|引进|招聘|招收|培养|培训|组建|创建|新增|增补|选派|打造|筹集|储备)\s*$/u;
/** Between two counts of one list: "200名学科带头人、2000名…和10000名…". */
const LIST_BETWEEN = /^[^，,。；;：:！？!?]{0,24}?(?:、|和|及|与|以及)\s*$/u;

/** Word forms that carry a target without a number. */
const COVERAGE = /全覆盖|实现全部/gu;
const GROWTH = /(?:较上年|比上年|同比|逐年|逐步|有所|稳步|持续)(?:增长|提高|提升|增加|上升)/gu;
/** Growth adverbs too vague to be a target unless the thing measured is a rate or ratio. */
const VAGUE_GROWTH = /^(?:逐步|持续|稳步)/u;
const MEASURABLE = /(?:率|比例|占比|比重|满意度|人次|人数|数量)$/u;

const REGION = `全(?:省|市|县|区|国)|本(?:省|市|县|区)(?:行政区域内?)?|我(?:省|市|县|区)|各(?:省|市|县|区|地区|地)(?:[(（][^)）]{1,6}[)）])?`;
const REGION_RE = new RegExp(REGION, "gu");
const POPULATION_RE =
  /建档立卡贫困人口|贫困人口|重点人群|城乡居民|二级(?:及)?以上公立医院|二级(?:及)?以上医疗机构|城市公立医院|县级公立医院|三级公立医院|公立医疗机构|公立医院|基层医疗卫生机构/gu;
const POPULATION_ONLY = new RegExp(`^(?:${POPULATION_RE.source})$`, "u");
const YEAR_RE = /(\d{4})\s*(?:[-—–~～至]\s*(\d{4})\s*)?年/gu;
/** Where a subject cannot start before: times, regions, list numbers. */
const SUBJECT_CUT = new RegExp(
  String.raw`(?:到|至|截至|在)?\d{4}\s*(?:[-—–~～至]\s*\d{4}\s*)?年(?:年底|底|末|内)?(?:前|以前|之前)?|年内|年底前|年底|今年|当年|其中|\d+[.、](?!\d)|[(（][一二三四五六七八九十]+[)）]|${REGION}`,
  "gu",
);
const SUBJECT_LEAD = /^(?:[\s,，、:："“”]|力争|确保|要|并|使|基本实现|实现|推动|促进|按照|通过|实行|继续|做到|保证)+/u;
const SUBJECT_TAIL = /(?:[\s,，、"“”]|要|应当|应|须|需|均|总体|力争|基本|逐步|将|必须|实现|确保)+$/u;
/** Verbs after which the counted thing follows the number: "组建50个以上医疗联合体". */
const ACTION_TAIL = /(?:组建|建立|建成|新增|增补|招收|培养|组织|设立|设置|建设|开展|完成|引进|选派|创建|培训)+$/u;
/** Where the counted thing after a number ends: "15名左右县级公立医院骨干医师|到北上广…". */
const OBJECT_STOP = /为|到|参加|用于|并|进行|以/u;

interface Context {
  /** The input as given (fields are sliced from it). */
  readonly text: string;
  /** `toHalfWidth(text)`, same offsets. */
  readonly norm: string;
  readonly sentenceStart: number;
  readonly sentenceEnd: number;
  /** Start of the line (paragraph) holding the sentence; used for the period only. */
  readonly lineStart: number;
}

/** What the scan in {@link extractTargets} saw in a sentence: which patterns may match at all. */
interface Candidates {
  /** A number, then (after spaces) the first character of a unit: QUANTITY may match. */
  readonly quantity: boolean;
  /** The two characters where a word form turns (全覆/全部, 年增, 比提, 步提…): COVERAGE or GROWTH may match. */
  readonly word: boolean;
}

interface Found {
  readonly comparator: Comparator;
  readonly value: number;
  readonly unit: string;
  readonly span: readonly [number, number];
  /** A count: after a verb, the counted thing follows the phrase ("组建50个以上医疗联合体"). */
  readonly count: boolean;
  /** True when the thing measured can only be a rate or ratio (vague growth words). */
  readonly needsMeasurable: boolean;
  /** A count in a list after an action verb: the counted thing follows, up to the next item. */
  readonly listed?: boolean;
}

// What one code unit can be, for the scan that finds sentences and skips those that cannot hold a
// target before any regular expression runs on them.
const SENTENCE_END = 1;
/** Last character of a number: an ASCII digit or a Chinese numeral other than 万 (see NUM). */
const NUMBER_END = 2;
/** First character of a unit in UNITS. */
const UNIT_START = 4;
/** Whitespace as `\s` reads it. */
const SPACE = 8;
/** 全 before 覆 or 部 ("全覆盖", "实现全部"). */
const WHOLE = 16;
const COVER = 32;
/** Last character of a growth lead (较上年, 同比, 逐步, 有所, 持续…) before 增, 提 or 上 (GROWTH). */
const LEAD_END = 64;
const GROW = 128;
/** Clause punctuation, and brackets (see {@link clauseStart}). */
const CLAUSE_END = 256;
const OPENER = 512;
const CLOSER = 1024;
const CHAR_CLASS = new Uint16Array(0x10000);
const mark = (chars: string, flag: number): void => {
  for (let k = 0; k < chars.length; k++) CHAR_CLASS[chars.charCodeAt(k)]! |= flag;
};
mark("。!！?？\n\r\t", SENTENCE_END);
// The scan reads the input, not its half-width form: full-width digits and ％ count as their ASCII forms.
mark(`0123456789０１２３４５６７８９${HAN_NUMERAL.replace("万", "")}`, NUMBER_END);
for (const unit of UNITS) mark(unit.charAt(0), UNIT_START);
mark("％", UNIT_START);
mark(
  "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff",
  SPACE,
);
mark("全", WHOLE);
mark("覆部", COVER);
mark("年比步所续", LEAD_END);
mark("增提上", GROW);
mark(",，;；:：。!！?？\n\r\t", CLAUSE_END);
mark("(（〔[【", OPENER);
mark(")）〕]】", CLOSER);

/**
 * Every quantitative target in `text` (a sentence, a table cell or a whole document), in order.
 * `text` of each result is `input.slice(span[0], span[1])`; subject, region and population are
 * quoted from the input, the period is normalised ("2017", "2020-2022"). Never throws.
 *
 * Ranges ("90%-95%", "1-2个") give their lower bound, or their upper bound under an upper limit
 * ("控制在10%-12%"), or their midpoint under "左右". Decreases without a level ("逐步降低") have
 * no comparator in {@link Comparator} and are not extracted.
 */
export function extractTargets(text: string): Target[] {
  /** `toHalfWidth(text)`, made when the first sentence worth reading is found. */
  let norm: string | undefined;
  const targets: Target[] = [];
  let lineStart = 0;
  let start = 0;
  // Regular expressions run only on sentences where they can match: most sentences have no number
  // before a unit and no word form, and are passed over in this one scan.
  let quantity = false;
  let word = false;
  let afterNumber = false;
  let previous = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i === text.length ? 0x0a : text.charCodeAt(i);
    const flags = CHAR_CLASS[c]!;
    if (flags & SENTENCE_END) {
      if ((quantity || word) && i > start) {
        norm ??= toHalfWidth(text);
        const ctx: Context = { text, norm, sentenceStart: start, sentenceEnd: i, lineStart };
        for (const t of sentenceTargets(ctx, { quantity, word })) targets.push(t);
      }
      start = i + 1;
      if (c === 0x0a || c === 0x0d) lineStart = i + 1;
      quantity = false;
      word = false;
      afterNumber = false;
      previous = 0;
      continue;
    }
    if (afterNumber && flags & UNIT_START) quantity = true;
    if ((previous & WHOLE && flags & COVER) || (previous & LEAD_END && flags & GROW)) word = true;
    afterNumber = (flags & NUMBER_END) !== 0 || (afterNumber && (flags & SPACE) !== 0);
    previous = flags;
  }
  return targets;
}

function sentenceTargets(ctx: Context, may: Candidates): Target[] {
  const found = may.quantity ? quantities(ctx) : [];
  if (may.word) for (const f of wordForms(ctx)) found.push(f);
  if (found.length > 1) found.sort((a, b) => a.span[0] - b.span[0] || b.span[1] - a.span[1]);
  const out: Target[] = [];
  let lastEnd = -1;
  let previousSubject: string | undefined;
  for (const f of found) {
    if (f.span[0] < lastEnd) continue; // overlaps a longer phrase already taken
    const subject = subjectOf(ctx, f, previousSubject);
    if (f.needsMeasurable && (subject === undefined || !MEASURABLE.test(subject))) continue;
    lastEnd = f.span[1];
    if (subject !== undefined) previousSubject = subject;
    const target: Target = {
      comparator: f.comparator,
      value: f.value,
      unit: f.unit,
      text: ctx.text.slice(f.span[0], f.span[1]),
      span: [f.span[0], f.span[1]],
    };
    if (subject !== undefined) target.subject = subject;
    const period = periodBefore(ctx, f.span[0]);
    if (period !== undefined) target.period = period;
    const region = lastMatchBefore(ctx, REGION_RE, ctx.sentenceStart, f.span[0]);
    if (region !== undefined) target.region = region;
    const population = lastMatchBefore(ctx, POPULATION_RE, ctx.sentenceStart, f.span[0]);
    if (population !== undefined) target.population = population;
    out.push(target);
  }
  return out;
}

/** Numeric targets: a quantity with a comparator before or after it. */
function quantities(ctx: Context): Found[] {
  const { norm } = ctx;
  const sentence = norm.slice(ctx.sentenceStart, ctx.sentenceEnd);
  const out: Found[] = [];
  /** End of the last count read from an action verb, for the counts listed after it. */
  let listEnd = -1;
  QUANTITY.lastIndex = 0;
  for (let m = QUANTITY.exec(sentence); m !== null; m = QUANTITY.exec(sentence)) {
    const numStart = ctx.sentenceStart + m.index;
    const numEnd = numStart + m[0].length;
    const unitText = m[UNIT] ?? "";
    const suffix = m[SUFFIX];
    const clause = clauseStart(norm, numStart, ctx.sentenceStart);
    const window = norm.slice(clause, numStart);
    const prefix = PREFIX_ADJACENT.exec(window) ?? PREFIX_WITH_DENOMINATOR.exec(window);
    const word = prefix?.groups?.word;
    let kind: PrefixKind | undefined = word === undefined ? undefined : PREFIX_KIND.get(stripGrowthLead(word));
    if (kind === "ratio" && (COUNT_UNITS.has(unitText) || /控制/u.test(window))) {
      kind = COUNT_UNITS.has(unitText) ? undefined : "lte";
    }
    let listed = false;
    if (kind === undefined && suffix === undefined && COUNT_UNITS.has(unitText)) {
      // "建设1000套专家公寓和10000套人才公寓": an action verb, or the list it starts, makes counts targets.
      if (ACTION_BEFORE.test(window)) listed = true;
      else if (listEnd !== -1 && LIST_BETWEEN.test(norm.slice(listEnd, numStart))) listed = true;
      if (listed) kind = "eq";
    }
    if (kind === undefined && suffix === undefined) {
      if (unitText !== "%" || !RATIO_BEFORE.test(window)) continue;
      kind = "eq"; // "签约服务率100%"
    }
    const comparator = combine(kind, suffix);
    if (comparator === undefined) continue;
    const lo = parseChineseNumber(m[LO] ?? "");
    const hi = m[HI] === undefined ? undefined : parseChineseNumber(m[HI]);
    const value = rangeValue(comparator, lo, hi);
    if (value === undefined) continue;
    const perBase = prefix?.groups?.base ?? m[PER]?.slice(1, 2);
    const unit = perBase === undefined ? unitText : `${unitText}/${perBase}人`;
    listEnd = listed || (COUNT_UNITS.has(unitText) && kind !== undefined) ? numEnd : -1;
    const spanStart = prefix && kind !== undefined && word !== undefined ? clause + prefix.index : numStart;
    out.push({
      comparator,
      value,
      unit,
      span: [spanStart, numEnd],
      count: COUNT_UNITS.has(unitText),
      needsMeasurable: false,
      ...(listed ? { listed } : {}),
    });
  }
  return out;
}

function stripGrowthLead(word: string): string {
  return PREFIX_KIND.has(word) ? word : word.replace(/^(?:较上年|比上年|同比|逐年|逐步|稳步|持续)/u, "");
}

/** Comparator from the word before the number and the word after it (the latter wins). */
function combine(kind: PrefixKind | undefined, suffix: string | undefined): Comparator | undefined {
  switch (suffix) {
    case "以上":
    case "及以上":
      return kind === "increase" ? "increase" : "gte";
    case "以下":
    case "及以下":
    case "以内":
      return kind === "lower-to" || kind === "lt" ? "lt" : "lte";
    case "左右":
      return "approx";
    default:
      if (kind === undefined) return undefined;
      if (kind === "lower-to" || kind === "ratio") return "eq";
      return kind;
  }
}

function rangeValue(comparator: Comparator, lo: number | undefined, hi: number | undefined): number | undefined {
  if (lo === undefined || !Number.isFinite(lo)) return undefined;
  if (hi === undefined || !Number.isFinite(hi)) return lo;
  if (comparator === "lte" || comparator === "lt") return Math.max(lo, hi);
  if (comparator === "approx") return (lo + hi) / 2;
  return Math.min(lo, hi);
}

interface WordForm {
  readonly pattern: RegExp;
  readonly comparator: Comparator;
  readonly value: number;
  readonly unit: string;
  /** The thing measured follows the phrase ("实现全部社区卫生服务中心…设置中医馆"). */
  readonly objectAfter: (phrase: string) => boolean;
  readonly needsMeasurable: (phrase: string) => boolean;
}

/** Targets without a number: coverage ("全覆盖" = 100 %) and growth ("较上年增长"). */
const WORD_FORMS: readonly WordForm[] = [
  {
    pattern: COVERAGE,
    comparator: "eq",
    value: 100,
    unit: "%",
    objectAfter: (phrase) => phrase === "实现全部",
    needsMeasurable: () => false,
  },
  {
    pattern: GROWTH,
    comparator: "increase",
    value: 0,
    unit: "",
    objectAfter: () => false,
    needsMeasurable: (phrase) => VAGUE_GROWTH.test(phrase),
  },
];

function wordForms(ctx: Context): Found[] {
  const sentence = ctx.norm.slice(ctx.sentenceStart, ctx.sentenceEnd);
  const out: Found[] = [];
  for (const form of WORD_FORMS) {
    const re = form.pattern;
    re.lastIndex = 0;
    for (let m = re.exec(sentence); m !== null; m = re.exec(sentence)) {
      const start = ctx.sentenceStart + m.index;
      out.push({
        comparator: form.comparator,
        value: form.value,
        unit: form.unit,
        span: [start, start + m[0].length],
        count: form.objectAfter(m[0]),
        needsMeasurable: form.needsMeasurable(m[0]),
      });
    }
  }
  return out;
}

/** Start of the clause holding `at`: after the nearest delimiter or unmatched opening bracket. */
function clauseStart(norm: string, at: number, floor: number): number {
  let depth = 0;
  for (let i = at - 1; i >= floor; i--) {
    const flags = CHAR_CLASS[norm.charCodeAt(i)]!;
    if (flags & CLOSER) depth++;
    else if (flags & OPENER) {
      if (depth === 0) return i + 1;
      depth--;
    } else if (depth === 0 && flags & CLAUSE_END) return i + 1;
  }
  return floor;
}

/** End of the clause holding `at`. */
function clauseEnd(norm: string, at: number, ceiling: number): number {
  let depth = 0;
  for (let i = at; i < ceiling; i++) {
    const flags = CHAR_CLASS[norm.charCodeAt(i)]!;
    if (flags & OPENER) depth++;
    else if (flags & CLOSER) {
      if (depth === 0) return i;
      depth--;
    } else if (depth === 0 && flags & CLAUSE_END) return i;
  }
  return ceiling;
}

/**
 * The thing measured: the clause before the phrase without times, regions and filler words; for
 * counts after a verb ("组建50个以上医疗联合体") the noun after the phrase; when the clause names
 * only a population ("重点人群达到60%") or nothing, the previous target's subject.
 */
function subjectOf(ctx: Context, f: Found, previous: string | undefined): string | undefined {
  const { norm, text } = ctx;
  if (f.listed) {
    const end = clauseEnd(norm, f.span[1], ctx.sentenceEnd);
    const object = norm.slice(f.span[1], end);
    const stop = /、|和|及|与|以及/u.exec(object);
    const [os, oe] = trimmed(norm, f.span[1], f.span[1] + (stop ? stop.index : object.length));
    if (oe > os) return text.slice(os, oe);
  }
  let start = clauseStart(norm, f.span[0], ctx.sentenceStart);
  if (start === ctx.lineStart || start === ctx.sentenceStart) {
    const list = /^\s*\d+(?=[^\d.%])/u.exec(norm.slice(start, f.span[0]));
    if (list) start += list[0].length;
  }
  const before = norm.slice(start, f.span[0]);
  let cut = 0;
  for (const m of before.matchAll(SUBJECT_CUT)) cut = m.index + m[0].length;
  let [s, e] = trimmed(norm, start + cut, f.span[0]);
  const action = ACTION_TAIL.exec(norm.slice(s, e));
  if (action) [s, e] = trimmed(norm, s, e - action[0].length);
  if (s >= e || (action && f.count)) {
    const end = clauseEnd(norm, f.span[1], ctx.sentenceEnd);
    const object = norm.slice(f.span[1], end);
    const stop = OBJECT_STOP.exec(object);
    const [os, oe] = trimmed(norm, f.span[1], f.span[1] + (stop ? stop.index : object.length));
    if (oe > os) return text.slice(os, oe);
  }
  if (e <= s) return previous;
  const subject = text.slice(s, e);
  return previous !== undefined && POPULATION_ONLY.test(norm.slice(s, e)) ? previous : subject;
}

/** Narrows [s, e) past leading and trailing filler. */
function trimmed(norm: string, s: number, e: number): [number, number] {
  for (;;) {
    const piece = norm.slice(s, e);
    const lead = SUBJECT_LEAD.exec(piece);
    const tail = SUBJECT_TAIL.exec(piece);
    if (!lead && !tail) return [s, e];
    if (lead) s += lead[0].length;
    if (tail) e -= tail[0].length;
    if (s >= e) return [s, s];
  }
}

/** The last year written before `at` in its line: in the sentence, else earlier ("到2017年年底,…;…"). */
function periodBefore(ctx: Context, at: number): string | undefined {
  let period: string | undefined;
  for (const m of ctx.norm.slice(ctx.lineStart, at).matchAll(YEAR_RE)) {
    const from = Number(m[1]);
    if (from < 1900 || from > 2199) continue;
    period = m[2] === undefined ? String(from) : `${from}-${m[2]}`;
  }
  return period;
}

function lastMatchBefore(ctx: Context, re: RegExp, from: number, to: number): string | undefined {
  let last: RegExpExecArray | undefined;
  for (const m of ctx.norm.slice(from, to).matchAll(re)) last = m;
  return last === undefined ? undefined : ctx.text.slice(from + last.index, from + last.index + last[0].length);
}
