/** Monitored indicators, their targets and the measurements reported for them. */
import { z } from "zod";
import { chinaDate, type IsoDate, IsoDateTime } from "./Dates.ts";
import { Target } from "./Target.ts";

export const Direction = z.enum(["higher", "lower"]);
export type Direction = z.infer<typeof Direction>;

export const Frequency = z.enum(["yearly", "half-yearly", "quarterly", "monthly"]);
export type Frequency = z.infer<typeof Frequency>;

export const Indicator = z.object({
  id: z.string().min(1),
  planId: z.string().optional(),
  name: z.string().min(1),
  /** %, 元, 个, 名, 张/千人… */
  unit: z.string(),
  direction: Direction,
  /** Responsible unit name. */
  responsible: z.string().optional(),
  frequency: Frequency.default("yearly"),
  /** Month in which last period's value is collected ("每年2月" → 2). */
  collectMonth: z.number().int().min(1).max(12).optional(),
  numerator: z.string().optional(),
  denominator: z.string().optional(),
  definition: z.string().optional(),
  targets: z.array(Target).default([]),
});
export type Indicator = z.infer<typeof Indicator>;

export const Measurement = z.object({
  id: z.string().min(1),
  indicatorId: z.string().min(1),
  /** Region the value is for (吉林省, 长春市…). */
  region: z.string().min(1),
  /** Period: "2020", "2020-H1", "2020-Q3" or "2020-07". */
  period: z.string().regex(/^\d{4}(-(H[12]|Q[1-4]|\d{2}))?$/, "expected YYYY, YYYY-H1, YYYY-Q1 or YYYY-MM"),
  value: z.number().finite(),
  reportedBy: z.string().optional(),
  reportedAt: IsoDateTime,
});
export type Measurement = z.infer<typeof Measurement>;

// ---------------------------------------------------------------------------------------------
// Direction
// ---------------------------------------------------------------------------------------------

/**
 * Keywords that say which way an indicator should move. The longest keyword found in the name
 * (bracketed definitions such as "（不含药品、耗材…收入）" removed) decides.
 */
export const DIRECTION_KEYWORDS: ReadonlyArray<readonly [string, Direction]> = [
  ["药占比", "lower"],
  ["药品占比", "lower"],
  ["药品收入占", "lower"],
  ["耗材占", "lower"],
  ["卫生材料", "lower"],
  ["自付", "lower"],
  ["个人卫生支出", "lower"],
  ["个人负担", "lower"],
  ["增长幅度", "lower"],
  ["增幅", "lower"],
  ["费用增长", "lower"],
  ["费用平均增长", "lower"],
  ["次均费用", "lower"],
  ["均次费用", "lower"],
  ["次均医药费用", "lower"],
  ["人均医药费用", "lower"],
  ["例均费用", "lower"],
  ["平均住院日", "lower"],
  ["死亡率", "lower"],
  ["发生率", "lower"],
  ["感染率", "lower"],
  ["抗菌药物使用", "lower"],
  ["普通门诊就诊人次", "lower"],
  ["特需服务", "lower"],
  ["服务收入占", "higher"],
  ["人员支出占", "higher"],
  ["就诊率", "higher"],
  ["覆盖率", "higher"],
  ["签约率", "higher"],
  ["服务率", "higher"],
  ["满意度", "higher"],
  ["基层", "higher"],
  ["达标率", "higher"],
  ["参保率", "higher"],
  ["报销比例", "higher"],
  ["支付比例", "higher"],
  ["互认", "higher"],
  ["临床路径", "higher"],
  ["基本药物", "higher"],
  ["补助标准", "higher"],
];

const BRACKETED = /[（(][^（()）]*[)）]/gu;

/**
 * Whether higher or lower values are better. A target with an upper limit (≤, <) means lower, one
 * with a floor (≥, >) or growth means higher; otherwise the name's keywords decide
 * ({@link DIRECTION_KEYWORDS}); with none, higher.
 */
export function inferDirection(name: string, target?: Target): Direction {
  const implied = target === undefined ? undefined : comparatorDirection(target);
  if (implied !== undefined) return implied;
  const bare = name.replace(BRACKETED, "");
  let best: readonly [string, Direction] | undefined;
  for (const entry of DIRECTION_KEYWORDS) {
    if (bare.includes(entry[0]) && (best === undefined || entry[0].length > best[0].length)) best = entry;
  }
  return best?.[1] ?? "higher";
}

/** The direction a comparator itself implies (none for = and ≈). */
function comparatorDirection(target: Target): Direction | undefined {
  switch (target.comparator) {
    case "gte":
    case "gt":
    case "increase":
      return "higher";
    case "lte":
    case "lt":
      return "lower";
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Evaluating a target
// ---------------------------------------------------------------------------------------------

/** Relative tolerance of "左右" (≈): 30%左右 accepts 28.5–31.5 when no direction is given. */
export const APPROX_TOLERANCE = 0.05;

export interface EvaluateOptions {
  /** Which way is better; makes = and ≈ one-sided ("提高到450元" is met by 460). */
  readonly direction?: Direction;
  /** Relative tolerance for ≈ (default {@link APPROX_TOLERANCE}). */
  readonly tolerance?: number;
}

const EPSILON = 1e-9;

/**
 * Whether `value` meets `target`. For `increase`, `previous` is last period's value: growth in %
 * is relative (增长10% → value ≥ previous × 1.1), in other units absolute (新增30元, 提高5个百分点);
 * growth 0 ("较上年增长") needs value > previous. Without `previous` an increase is not met.
 */
export function evaluateTarget(target: Target, value: number, previous?: number, options?: EvaluateOptions): boolean {
  const slack = EPSILON * Math.max(1, Math.abs(target.value));
  switch (target.comparator) {
    case "gte":
      return value >= target.value - slack;
    case "gt":
      return value > target.value + slack;
    case "lte":
      return value <= target.value + slack;
    case "lt":
      return value < target.value - slack;
    case "eq":
      return withinBand(value, target.value, slack, options?.direction);
    case "approx":
      return withinBand(
        value,
        target.value,
        Math.abs(target.value) * (options?.tolerance ?? APPROX_TOLERANCE) + slack,
        options?.direction,
      );
    case "increase": {
      if (previous === undefined) return false;
      return target.value === 0 ? value > previous + EPSILON : value >= requiredGrowth(target, previous) - slack;
    }
  }
}

function withinBand(value: number, aim: number, band: number, direction: Direction | undefined): boolean {
  if (direction === "higher") return value >= aim - band;
  if (direction === "lower") return value <= aim + band;
  return Math.abs(value - aim) <= band;
}

/** The value an `increase` target asks for, given last period's value. */
function requiredGrowth(target: Target, previous: number): number {
  return target.unit === "%" ? previous + (Math.abs(previous) * target.value) / 100 : previous + target.value;
}

// ---------------------------------------------------------------------------------------------
// Attainment as of a date
// ---------------------------------------------------------------------------------------------

export const AttainmentStatus = z.enum(["met", "not-met", "no-data", "no-target"]);
export type AttainmentStatus = z.infer<typeof AttainmentStatus>;

export const Attainment = z.object({
  /** `no-data`: nothing reported for the period (or, for growth, for the period before); `no-target`: a value but no target applies. */
  status: AttainmentStatus,
  value: z.number().optional(),
  period: z.string().optional(),
  target: Target.optional(),
  /** Signed distance to the target in the direction that matters: positive = short of it. */
  gap: z.number().optional(),
  /** The measurement the value comes from. */
  measurement: Measurement.optional(),
  /** For growth targets, the previous period's measurement compared with. */
  previous: Measurement.optional(),
});
export type Attainment = z.infer<typeof Attainment>;

export interface AttainmentOptions {
  /** Only measurements reported on or before this China-time date count. */
  readonly asOf: IsoDate;
  readonly region: string;
  /** Period to assess; default the latest period with data as of `asOf`. */
  readonly period?: string;
  /** Target to assess against; default the indicator's target for the period. */
  readonly target?: Target;
  readonly tolerance?: number;
}

/**
 * Attainment of `indicator` in a region as of a date: the latest measurement reported on or before
 * `asOf` for the period, judged against the target. Measurements of other indicators or regions
 * are ignored, so the whole measurement list can be passed.
 */
export function attainment(
  indicator: Indicator,
  measurements: readonly Measurement[],
  options: AttainmentOptions,
): Attainment {
  const known = measurements.filter(
    (m) => m.indicatorId === indicator.id && m.region === options.region && reportedBy(m, options.asOf),
  );
  return assess(indicator, known, options);
}

function reportedBy(m: Measurement, asOf: IsoDate): boolean {
  return chinaDate(m.reportedAt) <= asOf;
}

/** Core of {@link attainment} on measurements already narrowed to the indicator, region and date. */
function assess(
  indicator: Indicator,
  known: readonly Measurement[],
  options: Pick<AttainmentOptions, "period" | "target" | "tolerance">,
): Attainment {
  const period = options.period ?? latestPeriod(known);
  if (period === undefined) return { status: "no-data" };
  const measurement = latestReport(known, period);
  if (measurement === undefined) return { status: "no-data", period };
  const target = options.target ?? targetFor(indicator.targets, period);
  const value = measurement.value;
  if (target === undefined) return { status: "no-target", value, period, measurement };
  const direction = comparatorDirection(target) ?? indicator.direction;
  const base = { value, period, target, measurement };
  if (target.comparator === "increase") {
    const before = previousPeriod(period);
    const previous = before === undefined ? undefined : latestReport(known, before);
    if (previous === undefined) return { status: "no-data", ...base };
    const met = evaluateTarget(target, value, previous.value);
    return { status: met ? "met" : "not-met", ...base, gap: requiredGrowth(target, previous.value) - value, previous };
  }
  const met = evaluateTarget(target, value, undefined, { direction, tolerance: options.tolerance });
  const gap = direction === "higher" ? target.value - value : value - target.value;
  return { status: met ? "met" : "not-met", ...base, gap };
}

/** The latest-reported measurement for a period (ties: the later in the list). */
function latestReport(known: readonly Measurement[], period: string): Measurement | undefined {
  let best: Measurement | undefined;
  let bestAt = Number.NEGATIVE_INFINITY;
  for (const m of known) {
    if (m.period !== period) continue;
    const at = Date.parse(m.reportedAt);
    if (at >= bestAt) {
      best = m;
      bestAt = at;
    }
  }
  return best;
}

const PERIOD = /^(\d{4})(?:-(?:H([12])|Q([1-4])|(\d{2})))?$/;

/** [year, last month, length in months] of a period string, or undefined. */
function periodParts(period: string): readonly [number, number, number] | undefined {
  const m = PERIOD.exec(period);
  if (!m) return undefined;
  const year = Number(m[1]);
  if (m[2] !== undefined) return [year, Number(m[2]) * 6, 6];
  if (m[3] !== undefined) return [year, Number(m[3]) * 3, 3];
  if (m[4] !== undefined) return [year, Number(m[4]), 1];
  return [year, 12, 12];
}

/** The period ending last; on a tie ("2020" and "2020-Q4") the longer one. */
function latestPeriod(known: readonly Measurement[]): string | undefined {
  let best: string | undefined;
  let bestKey = Number.NEGATIVE_INFINITY;
  for (const m of known) {
    const parts = periodParts(m.period);
    if (parts === undefined) continue;
    const key = (parts[0] * 12 + parts[1]) * 100 + parts[2];
    if (key > bestKey) {
      best = m.period;
      bestKey = key;
    }
  }
  return best;
}

/** The period just before: 2020 → 2019, 2020-H1 → 2019-H2, 2020-Q1 → 2019-Q4, 2020-01 → 2019-12. */
export function previousPeriod(period: string): string | undefined {
  const parts = periodParts(period);
  if (parts === undefined) return undefined;
  const [year, lastMonth, length] = parts;
  if (length === 12) return String(year - 1);
  const index = lastMonth / length; // 1-based position within the year
  const prevYear = index === 1 ? year - 1 : year;
  const prevIndex = index === 1 ? 12 / length : index - 1;
  if (length === 6) return `${prevYear}-H${prevIndex}`;
  if (length === 3) return `${prevYear}-Q${prevIndex}`;
  return `${prevYear}-${String(prevIndex).padStart(2, "0")}`;
}

/**
 * The target that applies to a period: one whose period covers its year ("2017", "2020-2022"),
 * else one without a period, else the latest one whose period has passed ("到2020年" still stands
 * in 2021). Targets for later years do not apply yet.
 */
export function targetFor(targets: readonly Target[], period: string): Target | undefined {
  const year = periodParts(period)?.[0];
  if (year === undefined) return targets.find((t) => t.period === undefined);
  let standing: Target | undefined;
  let standingYear = Number.NEGATIVE_INFINITY;
  let open: Target | undefined;
  for (const t of targets) {
    const range = yearRange(t.period);
    if (range === undefined) {
      open ??= t;
      continue;
    }
    if (range[0] <= year && year <= range[1]) return t;
    if (range[1] < year && range[1] > standingYear) {
      standing = t;
      standingYear = range[1];
    }
  }
  return open ?? standing;
}

function yearRange(period: string | undefined): readonly [number, number] | undefined {
  if (period === undefined) return undefined;
  const m = /^(\d{4})(?:-(\d{4}))?$/.exec(period);
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2] ?? m[1])];
}

// ---------------------------------------------------------------------------------------------
// Bulletin table
// ---------------------------------------------------------------------------------------------

export interface AttainmentRow {
  readonly indicator: Indicator;
  /** One cell per requested region, in the order given. */
  readonly cells: ReadonlyArray<Attainment & { readonly region: string }>;
  readonly met: number;
  readonly notMet: number;
  readonly noData: number;
}

/**
 * Indicator × region attainment for a bulletin (通报), each cell as {@link attainment} gives it for
 * the latest period with data. Measurements are grouped once, so the cost is linear in their number.
 */
export function attainmentTable(
  indicators: readonly Indicator[],
  measurements: readonly Measurement[],
  options: { readonly asOf: IsoDate; readonly regions: readonly string[]; readonly tolerance?: number },
): AttainmentRow[] {
  const groups = new Map<string, Measurement[]>();
  for (const m of measurements) {
    if (!reportedBy(m, options.asOf)) continue;
    const key = `${m.indicatorId}\u0000${m.region}`;
    const list = groups.get(key);
    if (list) list.push(m);
    else groups.set(key, [m]);
  }
  return indicators.map((indicator) => {
    const cells = options.regions.map((region) => ({
      region,
      ...assess(indicator, groups.get(`${indicator.id}\u0000${region}`) ?? [], { tolerance: options.tolerance }),
    }));
    return {
      indicator,
      cells,
      met: cells.filter((c) => c.status === "met").length,
      notMet: cells.filter((c) => c.status === "not-met").length,
      noData: cells.filter((c) => c.status === "no-data").length,
    };
  });
}
