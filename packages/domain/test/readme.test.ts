/**
 * The README's embedder example is this package's own code: the block under "One read model for
 * every front end" is `test/examples/embedder.ts` verbatim, and here it runs against a ledger.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { embedder } from "./examples/embedder.ts";
import { events, ledgerA, PHONE } from "./support/smallLedger.ts";

const read = (file: string) => readFileSync(new URL(file, import.meta.url), "utf8");

describe("the README's embedder example", () => {
  it("is the example file, verbatim", () => {
    const readme = read("../README.md");
    const example = read("./examples/embedder.ts").trim();
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => (m[1] ?? "").trim());
    expect(blocks).toContain(example);
  });

  it("filters tasks, builds a bulletin and masks for a role without the API", () => {
    const planEvents = events.filter((e) => e.taskId?.startsWith("A") || e.type === "measurement");
    const { overdue, bulletin, supervisorMayClose, viewerSeesContacts } = embedder(ledgerA, planEvents);
    expect(overdue.items.map((r) => r.task.id)).toEqual(["A.2.1"]);
    expect(overdue.items[0]?.timeliness.daysOverdue).toBeGreaterThan(0);
    expect(bulletin.overdue.map((i) => i.taskId)).toEqual(["A.2.1", "A.1.1"]);
    expect(bulletin.overdue[1]?.contact).toBe("文** 186****0215");
    expect(JSON.stringify({ overdue, bulletin })).not.toContain(PHONE);
    expect(supervisorMayClose).toBe(true);
    expect(viewerSeesContacts).toBe(false);
  });
});
