/** Export then import is the identity on generated ledgers, for CSV and XLSX. */
import { DepartmentKind, type Ledger, Ledger as LedgerSchema, UnitKind } from "@reform/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exportCsv, exportXlsx, importCsv, importXlsx } from "../src/spreadsheet/index.ts";

/** Chinese-ish text with the characters that break naive CSV and XLSX writers. */
const CHARS = [..."省市卫健委医保局财政厅改革任务推进落实年月底前（）()、，。；：,\"'\t\n\r #[]{}_x0041_ 1２3%"];
const text = (maxLength = 24) => fc.string({ unit: fc.constantFrom(...CHARS), maxLength });
const nonEmpty = (maxLength = 12) => text(maxLength).filter((s) => s !== "");
const isoDate = fc
  .date({ min: new Date("2015-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

const deadline = fc.oneof(
  fc.record({
    kind: fc.constant("due" as const),
    text: text(),
    due: isoDate,
    precision: fc.constantFrom("day", "month", "year"),
  }),
  fc.record({ kind: fc.constantFrom("ongoing", "external", "done"), text: text() }),
  fc.record(
    {
      kind: fc.constant("recurring" as const),
      text: text(),
      frequency: fc.constant("yearly" as const),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
      fromYear: fc.integer({ min: 2015, max: 2025 }),
    },
    { requiredKeys: ["kind", "text", "frequency", "month"] },
  ),
  fc.record({ kind: fc.constant("window" as const), text: text(), start: isoDate, due: isoDate }),
  fc.record({ kind: fc.constant("unknown" as const), text: text(), reason: text() }),
);

const assignment = fc.record(
  {
    unit: nonEmpty(),
    unitId: nonEmpty(6),
    kind: fc.constantFrom(...UnitKind.options),
    role: fc.constantFrom("lead", "cooperating", "co-lead"),
    primary: fc.boolean(),
    office: text(6),
  },
  { requiredKeys: ["unit", "kind", "role", "primary"] },
);

const person = fc.record(
  {
    name: nonEmpty(6),
    role: fc.constantFrom("leader", "office-head", "handler", "liaison"),
    unit: text(8),
    office: text(6),
    contact: fc.record(
      { phone: fc.stringMatching(/^1[3-9]\d{9}$/), email: fc.constant("a@b.cn") },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: ["name", "role", "contact"] },
);

const target = fc.record(
  {
    comparator: fc.constantFrom("gte", "gt", "lte", "lt", "approx", "eq", "increase"),
    // JSON has no negative zero; a target of -0 is a target of 0.
    value: fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).map((v) => (v === 0 ? 0 : v)),
    unit: text(4),
    subject: text(8),
    text: text(),
    span: fc.tuple(fc.nat(200), fc.nat(200)),
    period: text(6),
  },
  { requiredKeys: ["comparator", "value", "unit", "text", "span"] },
);

const taskFields = fc.record(
  {
    kind: fc.constantFrom("section", "subsection", "task", "milestone"),
    id: nonEmpty(8),
    label: text(4),
    title: text(10),
    text: text(60),
    order: fc.nat(5),
    deadline,
    responsibility: fc.record({
      assignments: fc.array(assignment, { maxLength: 3 }),
      rule: fc.constantFrom("first-leads", "all-responsible", "explicit"),
      text: text(),
    }),
    people: fc.array(person, { maxLength: 3 }),
    targets: fc.array(target, { maxLength: 2 }),
    themes: fc.array(text(8), { maxLength: 3 }),
    weight: fc.double({ min: 0.001, max: 100, noNaN: true }),
    line: fc.integer({ min: 1, max: 100000 }),
    extra: fc.dictionary(text(6), text(12), { maxKeys: 3 }),
    path: fc.array(text(4), { maxLength: 4 }),
    parent: fc.nat(),
    nullParent: fc.boolean(),
  },
  { requiredKeys: ["kind", "id", "text", "order", "people", "targets", "themes", "path", "parent", "nullParent"] },
);

const ledger: fc.Arbitrary<Ledger> = fc
  .record({
    plan: fc.record(
      {
        id: nonEmpty(8),
        title: nonEmpty(30),
        issuer: text(12),
        docNumber: text(12),
        issuedOn: isoDate,
        region: fc.record({ name: nonEmpty(4), level: fc.constantFrom("province", "city", "county") }),
        year: fc.integer({ min: 2000, max: 2100 }),
        source: fc.record({ file: text(10), format: fc.constantFrom("text", "xlsx") }, { requiredKeys: [] }),
      },
      { requiredKeys: ["id", "title", "source"] },
    ),
    tasks: fc.array(taskFields, { maxLength: 8 }),
    units: fc.array(
      fc.record(
        {
          id: nonEmpty(6),
          name: nonEmpty(10),
          kind: fc.constantFrom(...UnitKind.options),
          departmentKind: fc.constantFrom(...DepartmentKind.options),
          aliases: fc.array(nonEmpty(6), { maxLength: 2 }),
          offices: fc.array(text(6), { maxLength: 2 }),
        },
        { requiredKeys: ["id", "name", "kind", "aliases", "offices"] },
      ),
      { maxLength: 2 },
    ),
    indicators: fc.array(
      fc.record(
        {
          id: nonEmpty(6),
          name: nonEmpty(12),
          unit: text(3),
          direction: fc.constantFrom("higher", "lower"),
          frequency: fc.constantFrom("yearly", "quarterly"),
          collectMonth: fc.integer({ min: 1, max: 12 }),
          definition: text(20),
          targets: fc.array(target, { maxLength: 1 }),
        },
        { requiredKeys: ["id", "name", "unit", "direction", "frequency", "targets"] },
      ),
      { maxLength: 2 },
    ),
  })
  .map(({ plan, tasks, units, indicators }) => {
    const ids = new Set<string>();
    const built = tasks.map((t, i) => {
      const { parent, nullParent, ...fields } = t;
      let id = fields.id;
      while (ids.has(id)) id += "'";
      ids.add(id);
      const parentId = i > 0 && parent % 3 !== 0 ? [...ids][parent % i] : nullParent ? null : undefined;
      return { ...fields, id, planId: plan.id, ...(parentId === undefined ? {} : { parentId }) };
    });
    return LedgerSchema.parse({ plan, tasks: built, units, indicators });
  });

describe("export then import is lossless on generated ledgers", () => {
  it("CSV", () => {
    fc.assert(
      fc.property(ledger, (l) => {
        const result = importCsv(exportCsv(l));
        expect(result.ok && result.ledger).toEqual(l);
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it("XLSX", async () => {
    await fc.assert(
      fc.asyncProperty(ledger, async (l) => {
        const result = await importXlsx(await exportXlsx(l));
        expect(result.ok && result.ledger).toEqual(l);
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});
