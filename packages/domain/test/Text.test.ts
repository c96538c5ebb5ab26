/** Text normalisation and Chinese numerals, on forms the seeds write. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CHINESE_NUMERAL_CHARS, parseChineseNumber, readChineseNumeral, toHalfWidth } from "../src/Text.ts";

describe("toHalfWidth", () => {
  it("maps full-width forms and wide spaces code unit to code unit", () => {
    expect(toHalfWidth("（责任单位：市卫生计生委）２０２０年３０％\u3000\u00a0")).toBe(
      "(责任单位:市卫生计生委)2020年30%  ",
    );
  });

  it("returns the text itself when nothing changes", () => {
    const text = "市卫计委负责,2017年10月底前完成";
    expect(toHalfWidth(text)).toBe(text);
  });

  it("rewrites each code unit on its own, so offsets in the result are offsets in the input", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const expected = Array.from(s.split(""), (ch) => {
          const c = ch.charCodeAt(0);
          if (c >= 0xff01 && c <= 0xff5e) return String.fromCharCode(c - 0xfee0);
          return c === 0x3000 || c === 0xa0 ? " " : ch;
        }).join("");
        expect(toHalfWidth(s)).toBe(expected);
      }),
    );
  });
});

describe("parseChineseNumber", () => {
  it.each([
    ["二〇一八", 2018],
    ["二〇二〇", 2020],
    ["〇〇七", 7],
    ["十", 10],
    ["十二", 12],
    ["二十八", 28],
    ["一百二十三", 123],
    ["一百零五", 105],
    ["两千", 2000],
    ["三万五千", 35000],
    ["壹佰贰拾", 120],
    ["十万", 100000],
    ["12", 12],
    ["0.5", 0.5],
    ["２０", 20],
    [" 二十 ", 20],
  ])("%s → %d", (text, value) => {
    expect(parseChineseNumber(text)).toBe(value);
  });

  it.each(["", "  ", "二十x", "1.", ".5", "1.2.3", "第一", "二 十"])("%j is not a numeral", (text) => {
    expect(parseChineseNumber(text)).toBeUndefined();
  });

  it("reads a long digit-by-digit numeral like its decimal string", () => {
    const digits = "一二三四五六七八九〇一二三四五六七八九";
    expect(parseChineseNumber(digits)).toBe(Number("1234567890123456789"));
  });

  it("agrees with readChineseNumeral on any run of numeral characters", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...CHINESE_NUMERAL_CHARS), { minLength: 1, maxLength: 8 }), (chars) => {
        const text = chars.join("");
        expect(parseChineseNumber(text)).toBe(readChineseNumeral(`年${text}月`, 1, text.length + 1));
      }),
    );
  });
});

describe("readChineseNumeral", () => {
  it("reads a range in place", () => {
    expect(readChineseNumeral("二〇二〇年十二月", 0, 4)).toBe(2020);
    expect(readChineseNumeral("二〇二〇年十二月", 5, 7)).toBe(12);
  });

  it("is undefined for an empty range or another character", () => {
    expect(readChineseNumeral("十二", 1, 1)).toBeUndefined();
    expect(readChineseNumeral("十二月", 0, 3)).toBeUndefined();
  });
});
