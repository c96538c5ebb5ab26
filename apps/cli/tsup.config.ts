import { libraryConfig } from "@reform/config/tsup";
import { defineConfig } from "tsup";

// One bundle: the command is a single file; the dashboard (Ink, React; JSX from tsconfig) is imported only by `reform dashboard`.
export default defineConfig(libraryConfig({ entry: ["src/cli.ts"] }));
