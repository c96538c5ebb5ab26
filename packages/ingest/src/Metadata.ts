/**
 * Plan metadata from a document's head and closing lines: title, issuer, document number
 * (〔2019〕, [2017]), issue date, region and level, and the plan year for deadlines written
 * without one.
 */
import { type IsoDate, isValidIsoDate, parseChineseNumber, type Region, type RegionLevel } from "@reform/domain";
import { ARCHIVE_FIELD, DOC_NUMBER, isClosingLine, isTitleLike } from "./Bounds.ts";
import type { Line } from "./Lines.ts";

export interface DocumentMetadata {
  title?: string;
  issuer?: string;
  docNumber?: string;
  issuedOn?: IsoDate;
  region?: Region;
  /** The page the document was saved from (an archive header's 原文链接). */
  url?: string;
  /** Year stated by the title ("2017年重点工作任务"), used when there is no issue date. */
  titleYear?: number;
}

const MUNICIPALITIES = new Set(["北京市", "天津市", "上海市", "重庆市"]);
const REGION =
  /^(?:中共)?([\u4e00-\u9fa5]{2,6}?(?:省|自治区))?([\u4e00-\u9fa5]{2,7}?(?:市|自治州|州|盟|地区))?([\u4e00-\u9fa5]{1,6}?(?:县|区|旗))?/;
const NOTICE = /^(?:【[^】]{1,6}】)?(.{2,40}?)\s*关于(?:印发|转发|下发)\s*[《〈<]?(.+?)[》〉>]?\s*的通知$/;
const DATE =
  /(\d{4}|[〇零一二三四五六七八九○]{4})\s*年\s*([\d一二三四五六七八九十]{1,3})\s*月\s*([\d一二三四五六七八九十]{1,3})\s*日/;
const ISO_DATE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/;
const WEB_LABEL =
  /^(发布日期|成文日期|印发日期|发文日期|发文字号|文号|颁发部门|发文机关|发布机构|有效地区)\s*[:：]?\s*(.*)$/;

/** Removes spaces between Chinese characters (titles wrapped across lines). */
function tidy(text: string): string {
  return text
    .replace(/^【[^】]{1,6}】/, "")
    .replace(/(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])/g, "")
    .trim();
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** Reads a date written "2019年12月26日", "二〇一九年十二月二十六日" or "2017-09-14". */
export function readDate(text: string): IsoDate | undefined {
  const t = text.replace(/\s+/g, "");
  const m = DATE.exec(t);
  let y: number | undefined;
  let mo: number | undefined;
  let d: number | undefined;
  if (m) {
    y = parseChineseNumber(m[1]!.replace(/○/g, "〇"));
    mo = parseChineseNumber(m[2]!);
    d = parseChineseNumber(m[3]!);
  } else {
    const iso = ISO_DATE.exec(t);
    if (!iso) return undefined;
    [y, mo, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  }
  if (y === undefined || mo === undefined || d === undefined) return undefined;
  const date = `${y}-${pad(mo)}-${pad(d)}`;
  return isValidIsoDate(date) ? date : undefined;
}

/** The level of a region from its name: 吉林省 province, 萍乡市 city, 某某县 county. */
export function regionLevel(name: string): RegionLevel {
  if (/(?:省|自治区)$/.test(name) || MUNICIPALITIES.has(name)) return "province";
  if (/(?:县|区|旗)$/.test(name)) return "county";
  if (/^(?:全国|国家|中国|国务院)/.test(name)) return "national";
  return "city";
}

/** The most specific region a name starts with: "江西省萍乡市人民政府" → 萍乡市 (city). */
export function regionOf(text: string): Region | undefined {
  const m = REGION.exec(text.replace(/\s+/g, ""));
  if (!m) return undefined;
  const name = m[3] ?? m[2] ?? m[1];
  if (!name || /关于|推进|深化|进一步|建设|实施|医|改革|[和的与及]/.test(name)) return undefined;
  return { name, level: regionLevel(name) };
}

/** Web page metadata blocks put a label on one line and its value on the next. */
function webFields(lines: readonly Line[]): Map<string, string> {
  const fields = new Map<string, string>();
  for (const l of lines) {
    const m = ARCHIVE_FIELD.exec(l.text);
    if (m?.[2] && !fields.has(m[1]!)) fields.set(m[1]!, m[2].trim());
  }
  for (let i = 0; i < lines.length; i++) {
    const m = WEB_LABEL.exec(lines[i]!.text);
    if (!m) continue;
    const value = m[2] || lines[i + 1]?.text || "";
    if (value !== "" && !fields.has(m[1]!)) fields.set(m[1]!, value);
  }
  return fields;
}

/** Reads the plan's metadata from the document head and closing lines. */
export function readMetadata(head: readonly Line[], closing: readonly Line[]): DocumentMetadata {
  const meta: DocumentMetadata = {};
  const web = webFields(head);
  const texts = head.map((l) => l.text).filter((t) => t !== "" && !ARCHIVE_FIELD.test(t));

  const docLine = texts.find((t) => {
    const m = DOC_NUMBER.exec(t);
    return m !== null && m[0].length >= t.replace(/\s+/g, "").length - 2;
  });
  const docNumber =
    docLine ?? web.get("发文字号") ?? web.get("文号") ?? texts.find((t) => t.length <= 40 && DOC_NUMBER.test(t));
  if (docNumber) meta.docNumber = DOC_NUMBER.exec(docNumber)?.[0].replace(/\s+/g, "") ?? docNumber;

  const titles = texts.filter((t) => isTitleLike(t) && !DOC_NUMBER.test(t) && !/文件$/.test(t));
  const notice = titles.map((t) => NOTICE.exec(tidy(t))).find((m) => m !== null);
  const plain = titles.filter((t) => !NOTICE.test(tidy(t)));
  const archived = web.get("标题") ?? web.get("题目");
  const archivedNotice = archived ? NOTICE.exec(tidy(archived)) : null;
  const title =
    plain.length > 0
      ? tidy(plain[plain.length - 1]!)
      : (notice?.[2] ?? archivedNotice?.[2] ?? (archived ? tidy(archived) : undefined));
  if (title) meta.title = title;

  const redHeader = texts.find((t) => /文件$/.test(t) && t.length <= 40);
  const signature = (() => {
    for (let i = 1; i < texts.length; i++) {
      if (readDate(texts[i]!) && isClosingLine(texts[i - 1]!) && !readDate(texts[i - 1]!)) return texts[i - 1];
    }
    return undefined;
  })();
  const issuer =
    notice?.[1] ??
    archivedNotice?.[1] ??
    (redHeader ? redHeader.replace(/文件$/, "") : undefined) ??
    signature ??
    web.get("颁发部门") ??
    web.get("发文机关") ??
    web.get("发布机构") ??
    web.get("发布单位");
  if (issuer) meta.issuer = tidy(issuer);

  const dateLine = texts.find((t) => isClosingLine(t) && readDate(t) !== undefined);
  const closingDate = closing.map((l) => readDate(l.text)).find((d) => d !== undefined);
  const issuedOn =
    (dateLine ? readDate(dateLine) : undefined) ??
    [web.get("成文日期"), web.get("印发日期"), web.get("发文日期")]
      .map((v) => (v ? readDate(v) : undefined))
      .find((d) => d !== undefined) ??
    closingDate ??
    // A page's publication date comes after the document's own date, and is used only without it.
    [web.get("发布日期"), web.get("发布时间")]
      .map((v) => (v ? readDate(v.trim().split(/\s+/)[0]!) : undefined))
      .find((d) => d !== undefined);
  if (issuedOn) meta.issuedOn = issuedOn;
  const url = web.get("原文链接") ?? web.get("原文地址");
  if (url && /^https?:\/\/\S+$/.test(url)) meta.url = url;

  const region = [meta.issuer, web.get("有效地区"), meta.title, ...texts.slice(0, 3)]
    .map((t) => (t ? regionOf(tidy(t)) : undefined))
    .find((r) => r !== undefined);
  if (region) meta.region = region;

  const year = meta.title ? /(\d{4})\s*年/.exec(meta.title)?.[1] : undefined;
  if (year) meta.titleYear = Number(year);
  return meta;
}
