/** The API suite on embedded PGlite (in memory). */
import { memoryStore } from "./support/harness.ts";
import { defineApiSuite } from "./support/suite.ts";

defineApiSuite("API on PGlite", memoryStore);
