/** An in-memory database's tables keep no write-ahead log, and transactions work on them as before. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unlogTables } from "../src/MemoryTables.ts";
import { migrate } from "../src/Migrations.ts";
import { openPglite, type Sql } from "../src/Sql.ts";

describe("unlogTables", () => {
  let sql: Sql;
  beforeAll(async () => {
    sql = await openPglite("memory", "mem");
    await migrate(sql, "mem");
  });
  afterAll(async () => {
    await sql.close();
  });

  const persistence = async (schema: string) =>
    sql.query<{ name: string; kind: string; persistence: string }>(
      `SELECT c.relname AS name, c.relkind AS kind, c.relpersistence AS persistence FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'i', 'S') ORDER BY c.relname`,
      [schema],
    );

  it("makes every table of the schema UNLOGGED, with its indexes, however the foreign keys run", async () => {
    const before = await persistence("mem");
    expect(before.filter((r) => r.kind === "r").length).toBeGreaterThan(5);
    expect(before.every((r) => r.persistence === "p")).toBe(true);
    await unlogTables(sql, "mem");
    const after = await persistence("mem");
    expect(after.map((r) => r.name)).toEqual(before.map((r) => r.name));
    expect(after.filter((r) => r.persistence !== "u")).toEqual([]);
    // Done already: nothing left to change.
    await unlogTables(sql, "mem");
  });

  it("leaves transactions as they were: a rolled-back write leaves nothing, foreign keys still hold", async () => {
    await expect(
      sql.transaction(async (tx) => {
        await tx.query("INSERT INTO mem.plans (id, plan, version) VALUES ('p-rollback', '{}', 1)");
        throw new Error("abandon");
      }),
    ).rejects.toThrow("abandon");
    expect(await sql.query("SELECT id FROM mem.plans WHERE id = 'p-rollback'")).toEqual([]);
    await expect(
      sql.query(
        `INSERT INTO mem.tasks (id, plan_id, kind, path, position, task, plan_version)
         VALUES ('t', 'no-such-plan', 'task', '{}', 0, '{}', 1)`,
      ),
    ).rejects.toThrow(/foreign key/);
  });

  it("refuses tables whose foreign keys form a cycle, changing none of them", async () => {
    await sql.query("CREATE SCHEMA cyc");
    await sql.query("CREATE TABLE cyc.a (id int PRIMARY KEY, b int)");
    await sql.query("CREATE TABLE cyc.b (id int PRIMARY KEY, a int REFERENCES cyc.a)");
    await sql.query("ALTER TABLE cyc.a ADD FOREIGN KEY (b) REFERENCES cyc.b");
    await expect(unlogTables(sql, "cyc")).rejects.toThrow(/cycle/);
    expect((await persistence("cyc")).every((r) => r.persistence === "p")).toBe(true);
  });
});
