/**
 * Text normalisation shared by every parser: full-width ASCII to half-width, the ideographic and
 * no-break spaces to plain spaces, and Chinese numerals to numbers.
 */

/** Whether `c` is a full-width form (U+FF01–U+FF5E) or a space that {@link toHalfWidth} rewrites. */
function isWide(c: number): boolean {
  return (c >= 0xff01 && c <= 0xff5e) || c === 0x3000 || c === 0x00a0;
}

/**
 * Full-width forms (Ａ-ｚ, ０-９, punctuation) to ASCII; U+3000 and U+00A0 to a space. Maps code
 * unit to code unit, so offsets in the result are offsets in `text`; returns `text` itself when
 * nothing changes.
 */
export function toHalfWidth(text: string): string {
  const n = text.length;
  let i = 0;
  while (i < n && !isWide(text.charCodeAt(i))) i++;
  if (i === n) return text;
  // Copy the unchanged runs between rewritten characters in slices.
  let out = "";
  let from = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += text.slice(from, i) + String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000 || c === 0x00a0) out += `${text.slice(from, i)} `;
    else continue;
    from = i + 1;
  }
  return out + text.slice(from);
}

/** Characters that can appear in a Chinese numeral. */
export const CHINESE_NUMERAL_CHARS = "〇零一壹二两贰三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万";

const NOT_NUMERAL = 255;
/**
 * Each character of {@link CHINESE_NUMERAL_CHARS} by char code: its value 0–9 for digits, else
 * 10 + the power of ten of its unit (十 11, 百 12, 千 13, 万 14); {@link NOT_NUMERAL} for the rest.
 */
const NUMERAL_CODE = new Uint8Array(0x10000).fill(NOT_NUMERAL);
const NUMERAL_GROUPS: ReadonlyArray<readonly [string, number]> = [
  ["〇零", 0],
  ["一壹", 1],
  ["二两贰", 2],
  ["三叁", 3],
  ["四肆", 4],
  ["五伍", 5],
  ["六陆", 6],
  ["七柒", 7],
  ["八捌", 8],
  ["九玖", 9],
  ["十拾", 11],
  ["百佰", 12],
  ["千仟", 13],
  ["万", 14],
];
for (const [chars, code] of NUMERAL_GROUPS)
  for (let k = 0; k < chars.length; k++) NUMERAL_CODE[chars.charCodeAt(k)] = code;
const UNIT_VALUE = [10, 100, 1000, 10000];

/** The value of a Chinese digit (〇零一壹二两贰…九玖) by char code, or -1. */
export function chineseDigitValue(c: number): number {
  const v = NUMERAL_CODE[c]!;
  return v < 10 ? v : -1;
}

/**
 * Value of the Chinese numeral `s[start, end)`, read in place: digit by digit when it has only
 * digits and more than one ("二〇二〇" → 2020), else by units ("二十八" → 28, "十" → 10, "三万五千"
 * → 35000). Undefined when the range is empty or holds another character (spaces included).
 */
export function readChineseNumeral(s: string, start: number, end: number): number | undefined {
  if (end <= start) return undefined;
  let total = 0;
  let section = 0;
  let current = 0;
  /** The digits read one by one (exact while there are at most 15 of them). */
  let digits = 0;
  let onlyDigits = true;
  for (let k = start; k < end; k++) {
    const code = NUMERAL_CODE[s.charCodeAt(k)]!;
    if (code === NOT_NUMERAL) return undefined;
    if (code < 10) {
      current = code;
      digits = digits * 10 + code;
    } else {
      onlyDigits = false;
      const v = UNIT_VALUE[code - 11]!;
      if (v === 10000) {
        section = (section + current) * v;
        total += section;
        section = 0;
      } else {
        section += (current === 0 ? 1 : current) * v;
      }
      current = 0;
    }
  }
  if (!onlyDigits || end - start === 1) return total + section + current;
  if (end - start <= 15) return digits;
  // Too many digits for exact sums: let Number round the decimal string once.
  let decimal = "";
  for (let k = start; k < end; k++) decimal += NUMERAL_CODE[s.charCodeAt(k)];
  return Number(decimal);
}

/** Whether `t` is ASCII digits with an optional decimal part ("12", "0.5"). */
function isDecimal(t: string): boolean {
  const n = t.length;
  let i = 0;
  while (i < n && isAsciiDigit(t.charCodeAt(i))) i++;
  if (i === 0) return false;
  if (i === n) return true;
  if (t.charCodeAt(i) !== 0x2e || i + 1 === n) return false;
  for (i++; i < n; i++) if (!isAsciiDigit(t.charCodeAt(i))) return false;
  return true;
}

function isAsciiDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Parses a Chinese numeral ("二十八" → 28, "十" → 10, "二〇二〇" → 2020) or ASCII digits.
 * Returns `undefined` when the text is not a numeral.
 */
export function parseChineseNumber(text: string): number | undefined {
  const t = toHalfWidth(text).trim();
  if (t === "") return undefined;
  if (isDecimal(t)) return Number(t);
  return readChineseNumeral(t, 0, t.length);
}
