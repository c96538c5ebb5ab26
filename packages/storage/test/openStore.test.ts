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
});
