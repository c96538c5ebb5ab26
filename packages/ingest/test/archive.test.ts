/**
 * A page saved from a government site's archive: a header block of fields (标题, 发布时间, 文号,
 * 发布机构, 栏目, 原文链接) and a rule, then the whole page on one line with its breadcrumb, share
 * and print buttons and footer around the document.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { importDocument } from "../src/Import.ts";

const page = readFileSync(new URL("./fixtures/archive-qingshan.txt", import.meta.url));

describe("archive pages", () => {
  const result = importDocument(page, { fileName: "archive-qingshan.txt" });
  if (!result.ok) throw new Error(result.error.message);
  const { plan, tasks } = result.ledger;

  it("reads the header block and the document's own head as metadata", () => {
    expect(plan.title).toBe("青山市2021年深化医药卫生体制改革重点任务");
    expect(plan.docNumber).toBe("青府办发〔2021〕7号");
    expect(plan.issuer).toBe("青山市人民政府办公室");
    // The document's own date wins over the page's publication date (2021-03-05).
    expect(plan.issuedOn).toBe("2021-03-02");
    expect(plan.source.url).toBe("http://www.qingshan.example.gov.cn/zwgk/zcwj/202103/t20210305_1.html");
    expect(result.diagnostics.some((d) => d.code === "year-inferred" || d.code === "year-unknown")).toBe(false);
  });

  it("reads the body on one line into its sections and items; header lines are no tasks", () => {
    expect(tasks.map((t) => `${t.kind} ${t.path.join(" ")}`)).toEqual([
      "section 一",
      "task 一 1.",
      "task 一 2.",
      "section 二",
      "task 二 3.",
      "task 二 4.",
    ]);
    expect(tasks.some((t) => /标题|发布时间|原文链接|当前位置|分享到|打印|网站标识码/.test(t.text))).toBe(false);
    const first = tasks[1]!;
    expect(first.deadline).toMatchObject({ kind: "due", due: "2021-12-31" });
    expect(first.responsibility?.assignments.map((a) => a.role)).toEqual(["lead", "cooperating", "cooperating"]);
  });

  it("leaves out the breadcrumb, buttons and footer, saying so", () => {
    const junk = result.diagnostics.filter((d) => d.code === "junk-dropped");
    expect(junk.map((d) => d.text).join(" ")).toMatch(/当前位置.*分享到.*打印本页/);
    expect(junk.map((d) => d.text).join(" ")).toMatch(/网站标识码/);
  });
});
