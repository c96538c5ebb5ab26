import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openStore, StorageError, ValidationError } from "../src/index.ts";

describe("openStore", () => {
  it("refuses a schema name that is not a plain identifier, before opening anything", async () => {
    const opened = openStore({ dataDir: "memory", databaseUrl: "", schema: "reform; DROP TABLE x" });
    await expect(opened).rejects.toBeInstanceOf(ValidationError);
    await expect(opened).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ["schema"] })] });
  });

  it("fails with a StorageError when the server cannot be reached", async () => {
    const opened = openStore({ databaseUrl: "postgres://postgres@127.0.0.1:1/test" });
    await expect(opened).rejects.toBeInstanceOf(StorageError);
    await expect(opened).rejects.toMatchObject({ message: expect.stringContaining("cannot open the database") });
  });

  it("refuses a non-empty directory that holds no database, and leaves it untouched", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "reform-storage-foreign-"));
    try {
      writeFileSync(path.join(dir, "台账.xlsx"), "not a database");
      const opened = openStore({ databaseUrl: "", dataDir: dir });
      await expect(opened).rejects.toBeInstanceOf(StorageError);
      await expect(opened).rejects.toMatchObject({
        message: expect.stringMatching(
          /is not empty and is not an embedded database directory .*台账\.xlsx.*left untouched/,
        ),
      });
      expect(readdirSync(dir)).toEqual(["台账.xlsx"]);
      expect(readFileSync(path.join(dir, "台账.xlsx"), "utf8")).toBe("not a database");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
