/** A token's department scope as canonical units of a region (UnitScope.ts). */
import { describe, expect, it } from "vitest";
import { createDepartmentRegistry, type Region, resolveUnitScope, scopeUnitFor } from "../src/index.ts";

const PINGXIANG: Region = { name: "萍乡市", level: "city" };
const JINGDEZHEN: Region = { name: "景德镇市", level: "city" };
const JILIN: Region = { name: "吉林省", level: "province" };

function units() {
  const px = createDepartmentRegistry(PINGXIANG);
  const jdz = createDepartmentRegistry(JINGDEZHEN);
  const jl = createDepartmentRegistry(JILIN);
  px.resolve("市财政局");
  px.resolve("萍乡市卫生健康委员会");
  jdz.resolve("市财政局");
  jl.resolve("省医保局");
  return [...px.all(), ...jdz.all(), ...jl.all()];
}

describe("resolveUnitScope", () => {
  it("keeps ids and resolves names that name one unit of one region to its id", () => {
    const known = units();
    expect(known.map((u) => u.id)).toContain("萍乡市:市财政局");
    expect(resolveUnitScope(["萍乡市:市财政局", "省医保局", "萍乡市卫生健康委员会"], known)).toEqual({
      ok: true,
      units: ["萍乡市:市财政局", "吉林省:省医保局", "萍乡市:市卫生健康委"],
    });
  });

  it("refuses a name of several regions, listing the ids, and an unknown unit", () => {
    const result = resolveUnitScope(["市财政局", "不存在的部门", "萍乡市:市财政局"], units());
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues).toEqual([
      {
        unit: "市财政局",
        reason: "ambiguous",
        candidates: ["萍乡市:市财政局", "景德镇市:市财政局"],
        message: "市财政局 is a unit of several regions; give one of 萍乡市:市财政局, 景德镇市:市财政局",
      },
      { unit: "不存在的部门", reason: "unknown", candidates: [], message: "unknown unit: 不存在的部门" },
    ]);
  });
});

describe("scopeUnitFor", () => {
  it("finds the scope entry acting for a unit id or a name in a region", () => {
    const scope = ["萍乡市:市财政局", "省医保局"];
    expect(scopeUnitFor(scope, "萍乡市:市财政局")).toBe("萍乡市:市财政局");
    expect(scopeUnitFor(scope, "市财政局")).toBe("萍乡市:市财政局");
    expect(scopeUnitFor(scope, "市财政局", PINGXIANG)).toBe("萍乡市:市财政局");
    expect(scopeUnitFor(scope, "市财政局", JINGDEZHEN)).toBeUndefined();
    expect(scopeUnitFor(scope, "景德镇市:市财政局")).toBeUndefined();
    expect(scopeUnitFor(scope, "省医保局")).toBe("省医保局");
    expect(scopeUnitFor([], "省医保局")).toBeUndefined();
  });
});
