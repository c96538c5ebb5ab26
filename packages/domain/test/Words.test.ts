import { describe, expect, it } from "vitest";
import { Rag, Role, TaskStatus, TimelinessStatus, WORDS_ZH } from "../src/index.ts";

describe("WORDS_ZH", () => {
  it("names every value of each enum with its own Chinese word, none shared within a map", () => {
    for (const [name, words] of Object.entries(WORDS_ZH) as [string, Record<string, string>][]) {
      const values = Object.values(words);
      expect(new Set(values).size, name).toBe(values.length);
      for (const word of values) expect(word, name).toMatch(/^[\u4e00-\u9fff]+$/);
    }
    expect(Object.keys(WORDS_ZH.status).sort()).toEqual([...TaskStatus.options].sort());
    expect(Object.keys(WORDS_ZH.timeliness).sort()).toEqual([...TimelinessStatus.options].sort());
    expect(Object.keys(WORDS_ZH.rag).sort()).toEqual([...Rag.options].sort());
    expect(Object.keys(WORDS_ZH.role).sort()).toEqual([...Role.options].sort());
  });

  it("uses the domain brief's words for the states a task goes through", () => {
    expect(TaskStatus.options.map((s) => WORDS_ZH.status[s])).toEqual(["未启动", "推进中", "已完成", "已销号"]);
  });
});
