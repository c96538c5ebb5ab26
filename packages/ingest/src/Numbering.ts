/**
 * The numbering grammar of Chinese official documents, outermost first:
 * 一、 > （一） / (一) > 1. / 1、 / 1． > （1） / (1) > ①. Markers are recognised at the start of a
 * line and normalised to one canonical label per style ("(一)" → "（一）", "1、" → "1.").
 */
import { CHINESE_NUMERAL_CHARS, parseChineseNumber } from "@reform/domain";

export type MarkerStyle = "chinese" | "paren-chinese" | "arabic" | "paren-arabic" | "circled" | "article";

/** Styles in their conventional nesting order (depth 0 = outermost). */
export const MARKER_STYLES: readonly MarkerStyle[] = ["chinese", "paren-chinese", "arabic", "paren-arabic", "circled"];

export interface Marker {
  style: MarkerStyle;
  /** Conventional depth of the style: 0 for 一、 … 4 for ①. */
  depth: number;
  /** The number the marker carries (一 → 1, ③ → 3). */
  ordinal: number;
  /** Canonical label: "一", "（一）", "1.", "（1）", "①". */
  label: string;
  /** The marker as written, e.g. "(一) ". */
  raw: string;
  /** Text after the marker. */
  rest: string;
}

const CN = `[${CHINESE_NUMERAL_CHARS}]{1,4}`;
const CHINESE = new RegExp(`^(${CN})\\s*[、，,．.]\\s*`);
const PAREN_CHINESE = new RegExp(`^[（(]\\s*(${CN})\\s*[）)]\\s*[、.．]?\\s*`);
/** "1." not followed by a digit, or followed by a year or month ("2.2020年…", "1.9月底前…"), unlike "2.5%". */
const ARABIC = /^(\d{1,3})\s*(?:[.．、](?![\d.．])|[.．](?=(?:19|20)\d{2}(?!\d)|\d{1,2}\s*月))\s*/;
const PAREN_ARABIC = /^[（(]\s*(\d{1,3})\s*[）)]\s*/;
const CIRCLED = /^([\u2460-\u2473])\s*/;
const ARTICLE = new RegExp(`^第\\s*(${CN})\\s*条[\\s:：、，,．.]*`);

/**
 * "11.121人才梯队项目": an item number that runs into digits, read as a marker only where the
 * numbering expects that number next, and not when the digits read as a decimal amount (11.5%).
 */
function runOn(text: string, expected: number | undefined): RegExpExecArray | null {
  if (expected === undefined) return null;
  const m = /^(\d{1,3})\s*[.．](?=\d)/.exec(text);
  if (!m || Number(m[1]) !== expected) return null;
  if (/^\d+(?:[.．]\d+)?\s*(?:[%％‰倍元万亿千百个]|以上|以下|左右)/.test(text.slice(m[0].length))) return null;
  return m;
}

/** Chinese numerals in markers are few ("一" … "九十九"): read each once. */
const NUMERALS = new Map<string, number | undefined>();
function numeral(text: string): number | undefined {
  if (NUMERALS.has(text)) return NUMERALS.get(text);
  const n = parseChineseNumber(text);
  if (NUMERALS.size < 1000) NUMERALS.set(text, n);
  return n;
}

function make(style: MarkerStyle, ordinal: number, label: string, raw: string, text: string): Marker {
  // An article (第一条) is an item, at the depth of 1. items.
  const depth = style === "article" ? 2 : MARKER_STYLES.indexOf(style);
  return { style, depth, ordinal, label, raw, rest: text.slice(raw.length).trim() };
}

/**
 * Reads the numbering marker at the start of `text` (already cleaned), if any. Chinese numerals
 * above 99 and Arabic numbers above 999 are not read as markers.
 */
export function readMarker(text: string, expectedArabic?: number): Marker | undefined {
  const c = text.charCodeAt(0);
  if (c === 0xff08 || c === 0x28) {
    let m = PAREN_CHINESE.exec(text);
    if (m) {
      const n = numeral(m[1]!);
      if (n !== undefined && n > 0 && n < 100) return make("paren-chinese", n, `（${m[1]}）`, m[0], text);
    }
    m = PAREN_ARABIC.exec(text);
    if (m) {
      const n = Number(m[1]);
      if (n > 0) return make("paren-arabic", n, `（${n}）`, m[0], text);
    }
    return undefined;
  }
  if (c >= 0x30 && c <= 0x39) {
    const m = ARABIC.exec(text) ?? runOn(text, expectedArabic);
    if (!m) return undefined;
    const n = Number(m[1]);
    return n > 0 ? make("arabic", n, `${n}.`, m[0], text) : undefined;
  }
  if (c >= 0x2460 && c <= 0x2473) {
    const m = CIRCLED.exec(text)!;
    return make("circled", c - 0x2460 + 1, m[1]!, m[0], text);
  }
  if (c === 0x7b2c) {
    const m = ARTICLE.exec(text);
    const n = m ? numeral(m[1]!) : undefined;
    return m && n !== undefined && n > 0 && n < 1000 ? make("article", n, `第${m[1]}条`, m[0], text) : undefined;
  }
  if (CHINESE_NUMERAL_CHARS.includes(text[0] ?? "")) {
    const m = CHINESE.exec(text);
    if (!m) return undefined;
    const n = numeral(m[1]!);
    // "一、" needs the enumeration comma or a full stop; "一是" / "一方面" are not markers.
    if (n !== undefined && n > 0 && n < 100) return make("chinese", n, m[1]!, m[0], text);
  }
  return undefined;
}

/** Splits "破除“以药补医”机制。按照…" into a short title (the first sentence) and the text. */
export function splitTitle(rest: string, maxTitle = 40): { title?: string; body: string } {
  const stop = rest.search(/[。；;]/);
  if (stop > 0 && stop <= maxTitle) return { title: rest.slice(0, stop), body: rest };
  if (stop === -1 && rest.length <= maxTitle) return { title: rest.replace(/[：:]$/, ""), body: rest };
  return { body: rest };
}
