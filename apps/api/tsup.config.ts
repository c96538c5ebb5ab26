import { libraryConfig } from "@reform/config/tsup";
import { defineConfig } from "tsup";

export default defineConfig(
  libraryConfig({ entry: ["src/index.ts", "src/bulletin.ts", "src/client.ts", "src/main.ts"] }),
);
