/**
 * First start: import the seed plans, add the labelled demo history and create an admin token. Later
 * starts find plans and tokens and change nothing (unless a new admin token is asked for).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { importDocument } from "@reform/ingest";
import { ConflictError, type Store } from "@reform/storage";
import { type DemoOptions, seedDemo } from "./demo.ts";

export interface BootstrapOptions {
  /** Folder with the seed documents (*.txt). */
  readonly seedsDir?: string | undefined;
  /** Add the synthetic demo history after importing the seeds (default true). */
  readonly demo?: boolean | DemoOptions;
  /** Create a new admin token even when tokens exist. */
  readonly newAdminToken?: boolean;
  readonly log?: (line: string) => void;
}

export interface BootstrapResult {
  /** Plan ids imported now (empty when the store already had plans). */
  readonly imported: string[];
  readonly demoEvents: number;
  /** A newly created admin token: shown once, only its hash is stored. */
  readonly adminToken?: string;
}

/** Seeds an empty store and makes sure an admin token exists. */
export async function bootstrap(store: Store, options: BootstrapOptions = {}): Promise<BootstrapResult> {
  const log = options.log ?? (() => {});
  const imported: string[] = [];
  let demoEvents = 0;
  if ((await store.listPlans()).length === 0 && options.seedsDir) {
    const files = readdirSync(options.seedsDir)
      .filter((f) => f.endsWith(".txt"))
      .sort();
    for (const file of files) {
      const result = importDocument(readFileSync(path.join(options.seedsDir, file)), { fileName: file });
      if (!result.ok) {
        log(`seed ${file} could not be read: ${result.error.message}`);
        continue;
      }
      try {
        await store.commitImport(result.ledger, {
          actor: { role: "system", name: "seed import" },
          expectedPlanVersion: 0,
          diagnostics: result.diagnostics,
        });
      } catch (error) {
        // Another process sharing the database is seeding it: leave it to that one.
        if (error instanceof ConflictError) return { imported, demoEvents };
        throw error;
      }
      imported.push(result.ledger.plan.id);
      log(`imported ${file}: ${result.ledger.plan.title} (${result.ledger.tasks.length} items)`);
    }
    if (imported.length > 0 && options.demo !== false) {
      demoEvents = await seedDemo(store, typeof options.demo === "object" ? options.demo : {});
      log(`added ${demoEvents} synthetic demo events (演示数据), labelled as such`);
    }
  }
  const needToken = options.newAdminToken || (await store.listTokens()).length === 0;
  if (!needToken) return { imported, demoEvents };
  const created = await store.createToken({ name: "admin (created at start-up)", role: "admin" });
  return { imported, demoEvents, adminToken: created.plainToken };
}
