import { libraryConfig } from "@reform/config/tsup";
import { defineConfig } from "tsup";

// Code splitting: each command's modules (and the packages they import) load only when it runs, so
// `reform --help` and the write commands start without the importers or the dashboard (Ink, React).
export default defineConfig(libraryConfig({ entry: ["src/cli.ts"], splitting: true }));
