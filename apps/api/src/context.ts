/** What every resource is built with: the store, the ledger cache, the clock and the settings. */
import { type IsoDate, type Redaction, type ReformSdk, redactionFor } from "@reform/domain";
import type { Store } from "@reform/storage";
import type { Context } from "hono";
import { principal } from "./auth.ts";
import type { ApiConfig } from "./config.ts";
import type { LedgerReader } from "@reform/storage";
import type { AppEnv, Principal } from "./env.ts";

export interface Deps {
  readonly store: Store;
  readonly ledger: LedgerReader;
  /** The current instant (injected so tests and demos control "today"). */
  readonly clock: () => Date;
  /** The domain's SDK over the same clock: "today" comes from it, as for any embedder. */
  readonly sdk: Pick<ReformSdk, "todaySync">;
  readonly config: ApiConfig;
}

/** Today's date in China time: the SDK's `today`, from the injected clock. */
export function today(deps: Pick<Deps, "sdk">): IsoDate {
  return deps.sdk.todaySync();
}

/** The as-of date of a request: `?asOf`, else today in China time. */
export function asOfOf(deps: Pick<Deps, "sdk">, asOf: string | undefined): IsoDate {
  return asOf ?? today(deps);
}

/** The caller and what they may see of personal data (the domain's `redactionFor` their role). */
export function caller(c: Context<AppEnv>): { principal: Principal; show: Redaction } {
  const p = principal(c);
  return { principal: p, show: redactionFor(p.role) };
}
