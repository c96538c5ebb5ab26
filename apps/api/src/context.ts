/** What every resource is built with: the store, the ledger cache, the clock and the settings. */
import { chinaDate, type IsoDate, type Redaction, redactionFor } from "@reform/domain";
import type { Store } from "@reform/storage";
import type { Context } from "hono";
import { principal } from "./auth.ts";
import type { ApiConfig } from "./config.ts";
import type { LedgerService } from "./ledger.ts";
import type { AppEnv, Principal } from "./env.ts";

export interface Deps {
  readonly store: Store;
  readonly ledger: LedgerService;
  /** The current instant (injected so tests and demos control "today"). */
  readonly clock: () => Date;
  readonly config: ApiConfig;
}

/** Today's date in China time by the injected clock. */
export function today(deps: Pick<Deps, "clock">): IsoDate {
  return chinaDate(deps.clock());
}

/** The as-of date of a request: `?asOf`, else today in China time. */
export function asOfOf(deps: Pick<Deps, "clock">, asOf: string | undefined): IsoDate {
  return asOf ?? today(deps);
}

/** The caller and what they may see of personal data (the domain's `redactionFor` their role). */
export function caller(c: Context<AppEnv>): { principal: Principal; show: Redaction } {
  const p = principal(c);
  return { principal: p, show: redactionFor(p.role) };
}
