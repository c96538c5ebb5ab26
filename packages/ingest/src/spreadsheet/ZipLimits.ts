/**
 * Limits checked on an XLSX (a zip file) before it is parsed, so that a small file that expands to
 * gigabytes (a zip bomb) is refused without being expanded in memory: the entries' declared sizes
 * from the central directory, then each worksheet inflated with a hard cap on its output, counting
 * its rows and cells. Only the worksheets are inflated, one at a time, and dropped at once.
 */
import { inflateRawSync } from "node:zlib";
import type { DiagnosticCode } from "../Diagnostic.ts";

export interface ZipLimits {
  /** Most bytes all entries may expand to (declared sizes). */
  maxExpandedBytes: number;
  /** Most bytes one worksheet may expand to (enforced while inflating). */
  maxSheetBytes: number;
  /** Most entries in the zip. */
  maxEntries: number;
  /** Most rows over all worksheets. */
  maxRows: number;
  /** Most cells over all worksheets. */
  maxCells: number;
}

/** Generous for ledgers (10 000 tasks × 20 columns is 200 000 cells), far below what exhausts memory. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxExpandedBytes: 100 * 1024 * 1024,
  maxSheetBytes: 64 * 1024 * 1024,
  maxEntries: 10_000,
  maxRows: 100_000,
  maxCells: 500_000,
};

/** Why a zip breaks the limits (code, message), or undefined when it keeps to them. */
export type ZipLimitError = { code: DiagnosticCode; message: string };

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const u16 = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const u32 = (b: Uint8Array, i: number) => (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;

/** The central directory's entries, or an error when it cannot be read. */
function entries(bytes: Uint8Array, limits: ZipLimits): Entry[] | ZipLimitError {
  // End of central directory: 22 bytes plus a comment of at most 65 535.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (u32(bytes, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { code: "xlsx-unreadable", message: "XLSX 文件不完整：找不到 zip 目录" };
  const count = u16(bytes, eocd + 10);
  const offset = u32(bytes, eocd + 16);
  if (count === 0xffff || offset === 0xffffffff) {
    return { code: "too-large", message: "XLSX 文件使用 zip64 格式，超过可读取的大小" };
  }
  if (count > limits.maxEntries) {
    return { code: "too-large", message: `XLSX 文件有 ${count} 个压缩条目，超过上限 ${limits.maxEntries}` };
  }
  const out: Entry[] = [];
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== 0x02014b50) {
      return { code: "xlsx-unreadable", message: "XLSX 文件的 zip 目录已损坏" };
    }
    const nameLength = u16(bytes, p + 28);
    out.push({
      method: u16(bytes, p + 10),
      compressedSize: u32(bytes, p + 20),
      size: u32(bytes, p + 24),
      localOffset: u32(bytes, p + 42),
      name: new TextDecoder().decode(bytes.subarray(p + 46, p + 46 + nameLength)),
    });
    p += 46 + nameLength + u16(bytes, p + 30) + u16(bytes, p + 32);
  }
  return out;
}

/** Counts `<row` and `<c` elements (`<c>` or `<c …>`, not `<col`) in worksheet XML. */
function countRowsAndCells(xml: Buffer): { rows: number; cells: number } {
  let rows = 0;
  let cells = 0;
  for (let i = xml.indexOf(0x3c); i >= 0 && i < xml.length - 2; i = xml.indexOf(0x3c, i + 1)) {
    const a = xml[i + 1];
    const b = xml[i + 2];
    if (a === 0x63 && (b === 0x20 || b === 0x3e || b === 0x2f))
      cells++; // <c  <c> <c/>
    else if (a === 0x72 && b === 0x6f && xml[i + 3] === 0x77 && (xml[i + 4] === 0x20 || xml[i + 4] === 0x3e)) rows++;
  }
  return { rows, cells };
}

/** Checks an XLSX's zip against the limits without expanding more than one capped worksheet at a time. */
export function checkZipLimits(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipLimitError | undefined {
  const list = entries(bytes, limits);
  if (!Array.isArray(list)) return list;
  let declared = 0;
  for (const e of list) declared += e.size;
  if (declared > limits.maxExpandedBytes) {
    return {
      code: "too-large",
      message: `XLSX 文件解压后有 ${declared} 字节，超过上限 ${limits.maxExpandedBytes} 字节`,
    };
  }
  let rows = 0;
  let cells = 0;
  for (const e of list) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(e.name)) continue;
    const local = e.localOffset;
    if (local + 30 > bytes.length || u32(bytes, local) !== 0x04034b50) {
      return { code: "xlsx-unreadable", message: `XLSX 文件的条目 ${e.name} 已损坏` };
    }
    const start = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28);
    const data = bytes.subarray(start, start + e.compressedSize);
    let xml: Buffer;
    try {
      xml =
        e.method === 0
          ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
          : inflateRawSync(data, { maxOutputLength: limits.maxSheetBytes });
    } catch (error) {
      if (error instanceof RangeError || (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
        return {
          code: "too-large",
          message: `工作表 ${e.name} 解压后超过上限 ${limits.maxSheetBytes} 字节`,
        };
      }
      return { code: "xlsx-unreadable", message: `无法解压 XLSX 条目 ${e.name}` };
    }
    if (xml.length > limits.maxSheetBytes) {
      return { code: "too-large", message: `工作表 ${e.name} 解压后超过上限 ${limits.maxSheetBytes} 字节` };
    }
    const counted = countRowsAndCells(xml);
    rows += counted.rows;
    cells += counted.cells;
    if (rows > limits.maxRows) {
      return { code: "too-many-rows", message: `XLSX 文件有 ${rows} 行以上，超过上限 ${limits.maxRows} 行` };
    }
    if (cells > limits.maxCells) {
      return { code: "too-many-cells", message: `XLSX 文件有 ${cells} 个以上单元格，超过上限 ${limits.maxCells} 个` };
    }
  }
  return undefined;
}
