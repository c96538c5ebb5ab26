/** Starts the dashboard on the terminal (alternate screen, so quitting leaves the terminal as it was). */
import { render } from "ink";
import type { Query, Source } from "./Model.ts";
import { App } from "./App.tsx";
import { type Lang, stringsFor } from "./Strings.ts";

export interface DashboardOptions extends Partial<Query> {
  color: boolean;
  lang: Lang;
}

/** Runs the dashboard until the operator quits; returns the exit code. */
export async function runDashboard(source: Source, options: DashboardOptions): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write(`${stringsFor(options.lang).needsTerminal}\n`);
    return 2;
  }
  const instance = render(
    <App
      source={source}
      initial={{ asOf: options.asOf, plan: options.plan }}
      color={options.color}
      lang={options.lang}
    />,
    // Interactive whenever both ends are a terminal (checked above), even where CI is set: Ink
    // otherwise renders only the last frame in CI, and an operator's shell may export CI.
    { alternateScreen: true, exitOnCtrlC: true, patchConsole: true, interactive: true },
  );
  await instance.waitUntilExit();
  return 0;
}
