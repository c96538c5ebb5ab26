/**
 * The tiny SQL driver the store runs on: parameterised queries ($1, $2…), transactions and
 * LISTEN. Two implementations — embedded PGlite and a `pg` pool on a PostgreSQL server — run
 * the same SQL. Tables are unqualified: each driver sets `search_path` to the store's schema.
 */
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { PGlite, protocol } from "@electric-sql/pglite";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { growFilesGeometrically } from "./MemoryFiles.ts";

/** Runs one statement and returns its rows. */
export interface SqlQuery {
  query<Row>(text: string, params?: ReadonlyArray<unknown>): Promise<Row[]>;
}

/** A statement runner inside a transaction, which can also bulk-load rows with COPY. */
export interface SqlTransaction extends SqlQuery {
  /**
   * Runs `COPY table (columns) FROM STDIN` (text format) in this transaction with `chunks`, each
   * a run of whole lines in UTF-8 (see `CopyText.ts`). A bad row fails the statement, and so the
   * transaction. A chunk may be overwritten once the next one is asked for: a driver that keeps
   * one longer copies it.
   */
  copyIn(table: string, columns: ReadonlyArray<string>, chunks: Iterable<Uint8Array>): Promise<void>;
}

export interface Sql extends SqlQuery {
  readonly driver: "pglite" | "postgres";
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it rejects. */
  transaction<T>(fn: (tx: SqlTransaction) => Promise<T>): Promise<T>;
  /**
   * LISTENs on `channel`; resolves once listening with a function that stops it. `onGap` is told
   * when the listening connection is lost ("lost": notifications may be missed from then on) and
   * when it listens again ("resumed"); an embedded database never loses it.
   */
  listen(
    channel: string,
    onPayload: (payload: string) => void,
    onGap?: (state: "lost" | "resumed") => void,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** A PostgreSQL schema or channel name we can use without quoting. */
export const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Default PGlite data directory, relative to the working directory. */
export const DEFAULT_DATA_DIR = "./.reform/data";

/** Opens embedded PGlite in a data directory (created if missing) or in memory ("memory"). */
export async function openPglite(dataDir: string, schema: string): Promise<Sql> {
  let db: PGlite;
  if (dataDir === "memory") {
    db = await PGlite.create();
    // Files in memory: let them grow by doubling, and do not zero-fill each new 16 MB WAL segment
    // page by page first (nothing is on a disk whose space that would reserve).
    growFilesGeometrically(db.Module.MEMFS);
    await db.exec("SET wal_init_zero = off");
  } else {
    const dir = resolve(dataDir);
    const found = existsSync(dir) ? readdirSync(dir) : [];
    if (found.length > 0 && !found.includes("PG_VERSION")) {
      throw new Error(
        `${dir} is not empty and is not an embedded database directory (no PG_VERSION; found ${found.slice(0, 5).join(", ")}${found.length > 5 ? ", …" : ""}): it was left untouched; choose an empty or new directory`,
      );
    }
    mkdirSync(dir, { recursive: true });
    try {
      db = await PGlite.create({ dataDir: dir });
    } catch (error) {
      throw new Error(
        `the embedded database in ${dir} could not be opened (${error instanceof Error ? error.message : String(error)}): it is damaged or not a PGlite data directory; it was left as it is: restore it from a backup or choose another directory`,
        { cause: error },
      );
    }
  }
  await db.exec(`SET search_path TO ${schema}`);
  return {
    driver: "pglite",
    async query<Row>(text: string, params?: ReadonlyArray<unknown>) {
      return (await db.query<Row>(text, params ? [...params] : undefined)).rows;
    },
    transaction(fn) {
      return db.transaction((tx) =>
        fn({
          async query<Row>(text: string, params?: ReadonlyArray<unknown>) {
            return (await tx.query<Row>(text, params ? [...params] : undefined)).rows;
          },
          async copyIn(table, columns, chunks) {
            // PGlite runs COPY FROM STDIN when the CopyData messages come with the query: one
            // statement per chunk, on the transaction's connection (there is only one).
            const query = protocol.serialize.query(copyStatement(table, columns));
            const done = protocol.serialize.copyDone();
            // One message buffer, reused: PGlite has read a message when execProtocol resolves.
            let buffer = new Uint8Array(0);
            for (const chunk of chunks) {
              const length = query.byteLength + 5 + chunk.byteLength + done.byteLength;
              if (buffer.byteLength < length) buffer = new Uint8Array(Math.max(length, buffer.byteLength * 2));
              const message = copyMessage(buffer.subarray(0, length), query, chunk, done);
              await db.runExclusive(() => db.execProtocol(message, { syncToFs: false }));
            }
          },
        }),
      );
    },
    async listen(channel, onPayload) {
      const stop = await db.listen(channel, onPayload);
      return async () => {
        if (!db.closed) await stop();
      };
    },
    async close() {
      if (!db.closed) await db.close();
    },
  };
}

/** Connects a `pg` pool to a PostgreSQL server; LISTEN runs on one dedicated client. */
export async function openPostgres(databaseUrl: string, schema: string, maxConnections: number): Promise<Sql> {
  const config = { connectionString: databaseUrl, options: `-c search_path=${schema}` };
  const pool = new pg.Pool({ ...config, max: maxConnections });
  // An idle client that loses its connection emits "error" on the pool; the next query reconnects.
  pool.on("error", () => {});
  // A connection cut while a client is checked out, or just after `pool.query` released it, is an
  // "error" event the pool does not listen to then; unheard, it would end the process. The query in
  // flight rejects with it (the API answers 503) and the pool drops the client when it comes back.
  pool.on("connect", (client) => {
    client.on("error", () => {});
  });
  try {
    await pool.query("SELECT 1");
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }

  const listeners = new Map<string, Set<(payload: string) => void>>();
  const gaps = new Set<(state: "lost" | "resumed") => void>();
  let listener: Promise<pg.Client> | undefined;
  let closed = false;
  /** The listening connection was lost and has not listened again yet. */
  let lost = false;

  const connectListener = async (): Promise<pg.Client> => {
    const client = new pg.Client(config);
    client.on("notification", (message) => {
      for (const fn of listeners.get(message.channel) ?? []) fn(message.payload ?? "");
    });
    client.on("error", () => {
      // Reconnect and LISTEN again; notifications sent while disconnected are lost: subscribers
      // are told (`onGap`) so they can check the log themselves until it listens again.
      listener = undefined;
      client.end().catch(() => {});
      if (!lost) {
        lost = true;
        for (const fn of gaps) fn("lost");
      }
      if (!closed && listeners.size > 0) retry();
    });
    await client.connect();
    for (const channel of listeners.keys()) await client.query(`LISTEN ${channel}`);
    if (lost) {
      lost = false;
      for (const fn of gaps) fn("resumed");
    }
    return client;
  };
  /** Tries to listen again every half second until it does (or the driver is closed). */
  const retry = (): void => {
    setTimeout(() => {
      if (closed || listeners.size === 0) return;
      ensureListener().catch(() => retry());
    }, 500);
  };
  const ensureListener = (): Promise<pg.Client> => {
    listener ??= connectListener().catch((error: unknown) => {
      listener = undefined;
      throw error;
    });
    return listener;
  };

  return {
    driver: "postgres",
    async query<Row>(text: string, params?: ReadonlyArray<unknown>) {
      return (await pool.query(text, params ? [...params] : undefined)).rows as Row[];
    },
    async transaction(fn) {
      const client = await pool.connect();
      // A checked-out client has no pool listener: a connection cut (pg_terminate_backend, a server
      // restart) would otherwise be an unhandled "error" event that ends the process. The failing
      // query rejects with it; the broken client is then discarded instead of returned to the pool.
      let broken: Error | undefined;
      const onError = (error: Error) => {
        broken = error;
      };
      client.on("error", onError);
      try {
        await client.query("BEGIN");
        const result = await fn({
          async query<Row>(text: string, params?: ReadonlyArray<unknown>) {
            return (await client.query(text, params ? [...params] : undefined)).rows as Row[];
          },
          async copyIn(table, columns, chunks) {
            // The stream may still hold a chunk when it asks for the next one: it gets copies.
            await pipeline(copies(chunks), client.query(copyFrom(copyStatement(table, columns))));
          },
        });
        await client.query("COMMIT");
        return result;
      } catch (error) {
        if (!broken) await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.off("error", onError);
        client.release(broken);
      }
    },
    async listen(channel, onPayload, onGap) {
      if (onGap) gaps.add(onGap);
      let set = listeners.get(channel);
      const isNew = set === undefined;
      set ??= new Set();
      set.add(onPayload);
      listeners.set(channel, set);
      const client = await ensureListener();
      if (isNew) await client.query(`LISTEN ${channel}`);
      return async () => {
        if (onGap) gaps.delete(onGap);
        const current = listeners.get(channel);
        if (!current?.delete(onPayload) || current.size > 0) return;
        listeners.delete(channel);
        if (listener && !closed) await (await listener).query(`UNLISTEN ${channel}`).catch(() => {});
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      const client = await listener?.catch(() => undefined);
      await client?.end().catch(() => {});
      await pool.end();
    },
  };
}

function* copies(chunks: Iterable<Uint8Array>): Generator<Buffer> {
  for (const chunk of chunks) yield Buffer.from(chunk);
}

/** `COPY table (columns) FROM STDIN`, for the store's own (unquoted) table and column names. */
function copyStatement(table: string, columns: ReadonlyArray<string>): string {
  for (const name of [table, ...columns]) {
    if (!IDENTIFIER.test(name)) throw new Error(`COPY: not a plain identifier: ${name}`);
  }
  return `COPY ${table} (${columns.join(", ")}) FROM STDIN`;
}

/**
 * The Query message, one CopyData message holding `data` (the frame is 'd', then the length of
 * itself and the data) and CopyDone, written into `message` (exactly their size).
 */
function copyMessage(message: Uint8Array, query: Uint8Array, data: Uint8Array, done: Uint8Array): Uint8Array {
  message.set(query, 0);
  let offset = query.byteLength;
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  view.setUint8(offset, 0x64);
  view.setInt32(offset + 1, 4 + data.byteLength);
  offset += 5;
  message.set(data, offset);
  message.set(done, offset + data.byteLength);
  return message;
}
