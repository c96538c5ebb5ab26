/**
 * iCalendar (RFC 5545) writing: TEXT escaping, content lines folded at 75 octets without splitting a
 * UTF-8 character, CRLF line ends, all-day events.
 */

/**
 * Escapes a TEXT value (RFC 5545 §3.3.11). Control characters other than line breaks and tabs (NUL
 * among them) may not appear in a content line: they are dropped.
 */
export function escapeText(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n")
    .replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, "");
}

const encoder = new TextEncoder();

/** Folds a content line: at most 75 octets per line, continuation lines start with a space (§3.1). */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = encoder.encode(ch).length;
    const limit = out.length === 0 ? 75 : 74; // continuation lines carry a leading space
    if (octets + size > limit) {
      out.push(current);
      current = "";
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join("\r\n ");
}

/** YYYY-MM-DD → YYYYMMDD. */
const dateValue = (iso: string) => iso.replaceAll("-", "");

/** A UTC instant in the basic format: 20200930T040000Z. */
export function utcStamp(instant: Date): string {
  return `${instant.toISOString().replace(/[-:]/g, "").slice(0, 15)}Z`;
}

export interface AllDayEvent {
  uid: string;
  /** First day (YYYY-MM-DD). */
  date: string;
  summary: string;
  description?: string | undefined;
  categories?: string[] | undefined;
  url?: string | undefined;
}

/** A VCALENDAR with all-day VEVENTs (DTEND is the day after, exclusive). */
export function calendar(
  name: string,
  events: readonly AllDayEvent[],
  stamp: Date,
  nextDay: (date: string) => string,
): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Reform Ledger//改革任务台账//ZH",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    `X-WR-CALNAME:${escapeText(name)}`,
    "X-WR-TIMEZONE:Asia/Shanghai",
  ];
  const dtstamp = utcStamp(stamp);
  for (const e of events) {
    lines.push(
      "BEGIN:VEVENT",
      `UID:${escapeText(e.uid)}`,
      `DTSTAMP:${dtstamp}`,
      `DTSTART;VALUE=DATE:${dateValue(e.date)}`,
      `DTEND;VALUE=DATE:${dateValue(nextDay(e.date))}`,
      `SUMMARY:${escapeText(e.summary)}`,
      ...(e.description ? [`DESCRIPTION:${escapeText(e.description)}`] : []),
      ...(e.categories?.length ? [`CATEGORIES:${e.categories.map(escapeText).join(",")}`] : []),
      ...(e.url ? [`URL:${e.url}`] : []),
      "TRANSP:TRANSPARENT",
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return `${lines.map(foldLine).join("\r\n")}\r\n`;
}
