import type { Options } from "tsup";
export declare function libraryConfig(options?: Options): Options;
