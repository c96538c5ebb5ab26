/** Dynamic WHERE clauses with numbered parameters, and page sizes. */

/** The largest page any listing returns. */
export const MAX_LIMIT = 10_000;

/** A WHERE clause built from conditions whose `?` becomes the next `$n` parameter. */
export class Where {
  readonly params: unknown[] = [];
  readonly #conditions: string[] = [];

  /** Adds a parameter and returns its placeholder (`$n`). */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** Adds a condition; each `?` in it takes the next of `values`. */
  add(condition: string, ...values: unknown[]): this {
    let text = condition;
    for (const value of values) text = text.replace("?", this.param(value));
    this.#conditions.push(text);
    return this;
  }

  /** The conditions joined with AND (TRUE when there are none). */
  sql(): string {
    return this.#conditions.length > 0 ? this.#conditions.join(" AND ") : "TRUE";
  }
}

/** A page size within [0, MAX_LIMIT], `fallback` when none is given. */
export function pageSize(limit: number | undefined, fallback: number): number {
  return Math.min(Math.max(Math.trunc(limit ?? fallback), 0), MAX_LIMIT);
}
