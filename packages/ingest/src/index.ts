/**
 * @reform/ingest — read reform documents (text, Word .docx and .doc, saved web pages, PDFs with a
 * text layer, XLSX, CSV, ledger JSON) into a typed ledger with diagnostics. `importFile` reads any
 * of them, detecting the format.
 */
export { DIAGNOSTIC_CODES, Diagnostic, type DiagnosticCode, Severity } from "@reform/domain";
export * from "./Decode.ts";
export * from "./Import.ts";
export * from "./ImportFile.ts";
export {
  csvReader,
  DEFAULT_READERS,
  detectFormat,
  FILE_FORMATS,
  type FileEncoding,
  type FileFormat,
  type FileHints,
  type FileReader,
  jsonReader,
  type ReaderOptions,
  type ReaderResult,
  readerFor,
  textReader,
  xlsxReader,
  docxReader,
  docReader,
  docReaderWith,
  htmlReader,
  pdfReader,
} from "./FileReaders.ts";
export * from "./Themes.ts";
export { LAYOUTS, type LayoutKind } from "./Layout.ts";
export * from "./spreadsheet/index.ts";
export * from "./LedgerJson.ts";
export { type DocConversion, type DocConverterOptions, docToDocx, findSoffice } from "./formats/Doc.ts";
export { docxToText } from "./formats/Docx.ts";
export { htmlToText } from "./formats/Html.ts";
export { pdfToText } from "./formats/Pdf.ts";
