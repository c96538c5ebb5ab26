/** What a command may touch: its output streams, the environment and whether it runs on a terminal. */
export interface Io {
  /** Results (JSON with --json, the bulletin, a status screen). */
  stdout(text: string): void;
  /** Messages, progress and errors. */
  stderr(text: string): void;
  /** Binary results (an XLSX written to stdout). Default: none (the command asks for --out). */
  stdoutBytes?(bytes: Uint8Array): void;
  /** Environment (REFORM_URL, REFORM_TOKEN, NO_COLOR); default none. */
  readonly env?: Record<string, string | undefined>;
  /** Whether stdout is a terminal (progress is shown only then). */
  readonly stdoutIsTTY?: boolean;
  /** The terminal's width when stdout is one (status fits it). */
  readonly columns?: number;
  /** Whether stderr is a terminal. */
  readonly stderrIsTTY?: boolean;
  /** The clock "today" (China time) comes from when no --as-of is given (default: the system's). */
  readonly now?: () => Date;
  /** The fetch to reach servers with (default: the global one). */
  readonly fetch?: typeof fetch;
}

/** A progress line on a terminal (overwritten in place), nothing when piped. */
export function progress(io: Io, text: string): void {
  if (io.stderrIsTTY) io.stderr(`\r\x1b[2K${text}`);
}

/** Clears the progress line. */
export function progressDone(io: Io): void {
  if (io.stderrIsTTY) io.stderr("\r\x1b[2K");
}
