/**
 * Old Word files (.doc, Word 97–2003 binary) read through a maintained converter: LibreOffice,
 * run headless to save the file as .docx, which the Word reader then reads. Where LibreOffice is
 * not installed, the file is refused with what to do (install it, or save the file as .docx).
 *
 * The converter is found on PATH (`soffice`, `libreoffice`), at its usual install places, or at
 * `REFORM_SOFFICE`. Each conversion runs in a temporary directory of its own (the file, a fresh
 * LibreOffice profile so that it does not clash with a LibreOffice the user has open, the result)
 * that is removed afterwards; the converter is started without a shell, with fixed file names,
 * and killed with its children when it takes longer than the time allowed. Conversions run one
 * at a time in a process: each starts a whole LibreOffice.
 */
import { spawn } from "node:child_process";
import { constants } from "node:fs";
import { access, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { pathToFileURL } from "node:url";

export type DocConversion =
  | { ok: true; docx: Uint8Array; converter: string }
  | { ok: false; code: "doc-needs-converter" | "doc-conversion-failed"; message: string };

export interface DocConverterOptions {
  /** The converter to run; `null`: none (as if LibreOffice were not installed). Default: found as the module says. */
  soffice?: string | null;
  /** Time allowed for one conversion (default 120 s: a first start of LibreOffice takes a while). */
  timeoutMs?: number;
  /** Where the temporary directory is made (default the system's). */
  tmpRoot?: string;
}

const NAMES = process.platform === "win32" ? ["soffice.exe", "soffice.com"] : ["soffice", "libreoffice"];
const PLACES =
  process.platform === "win32"
    ? [
        "C:\\Program Files\\LibreOffice\\program\\soffice.exe",
        "C:\\Program Files (x86)\\LibreOffice\\program\\soffice.exe",
      ]
    : process.platform === "darwin"
      ? ["/Applications/LibreOffice.app/Contents/MacOS/soffice"]
      : [
          "/usr/bin/soffice",
          "/usr/lib/libreoffice/program/soffice",
          "/opt/libreoffice/program/soffice",
          "/snap/bin/libreoffice",
        ];

async function executable(path: string): Promise<boolean> {
  try {
    await access(path, process.platform === "win32" ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The LibreOffice to convert with: `REFORM_SOFFICE`, else on PATH, else at its usual places; undefined if none. */
export async function findSoffice(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const explicit = env.REFORM_SOFFICE?.trim();
  if (explicit) return (await executable(explicit)) ? explicit : undefined;
  const dirs = (env.PATH ?? "").split(delimiter).filter((d) => d !== "");
  for (const name of NAMES) for (const dir of dirs) if (await executable(join(dir, name))) return join(dir, name);
  for (const place of PLACES) if (await executable(place)) return place;
  return undefined;
}

export const NEEDS_CONVERTER =
  "this is an old Word file (.doc): reading it needs LibreOffice, which is not installed here. Install it " +
  "(Debian/Ubuntu: apt-get install libreoffice-writer-nogui; or set REFORM_SOFFICE to its soffice), or save " +
  "the file as .docx in Word or WPS (另存为 .docx) and import that";

/** Runs a command without a shell; kills it and its children after `timeoutMs`. */
function run(
  command: string,
  args: readonly string[],
  timeoutMs: number,
): Promise<{ code: number | null; timedOut: boolean; output: string; error?: string }> {
  return new Promise((resolve) => {
    let output = "";
    let timedOut = false;
    const group = process.platform !== "win32";
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], detached: group, windowsHide: true });
    const keep = (chunk: Buffer) => {
      if (output.length < 4000) output += chunk.toString("utf8");
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        // LibreOffice's launcher starts soffice.bin: kill the whole process group.
        if (group && child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
        else child.kill("SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      resolve({ code: null, timedOut, output, error: e.message });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, timedOut, output });
    });
  });
}

let queue: Promise<unknown> = Promise.resolve();

/** Converts .doc bytes to .docx with LibreOffice (see the module comment). Never throws. */
export function docToDocx(bytes: Uint8Array, options: DocConverterOptions = {}): Promise<DocConversion> {
  const next = queue.then(() => convert(bytes, options));
  queue = next.catch(() => undefined);
  return next;
}

async function convert(bytes: Uint8Array, options: DocConverterOptions): Promise<DocConversion> {
  const soffice = options.soffice === undefined ? await findSoffice() : (options.soffice ?? undefined);
  if (soffice === undefined) {
    const named = options.soffice === undefined ? process.env.REFORM_SOFFICE?.trim() : undefined;
    const message = named
      ? `this is an old Word file (.doc), to be converted by LibreOffice, but REFORM_SOFFICE (${named}) is not a ` +
        "program that can be run: set it to LibreOffice's soffice, or unset it to find LibreOffice on PATH, or save " +
        "the file as .docx in Word or WPS (另存为 .docx) and import that"
      : NEEDS_CONVERTER;
    return { ok: false, code: "doc-needs-converter", message };
  }
  const failed = (message: string): DocConversion => ({ ok: false, code: "doc-conversion-failed", message });
  let dir: string | undefined;
  try {
    dir = await mkdtemp(join(options.tmpRoot ?? tmpdir(), "reform-doc-"));
    const input = join(dir, "document.doc");
    const out = join(dir, "out");
    await writeFile(input, bytes);
    await mkdir(out);
    const timeoutMs = options.timeoutMs ?? 120_000;
    const result = await run(
      soffice,
      [
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--nodefault",
        `-env:UserInstallation=${pathToFileURL(join(dir, "profile")).href}`,
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        out,
        input,
      ],
      timeoutMs,
    );
    if (result.timedOut) {
      return failed(`LibreOffice (${soffice}) did not convert the .doc file within ${Math.round(timeoutMs / 1000)} s`);
    }
    if (result.error) return failed(`LibreOffice (${soffice}) could not be started: ${result.error}`);
    let docx: Uint8Array;
    try {
      docx = new Uint8Array(await readFile(join(out, "document.docx")));
    } catch {
      const said = result.output.replace(/\s+/g, " ").trim().slice(0, 300);
      return failed(
        `LibreOffice (${soffice}) could not convert the .doc file (exit ${result.code ?? "killed"}${said ? `: ${said}` : ""}); it may be damaged, or not a Word file`,
      );
    }
    return { ok: true, docx, converter: soffice };
  } catch (e) {
    return failed(`the .doc file could not be converted: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Whether OLE (compound file) bytes hold a Word document: its directory names a `WordDocument` stream. */
export function isWordOle(bytes: Uint8Array): boolean {
  // "WordDocument" in UTF-16LE, as the directory entry holds the stream's name.
  const name = [...new TextEncoder().encode("WordDocument")].flatMap((b) => [b, 0]);
  const first = name[0]!;
  outer: for (
    let i = bytes.indexOf(first);
    i !== -1 && i <= bytes.length - name.length;
    i = bytes.indexOf(first, i + 1)
  ) {
    for (let k = 1; k < name.length; k++) if (bytes[i + k] !== name[k]) continue outer;
    return true;
  }
  return false;
}
