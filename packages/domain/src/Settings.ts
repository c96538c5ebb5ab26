/**
 * Ledger settings: the knobs of the as-of calculations (due-soon window, reporting period, grace
 * days, trajectory tolerance). Plain data; `@reform/domain/effect` reads them from configuration.
 */
import type { z } from "zod";
import { TimelinessOptions } from "./Timeliness.ts";

/** Settings with every default filled in. */
export type LedgerSettings = z.output<typeof TimelinessOptions>;

/** Validates partial settings and fills in the defaults (throws a ZodError on bad values). */
export function ledgerSettings(settings: TimelinessOptions = {}): LedgerSettings {
  return TimelinessOptions.parse(settings);
}
