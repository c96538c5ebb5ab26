/** The API suites on embedded PGlite (in memory). */
import { memoryStore } from "./support/harness.ts";
import { defineResourceSuite } from "./support/resources.ts";
import { defineApiSuite } from "./support/suite.ts";

defineApiSuite("API on PGlite", memoryStore);
defineResourceSuite("API resources on PGlite", memoryStore);
