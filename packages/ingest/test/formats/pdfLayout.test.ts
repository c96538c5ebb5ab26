/**
 * The text of PDF pages from the positions of their pieces of text (src/formats/PdfLayout.ts), on
 * pages laid out here piece by piece: gaps, tables with wrapped cells, rows, rules, paragraphs.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  findTables,
  layoutText,
  type PdfLine,
  type Piece,
  pageLines,
  piecesText,
  type Rule,
  withoutPageNumbers,
} from "../../src/formats/PdfLayout.ts";

const SIZE = 10;
/** Width of a string in a CJK font: a Chinese character is 1 em, an ASCII one half. */
const width = (s: string) => [...s].reduce((w, c) => w + (c.charCodeAt(0) > 0x7f ? 1 : 0.5), 0) * SIZE;
const piece = (str: string, x: number, y: number): Piece => ({ str, x, y, end: x + width(str), size: SIZE });

/**
 * A page from rows of cells: each cell is [x, lines…], each line one baseline lower (14 pt);
 * a row starts below the previous row's tallest cell (plus `gap`).
 */
function tablePage(rows: (readonly [number, ...string[]])[][], page = 1, top = 700, gap = 4): PdfLine[] {
  const pieces: Piece[] = [];
  let y = top;
  for (const row of rows) {
    let height = 1;
    for (const [x, ...lines] of row) {
      lines.forEach((l, i) => {
        if (l !== "") pieces.push(piece(l, x, y - i * 14));
      });
      height = Math.max(height, lines.length);
    }
    y -= height * 14 + gap;
  }
  return pageLines(pieces, page, 600);
}

const prose = (texts: readonly string[], page = 1, top = 700, x = 50): PdfLine[] =>
  pageLines(
    texts.map((t, i) => piece(t, x, top - i * 14)),
    page,
    600,
  );

describe("gaps between pieces of a line", () => {
  const line = (...parts: [string, number][]) =>
    piecesText(
      parts.map(([s, x]) => piece(s, x, 100)),
      SIZE,
    );

  it("reads a wide gap as a column boundary, a cell's width of space in Chinese text as a cell boundary", () => {
    expect(line(["市卫计委", 0], ["市财政局", 60])).toBe("市卫计委\t市财政局");
    expect(line(["市卫计委", 0], ["市财政局", 48])).toBe("市卫计委\u00a0市财政局");
    expect(line(["6", 0], ["推进药品改革", 14])).toBe("6\u00a0推进药品改革");
  });

  it("reads a space between words as a space, and a word processor's autospacing around numbers as nothing", () => {
    expect(line(["DRGs", 0], ["payment", 23])).toBe("DRGs payment");
    expect(line(["2019", 0], ["年", 22])).toBe("2019年");
    expect(line(["采购", 0], ["“两票制”", 22.5])).toBe("采购 “两票制”");
    expect(line(["采购", 0], ["两票制", 20.5])).toBe("采购两票制");
  });
});

describe("page numbers", () => {
  it("leaves out a page number alone at the foot or head of a page, not a number in the text", () => {
    const lines = pageLines([piece("第一段。", 50, 700), piece("3", 60, 686), piece("- 2 -", 290, 40)], 2, 600);
    expect(withoutPageNumbers(lines).map((l) => l.pieces[0]!.str)).toEqual(["第一段。", "3"]);
    expect(layoutText([pageLines([piece("第 1 页 共 3 页", 270, 800), piece("正文", 50, 700)], 1, 600)])).toBe("正文");
  });
});

describe("tables", () => {
  // 序号 at x 50, 重点任务 at 80 (ten characters wide), 负责单位 at 200, 完成时限 at 300.
  const header: [number, ...string[]][] = [
    [50, "序号"],
    [80, "重点任务"],
    [200, "负责单位"],
    [300, "完成时限"],
  ];

  it("joins a cell's wrapped lines and keeps its empty columns, one row a line", () => {
    const page = tablePage([
      header,
      [
        [50, "1"],
        [80, "制定实施健康山西行动的", "具体落实措施。"],
        [200, "省卫健委"],
        [300, "2019年底前"],
      ],
      [
        [50, "2"],
        [80, "全面执行国家组织药品集", "中采购和使用政策。"],
        [200, "省医保局"],
      ],
    ]);
    expect(findTables(page)).toHaveLength(1);
    expect(layoutText([page])).toBe(
      [
        "序号\t重点任务\t负责单位\t完成时限",
        "1\t制定实施健康山西行动的具体落实措施。\t省卫健委\t2019年底前",
        "2\t全面执行国家组织药品集中采购和使用政策。\t省医保局\t",
      ].join("\n"),
    );
  });

  it("keeps a cell's own line breaks in its row: a line in later columns continues the row", () => {
    const page = tablePage([
      header,
      [
        [50, "1"],
        [80, "制定实施健康山西行动的", "具体落实措施。"],
        [200, "省卫健委", "省财政厅"],
        [300, "2019年", "12月底前"],
      ],
      [
        [50, "2"],
        [80, "全面执行政策。"],
        [200, "省医保局"],
      ],
    ]);
    expect(layoutText([page]).split("\n").slice(1)).toEqual([
      "1\t制定实施健康山西行动的具体落实措施。\t省卫健委省财政厅\t2019年12月底前",
      "2\t全面执行政策。\t省医保局\t",
    ]);
  });

  it("starts a row at an item number even where the cell above ended on a full line", () => {
    const page = tablePage([
      [
        [50, "一、组织"],
        [120, "1.完善医改工作负责制", "度，统一分管三医工作"],
        [240, "持续推进"],
        [320, "省医改办"],
      ],
      [
        [120, "2.落实投入保障责任。"],
        [240, "持续推进"],
        [320, "省财政厅"],
      ],
    ]);
    expect(layoutText([page]).split("\n")).toEqual([
      "一、组织\t1.完善医改工作负责制度，统一分管三医工作\t持续推进\t省医改办",
      "\t2.落实投入保障责任。\t持续推进\t省财政厅",
    ]);
  });

  it("reads a row number centred beside a cell of several lines as that row's", () => {
    const pieces = [
      ...tablePage([header]).flatMap((l) => l.pieces),
      piece("制定实施健康山西行动的", 80, 680),
      piece("具体落实措施，建立健全", 80, 666),
      piece("1", 50, 659),
      piece("省卫健委", 200, 680),
      piece("工作机制。", 80, 652),
      piece("2", 50, 634),
      piece("全面执行政策。", 80, 634),
      piece("省医保局", 200, 634),
    ];
    const page = pageLines(pieces, 1, 600);
    expect(layoutText([page]).split("\n").slice(1)).toEqual([
      "1\t制定实施健康山西行动的具体落实措施，建立健全工作机制。\t省卫健委\t",
      "2\t全面执行政策。\t省医保局\t",
    ]);
  });

  it("ends rows where the table's rules are, where the text alone cannot tell", () => {
    // Every cell has two short paragraphs: no line is full, no cell starts with a number.
    const rows: [number, ...string[]][][] = [
      [
        [50, "甲单位", "乙单位"],
        [200, "年底前", "持续推进"],
      ],
      [
        [50, "丙单位", "丁单位"],
        [200, "年内", "长期"],
      ],
    ];
    const page = tablePage(rows, 1, 700, 6);
    // Rules above the table, between its rows (the first ends at 686, the second starts at 666)
    // and below it.
    const rules: Rule[] = [712, 676, 640].map((y) => ({ page: 1, from: 45, to: 300, y }));
    expect(layoutText([page], rules)).toBe("甲单位乙单位\t年底前持续推进\n丙单位丁单位\t年内长期");
    // An underline just under a line of text is no rule between rows: the text alone decides.
    const underlined = layoutText([page], [...rules.slice(0, 1), { page: 1, from: 50, to: 80, y: 685 }]);
    expect(underlined).toBe(layoutText([page]));
    expect(underlined).not.toBe(layoutText([page], rules));
  });

  it("puts a cell merged down, printed centred in its rows, in the row it starts in", () => {
    // 工作任务 (x 50) merged over three rows: no rules under it; its text printed lower.
    const page = pageLines(
      [
        piece("1.完善制度。", 100, 700),
        piece("一、组织", 50, 680),
        piece("2.落实责任。", 100, 680),
        piece("领导", 50, 660),
        piece("3.加强监管。", 100, 660),
      ],
      1,
      600,
    );
    const rules: Rule[] = [
      { page: 1, from: 45, to: 200, y: 712 },
      { page: 1, from: 95, to: 200, y: 690 },
      { page: 1, from: 95, to: 200, y: 670 },
      { page: 1, from: 45, to: 200, y: 650 },
    ];
    expect(layoutText([page], rules)).toBe("一、组织领导\t1.完善制度。\n\t2.落实责任。\n\t3.加强监管。");
  });

  it("joins a row broken over a page break, and starts the next row after it", () => {
    const full = ["1.完善医改工作负责制度，", "2.落实投入保障责任，积极"];
    const page1 = pageLines(
      [
        piece("持续推进", 50, 700),
        piece(full[0]!, 100, 700),
        piece("统一分管。", 100, 686),
        piece("年底前", 50, 666),
        piece(full[1]!, 100, 666),
      ],
      1,
      600,
    );
    const page2 = pageLines(
      [piece("创新完善财政投入方式。", 100, 700), piece("长期", 50, 680), piece("3.加强监管。", 100, 680)],
      2,
      600,
    );
    const rules: Rule[] = [
      ...[712, 676, 655].map((y) => ({ page: 1, from: 45, to: 230, y })),
      ...[712, 690, 670].map((y) => ({ page: 2, from: 45, to: 230, y })),
    ];
    expect(layoutText([page1, page2], rules).split("\n")).toEqual([
      "持续推进\t1.完善医改工作负责制度，统一分管。",
      "年底前\t2.落实投入保障责任，积极创新完善财政投入方式。",
      "长期\t3.加强监管。",
    ]);
  });

  it("does not read a numbered list with hanging lines as a table", () => {
    const page = pageLines(
      [
        piece("1.", 50, 700),
        piece("完善医改工作负责制度，统一分管三医联动工作，", 75, 700),
        piece("由政府主要负责同志担任组长。", 75, 686),
        piece("2.", 50, 672),
        piece("落实投入保障责任，积极创新完善财政投入方式。", 75, 672),
      ],
      1,
      600,
    );
    expect(findTables(page)).toEqual([]);
  });

  it("ends a table before a line across its columns (a signature) and keeps that line as text", () => {
    const page = tablePage([
      header,
      [
        [50, "1"],
        [80, "制定实施方案。"],
        [200, "省卫健委"],
        [300, "2019年"],
      ],
      [[100, "山西省深化医药卫生体制改革领导小组办公室"]],
    ]);
    const text = layoutText([page]).split("\n");
    expect(text).toHaveLength(3);
    expect(text[2]).toBe("山西省深化医药卫生体制改革领导小组办公室");
  });
});

describe("paragraphs", () => {
  it("joins a line to the one above when its first word would not have fitted there, also over a page break", () => {
    // The margin is at 50 + 20 characters (the longest line).
    const page1 = prose([
      "一、总体要求",
      "坚持目标和结果导向，各级都要建立完善对改",
      "革的监测评估制度。要本着精而约、便捷易抓",
    ]);
    const page2 = prose(["取的原则，科学设置监测评估指标。", "二、重点任务"], 2);
    expect(layoutText([page1, page2])).toBe(
      "一、总体要求\n坚持目标和结果导向，各级都要建立完善对改革的监测评估制度。要本着精而约、便捷易抓取的原则，科学设置监测评估指标。\n二、重点任务",
    );
  });

  it("does not join a line that ends short of the margin with the next, even one without a number", () => {
    const page = prose([
      "坚持目标和结果导向，各级都要建立完善对改",
      "革的监测评估制度。十一月底前完成评估工",
      "作。要本着精而约、便捷易抓取的原则。",
      "7加强医疗机构绩效考核",
    ]);
    expect(layoutText([page]).split("\n")).toEqual([
      "坚持目标和结果导向，各级都要建立完善对改革的监测评估制度。十一月底前完成评估工作。要本着精而约、便捷易抓取的原则。",
      "7加强医疗机构绩效考核",
    ]);
  });
});

describe("any page", () => {
  // Pieces of Chinese text, numbers and markers anywhere on a few pages, with or without rules.
  const pieceArb = fc.record({
    str: fc.string({ unit: fc.constantFrom(..."任务单位市局年底前1234.、（）一二 "), minLength: 1, maxLength: 12 }),
    x: fc.integer({ min: 0, max: 500 }),
    y: fc.integer({ min: 0, max: 800 }),
    page: fc.integer({ min: 1, max: 3 }),
  });
  const ruleArb = fc.record({
    page: fc.integer({ min: 1, max: 3 }),
    from: fc.integer({ min: 0, max: 500 }),
    to: fc.integer({ min: 0, max: 600 }),
    y: fc.integer({ min: 0, max: 800 }),
  });

  it("is read without throwing, and every Chinese character on it is kept", () => {
    fc.assert(
      fc.property(fc.array(pieceArb, { maxLength: 60 }), fc.array(ruleArb, { maxLength: 20 }), (raw, rules) => {
        const pages = [1, 2, 3].map((n) =>
          pageLines(
            raw.filter((p) => p.page === n && p.str.trim() !== "").map((p) => piece(p.str, p.x, p.y)),
            n,
            600,
          ),
        );
        const text = layoutText(pages, rules);
        const count = (s: string) =>
          [...s]
            .filter((c) => /[\u4e00-\u9fff]/.test(c))
            .sort()
            .join("");
        expect(count(text)).toBe(
          count(
            raw
              .filter((p) => p.str.trim() !== "")
              .map((p) => p.str)
              .join(""),
          ),
        );
      }),
      { seed: 20240611, numRuns: 500 },
    );
  });
});
