/**
 * Text normalisation shared by every parser: full-width ASCII to half-width, the ideographic and
 * no-break spaces to plain spaces, and Chinese numerals to numbers.
 */

/** Full-width forms (Ａ-ｚ, ０-９, punctuation) to ASCII; U+3000 and U+00A0 to a space. */
export function toHalfWidth(text: string): string {
  let out = "";
  let changed = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) {
      out += String.fromCharCode(c - 0xfee0);
      changed = true;
    } else if (c === 0x3000 || c === 0x00a0) {
      out += " ";
      changed = true;
    } else {
      out += text[i];
    }
  }
  return changed ? out : text;
}

const DIGITS: Record<string, number> = {
  〇: 0,
  零: 0,
  一: 1,
  壹: 1,
  二: 2,
  两: 2,
  贰: 2,
  三: 3,
  叁: 3,
  四: 4,
  肆: 4,
  五: 5,
  伍: 5,
  六: 6,
  陆: 6,
  七: 7,
  柒: 7,
  八: 8,
  捌: 8,
  九: 9,
  玖: 9,
};
const UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000, 万: 10000 };

/** Characters that can appear in a Chinese numeral. */
export const CHINESE_NUMERAL_CHARS = "〇零一壹二两贰三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万";

/**
 * Parses a Chinese numeral ("二十八" → 28, "十" → 10, "二〇二〇" → 2020) or ASCII digits.
 * Returns `undefined` when the text is not a numeral.
 */
export function parseChineseNumber(text: string): number | undefined {
  const t = toHalfWidth(text).trim();
  if (t === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  // Digit-by-digit form: 二〇二〇
  if ([...t].every((ch) => ch in DIGITS) && t.length > 1) {
    return Number([...t].map((ch) => DIGITS[ch]).join(""));
  }
  let total = 0;
  let section = 0;
  let current = 0;
  let seen = false;
  for (const ch of t) {
    if (ch in DIGITS) {
      current = DIGITS[ch]!;
      seen = true;
    } else if (ch in UNITS) {
      const unit = UNITS[ch]!;
      seen = true;
      if (unit === 10000) {
        section = (section + current) * unit;
        total += section;
        section = 0;
      } else {
        section += (current === 0 ? 1 : current) * unit;
      }
      current = 0;
    } else {
      return undefined;
    }
  }
  return seen ? total + section + current : undefined;
}
