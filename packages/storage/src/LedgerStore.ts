/**
 * The store as an Effect service. The Promise API ({@link Store}) stays primary; this wraps it
 * for Effect programs: `layer(options)` opens the store and closes it with the layer's scope,
 * and {@link useStore} runs a store call with its typed errors in the error channel.
 */
import { Context, Effect, Layer } from "effect";
import { openStore } from "./SqlStore.ts";
import { type Store, type StoreError, type StoreOptions, toStoreError } from "./Store.ts";

/** The ledger store service. */
export class LedgerStore extends Context.Service<LedgerStore, Store>()("@reform/storage/LedgerStore") {}

/** A layer that opens the store (see `openStore`) and closes it when the layer's scope ends. */
export function layer(options: StoreOptions = {}): Layer.Layer<LedgerStore, StoreError> {
  return Layer.effect(
    LedgerStore,
    Effect.acquireRelease(Effect.tryPromise({ try: () => openStore(options), catch: toStoreError }), (store) =>
      Effect.promise(() => store.close()),
    ),
  );
}

/** Runs one store operation, failing with its typed error (`ConflictError`, `ValidationError`…). */
export function useStore<A>(run: (store: Store) => Promise<A>): Effect.Effect<A, StoreError, LedgerStore> {
  return LedgerStore.use((store) => Effect.tryPromise({ try: () => run(store), catch: toStoreError }));
}
