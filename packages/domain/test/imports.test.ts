/**
 * The domain's modules import each other without cycles, type-only imports included: a cycle
 * makes the load order decide which bindings are ready and hides which concept depends on which
 * (TaskState.ts ↔ Timeliness.ts was one until the calendar helpers moved to Calendar.ts).
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const SRC = new URL("../src/", import.meta.url);

/** Module → the modules of `src` it imports or re-exports from (values and types). */
function runtimeImports(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of readdirSync(SRC).filter((f) => f.endsWith(".ts"))) {
    const text = readFileSync(new URL(file, SRC), "utf8");
    const deps: string[] = [];
    for (const m of text.matchAll(/^(import|export)\s+[^;]*?from\s+"\.\/([\w.]+\.ts)";/gms)) {
      deps.push(m[2]!);
    }
    graph.set(file, deps);
  }
  return graph;
}

function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === "done") return undefined;
    if (state.get(node) === "open") return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, "open");
    stack.push(node);
    for (const dep of graph.get(node) ?? []) {
      const cycle = visit(dep);
      if (cycle !== undefined) return cycle;
    }
    stack.pop();
    state.set(node, "done");
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
}

describe("module graph", () => {
  it("has no run-time import cycle", () => {
    const graph = runtimeImports();
    expect(graph.get("TaskState.ts")).toContain("Calendar.ts");
    expect(findCycle(graph)).toBeUndefined();
  });

  it("the cycle finder finds one", () => {
    const graph = new Map([
      ["A.ts", ["B.ts"]],
      ["B.ts", ["C.ts"]],
      ["C.ts", ["A.ts"]],
    ]);
    expect(findCycle(graph)).toEqual(["A.ts", "B.ts", "C.ts", "A.ts"]);
  });
});
