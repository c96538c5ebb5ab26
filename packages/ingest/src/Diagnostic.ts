/** What the importer could not fully read, with where it was: the domain's `Diagnostic`, re-exported. */
export { Diagnostic, Severity } from "@reform/domain";
