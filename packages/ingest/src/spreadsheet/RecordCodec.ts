/**
 * Lossless records in readable cells.
 *
 * Each field of a record (a task, an indicator, a unit, the plan) has a codec that renders it into
 * readable cells and reads it back. Readable cells cannot hold everything (a deadline's precision,
 * a target's span, a unit's office), so on export every field whose cells do not read back to the
 * same value is also written, as JSON, into the row's 结构化数据 cell (the "residue").
 *
 * On import a field takes its residue value only while its cells still render exactly as that
 * value would: when someone edited the cells in Excel, the edit wins and is read from the cells.
 */
import { isDeepStrictEqual } from "node:util";
import type { Diagnostic, DiagnosticCode } from "../Diagnostic.ts";

/** Access to one row's cells by column, and a way to report on a cell. */
export interface RowCells<C extends string> {
  get(column: C): string;
  report(severity: Diagnostic["severity"], code: DiagnosticCode, column: C, message: string): void;
}

/** How one field of `T` is written into cells and read back. */
export interface FieldCodec<T, C extends string> {
  key: keyof T & string;
  columns: readonly C[];
  /** The cells for this field of a record (other fields may be read, e.g. a task's kind). */
  render(record: T): Partial<Record<C, string>>;
  /** The field's value from cells; `undefined` leaves the field absent. */
  read(cells: RowCells<C>, draft: Partial<T>): unknown;
}

/** Declares a field codec with the field's own type checked. */
export function field<T, C extends string, K extends keyof T & string>(codec: {
  key: K;
  columns: readonly C[];
  render(record: T): Partial<Record<C, string>>;
  read(cells: RowCells<C>, draft: Partial<T>): T[K] | undefined;
}): FieldCodec<T, C> {
  return codec;
}

const ABSENT = "$absent";

/** The residue: field values the cells cannot carry, plus fields that must stay absent. */
export type Residue = Record<string, unknown>;

/** Parses a 结构化数据 cell; `undefined` with a message when it is not a JSON object. */
export function parseResidue(text: string): { residue: Residue } | { error: string } {
  if (text.trim() === "") return { residue: {} };
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === "object" && !Array.isArray(value)) return { residue: value as Residue };
    return { error: "结构化数据不是 JSON 对象" };
  } catch (e) {
    return { error: `结构化数据不是有效的 JSON（${e instanceof Error ? e.message : String(e)}）` };
  }
}

/** All the cells of a record. */
export function renderRecord<T, C extends string>(
  record: T,
  fields: readonly FieldCodec<T, C>[],
): Partial<Record<C, string>> {
  const cells: Partial<Record<C, string>> = {};
  for (const f of fields) Object.assign(cells, f.render(record));
  return cells;
}

function sameCells<T, C extends string>(f: FieldCodec<T, C>, record: T, cells: RowCells<C>): boolean {
  const rendered = f.render(record);
  return f.columns.every((c) => (rendered[c] ?? "") === cells.get(c));
}

/**
 * Reads a record from cells, preferring residue values whose cells are unchanged.
 * Fields named in `edited` were re-read from cells although a residue value existed.
 */
export function readRecord<T, C extends string>(
  cells: RowCells<C>,
  fields: readonly FieldCodec<T, C>[],
  residue: Residue,
  draft: Partial<T> = {},
): { record: Partial<T>; edited: string[] } {
  const absent = new Set(Array.isArray(residue[ABSENT]) ? (residue[ABSENT] as unknown[]) : []);
  const edited: string[] = [];
  const out: Record<string, unknown> = { ...draft };
  for (const f of fields) {
    const fromResidue = Object.hasOwn(residue, f.key) || absent.has(f.key);
    const candidate = absent.has(f.key) ? undefined : residue[f.key];
    if (fromResidue && sameCells(f, { ...out, [f.key]: candidate } as T, cells)) {
      if (candidate === undefined) delete out[f.key];
      else out[f.key] = candidate;
      continue;
    }
    if (fromResidue) edited.push(f.key);
    const value = f.read(cells, out as Partial<T>);
    if (value === undefined) delete out[f.key];
    else out[f.key] = value;
  }
  return { record: out as Partial<T>, edited };
}

/**
 * The residue of a record: what `readRecord` needs beyond the cells to rebuild it exactly.
 * `cellsOf` gives the cells as they will be read (rendered cells plus any fixed columns).
 */
export function residueOf<T, C extends string>(
  record: T,
  fields: readonly FieldCodec<T, C>[],
  cells: RowCells<C>,
  draft: Partial<T> = {},
): Residue | undefined {
  const residue: Residue = {};
  const absent: string[] = [];
  const out: Record<string, unknown> = { ...draft };
  for (const f of fields) {
    const want = (record as Record<string, unknown>)[f.key];
    const got = f.read(cells, out as Partial<T>);
    if (!isDeepStrictEqual(got, want)) {
      if (want === undefined) absent.push(f.key);
      else residue[f.key] = want;
    }
    if (want === undefined) delete out[f.key];
    else out[f.key] = want;
  }
  if (absent.length > 0) residue[ABSENT] = absent;
  return Object.keys(residue).length > 0 ? residue : undefined;
}

/** Cells backed by a plain map (used on export to read back what was rendered). */
export function mapCells<C extends string>(cells: Partial<Record<C, string>>): RowCells<C> {
  return { get: (c) => cells[c] ?? "", report: () => {} };
}
