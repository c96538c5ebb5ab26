/**
 * The readers `importFile` chooses from, one per file format, and how a file's format is found:
 * by its bytes' signature (a zip is XLSX whatever its name), else by its name's extension, else
 * by its content type, else it is read as a text document.
 *
 * ## Adding a format (the extension point)
 *
 * A format is one {@link FileReader}: its name in {@link FILE_FORMATS}, the extensions and content
 * types that name it, an optional `sniff` for a byte signature, and `read`, which turns bytes into
 * a ledger with diagnostics and never throws. Append it to {@link DEFAULT_READERS} (or pass your
 * own list as `importFile(…, { readers })`). Formats that share a container (DOCX and XLSX are
 * both zip files) sniff the container's content, not only its first bytes: among the readers whose
 * `sniff` accepts the bytes, the one the name or content type names wins, else the first listed.
 */
import { Ledger } from "@reform/domain";
import type { Diagnostic, DiagnosticCode } from "./Diagnostic.ts";
import { decodeDocument } from "./Decode.ts";
import { type Coverage, type ImportOptions, importDocument } from "./Import.ts";
import { regionLevel } from "./Metadata.ts";
import { importCsv } from "./spreadsheet/Csv.ts";
import { type DocConverterOptions, docToDocx, isWordOle } from "./formats/Doc.ts";
import { docxToText, includesAscii, isDocxPackage } from "./formats/Docx.ts";
import { htmlToText } from "./formats/Html.ts";
import { pdfToText } from "./formats/Pdf.ts";
import { importXlsx } from "./spreadsheet/Xlsx.ts";

/** The formats `importFile` can read. */
export const FILE_FORMATS = ["text", "csv", "xlsx", "json", "docx", "doc", "html", "pdf"] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

/**
 * How bytes that are not valid in a format's fixed encoding (ledger JSON: UTF-8) are treated:
 * `strict` (the default) refuses the file; `lenient` reads it with U+FFFD in place of the bad
 * bytes and says so in a warning. Documents and CSV detect their encoding (UTF-8, UTF-16 with a
 * BOM, GB18030) and refuse bytes that fit none, whatever this says.
 */
export type FileEncoding = "strict" | "lenient";

/** What a reader is given besides the bytes. */
export interface ReaderOptions {
  fileName?: string;
  /** Issue date (YYYY-MM-DD), overriding the file's. */
  issued?: string;
  /** Region name (吉林省, 萍乡市), overriding the file's. */
  region?: string;
  /** Documents: undated items of a list whose title names one year are due at its end (marked implied). */
  impliedDeadlines?: boolean;
  encoding: FileEncoding;
}

/** What a reader gives: a ledger with diagnostics, or an error (code, message) and diagnostics. */
export type ReaderResult =
  | { ok: true; ledger: Ledger; diagnostics: Diagnostic[]; layout: string; coverage?: Coverage }
  | { ok: false; error: { code: DiagnosticCode; message: string }; diagnostics: Diagnostic[] };

/** One file format: how it is recognised and read. */
export interface FileReader {
  readonly format: FileFormat;
  /** Lower-case file name extensions with the dot (".csv"). */
  readonly extensions: readonly string[];
  /** Lower-case content types (without parameters) that name this format. */
  readonly contentTypes: readonly string[];
  /** Whether the bytes carry this format's signature; formats without one omit it. */
  readonly sniff?: (bytes: Uint8Array) => boolean;
  /** Reads the bytes; never throws. */
  read(bytes: Uint8Array, options: ReaderOptions): ReaderResult | Promise<ReaderResult>;
}

function importOptions(options: ReaderOptions): ImportOptions {
  return {
    ...(options.fileName ? { fileName: options.fileName } : {}),
    ...(options.issued ? { issued: options.issued } : {}),
    ...(options.region ? { region: options.region } : {}),
    ...(options.impliedDeadlines ? { impliedDeadlines: true } : {}),
  };
}

const replacedBytes = (format: string): Diagnostic => ({
  severity: "warning",
  code: "replaced-bytes",
  message: `the ${format} is not valid UTF-8: the bytes that are not were replaced with U+FFFD`,
});

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d];

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);
}

/** Documents (施工图, 任务清单…) as text: UTF-8, UTF-16 with BOM or GB18030. */
export const textReader: FileReader = {
  format: "text",
  extensions: [".txt", ".text", ".md", ".markdown"],
  contentTypes: ["text/plain", "text/markdown"],
  read: (bytes, options) => importDocument(bytes, importOptions(options)),
};

/** Spreadsheet ledgers as CSV or TSV (the separator is read from the header line). */
export const csvReader: FileReader = {
  format: "csv",
  extensions: [".csv", ".tsv"],
  contentTypes: ["text/csv", "text/tab-separated-values"],
  read: (bytes, options) => importCsv(bytes, importOptions(options)),
};

/** Spreadsheet ledgers as XLSX; an old .xls (OLE) file is refused with a clear message. */
export const xlsxReader: FileReader = {
  format: "xlsx",
  extensions: [".xlsx", ".xls"],
  contentTypes: ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
  sniff: (bytes) => (startsWith(bytes, ZIP) && !isDocxPackage(bytes)) || (startsWith(bytes, OLE) && !isWordOle(bytes)),
  read: (bytes, options) => importXlsx(bytes, importOptions(options)),
};

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const lenientUtf8 = new TextDecoder("utf-8");

/** A ledger as JSON (`@reform/domain` `Ledger`, as `reform import --format json` writes it). */
export const jsonReader: FileReader = {
  format: "json",
  extensions: [".json"],
  contentTypes: ["application/json"],
  read(bytes, options) {
    const diagnostics: Diagnostic[] = [];
    let text: string;
    try {
      text = strictUtf8.decode(bytes);
    } catch {
      if (options.encoding !== "lenient") {
        return {
          ok: false,
          error: { code: "bad-json", message: "the JSON document is not valid UTF-8" },
          diagnostics,
        };
      }
      text = lenientUtf8.decode(bytes);
      diagnostics.push(replacedBytes("JSON document"));
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { ok: false, error: { code: "bad-json", message: "the JSON document could not be parsed" }, diagnostics };
    }
    const parsed = Ledger.safeParse(value);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 50).map(
        (i): Diagnostic => ({
          severity: "error",
          code: "ledger-schema",
          message: `${i.path.join(".")}: ${i.message}`,
        }),
      );
      return {
        ok: false,
        error: { code: "not-a-ledger", message: "the JSON is not a ledger" },
        diagnostics: [...diagnostics, ...issues],
      };
    }
    let ledger = parsed.data;
    if (options.issued) ledger = { ...ledger, plan: { ...ledger.plan, issuedOn: options.issued } };
    if (options.region) {
      ledger = {
        ...ledger,
        plan: { ...ledger.plan, region: { name: options.region, level: regionLevel(options.region) } },
      };
    }
    return { ok: true, ledger, diagnostics, layout: "ledger-json" };
  },
};

/**
 * Documents as Word files (.docx): paragraphs as lines, tables as rows of tab-separated cells with
 * merged cells left empty where they continue, then read like a text document.
 */
export const docxReader: FileReader = {
  format: "docx",
  extensions: [".docx"],
  contentTypes: ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
  sniff: (bytes) => startsWith(bytes, ZIP) && isDocxPackage(bytes),
  read(bytes, options) {
    const text = docxToText(bytes);
    if (!text.ok) return { ok: false, error: { code: "bad-docx", message: text.message }, diagnostics: [] };
    return importDocument(text.text, importOptions(options));
  },
};

/**
 * Old Word files (.doc) through a converter: with `options` saying which LibreOffice (or none, or
 * how long a conversion may take); see `formats/Doc.ts`.
 */
export function docReaderWith(options: DocConverterOptions = {}): FileReader {
  return {
    format: "doc",
    extensions: [".doc"],
    contentTypes: ["application/msword"],
    sniff: (bytes) => startsWith(bytes, OLE) && isWordOle(bytes),
    async read(bytes, readerOptions) {
      const converted = await docToDocx(bytes, options);
      if (!converted.ok)
        return { ok: false, error: { code: converted.code, message: converted.message }, diagnostics: [] };
      const text = docxToText(converted.docx);
      if (!text.ok) return { ok: false, error: { code: "bad-docx", message: text.message }, diagnostics: [] };
      const result = importDocument(text.text, importOptions(readerOptions));
      const note: Diagnostic = {
        severity: "info",
        code: "converted",
        message: `the .doc file was converted to .docx by LibreOffice (${converted.converter}) and read as that`,
      };
      return { ...result, diagnostics: [note, ...result.diagnostics] };
    },
  };
}

/**
 * Old Word files (.doc, Word 97–2003): converted to .docx by LibreOffice where it is installed,
 * else refused (`doc-needs-converter`) with what to install or to save the file as .docx.
 */
export const docReader: FileReader = docReaderWith();

/** Pages saved from a government site (.html): block elements as lines, tables as rows, scripts left out. */
export const htmlReader: FileReader = {
  format: "html",
  extensions: [".html", ".htm", ".xhtml", ".shtml"],
  contentTypes: ["text/html", "application/xhtml+xml"],
  sniff: (bytes) => {
    const head = bytes.subarray(0, 1024);
    return (
      includesAscii(head, "<html") || includesAscii(head, "<!DOCTYPE html") || includesAscii(head, "<!doctype html")
    );
  },
  read(bytes, options) {
    const decoded = decodeDocument(bytes);
    if (!decoded.ok) return { ok: false, error: decoded.error, diagnostics: [] };
    return importDocument(htmlToText(decoded.value.text), importOptions(options));
  },
};

/**
 * PDFs with a text layer: lines and columns from the text's positions (pdf.js), a paragraph
 * wrapped by the page joined again; a scan without text is refused with a reason.
 */
export const pdfReader: FileReader = {
  format: "pdf",
  extensions: [".pdf"],
  contentTypes: ["application/pdf"],
  sniff: (bytes) => startsWith(bytes, PDF),
  async read(bytes, options) {
    const text = await pdfToText(bytes);
    if (!text.ok) return { ok: false, error: { code: "bad-pdf", message: text.message }, diagnostics: [] };
    if (text.text.trim() === "") {
      return {
        ok: false,
        error: {
          code: "no-text",
          message: `the PDF (${text.pages} page${text.pages === 1 ? "" : "s"}) has no text layer: it is a scan; run it through OCR first`,
        },
        diagnostics: [],
      };
    }
    return importDocument(text.text, importOptions(options));
  },
};

/** The readers `importFile` uses unless given others; the text reader is the fallback. */
export const DEFAULT_READERS: readonly FileReader[] = [
  docxReader,
  docReader,
  xlsxReader,
  csvReader,
  jsonReader,
  htmlReader,
  pdfReader,
  textReader,
];

/** What is known of a file besides its bytes. */
export interface FileHints {
  fileName?: string | undefined;
  contentType?: string | undefined;
}

function extensionOf(fileName: string | undefined): string {
  const name = (fileName ?? "").toLowerCase();
  const slash = Math.max(name.lastIndexOf("/"), name.lastIndexOf("\\"));
  const dot = name.lastIndexOf(".");
  return dot > slash + 1 ? name.slice(dot) : "";
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

/**
 * The reader for a file: among readers whose signature the bytes carry, the one the name (else
 * the content type) names, else the first; with no signature, the one the name names, else the
 * content type, else the text reader (or the last reader listed).
 */
export function readerFor(
  bytes: Uint8Array,
  hints: FileHints = {},
  readers: readonly FileReader[] = DEFAULT_READERS,
): FileReader {
  const ext = extensionOf(hints.fileName);
  const type = mediaType(hints.contentType);
  const byName = ext === "" ? undefined : readers.find((r) => r.extensions.includes(ext));
  const byType = type === "" ? undefined : readers.find((r) => r.contentTypes.includes(type));
  const sniffed = readers.filter((r) => r.sniff?.(bytes) === true);
  if (sniffed.length > 0) {
    return sniffed.find((r) => r === byName) ?? sniffed.find((r) => r === byType) ?? sniffed[0]!;
  }
  const fallback = readers.find((r) => r.format === "text") ?? readers[readers.length - 1];
  const chosen = byName ?? byType ?? fallback;
  if (chosen === undefined) throw new TypeError("importFile needs at least one reader");
  return chosen;
}

/** The format a file is read as (see {@link readerFor}). */
export function detectFormat(
  bytes: Uint8Array,
  hints: FileHints = {},
  readers: readonly FileReader[] = DEFAULT_READERS,
): FileFormat {
  return readerFor(bytes, hints, readers).format;
}
