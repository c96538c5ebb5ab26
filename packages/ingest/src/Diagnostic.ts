/**
 * What the importer could not fully read, with where it was: the domain's `Diagnostic`, with its
 * code one of the domain's {@link DIAGNOSTIC_CODES} (so that every code a reader gives is one a
 * front end can name).
 */
import { Diagnostic as DomainDiagnostic, type DiagnosticCode } from "@reform/domain";

export { DIAGNOSTIC_CODES, type DiagnosticCode, Severity } from "@reform/domain";
export const Diagnostic = DomainDiagnostic;
export type Diagnostic = Omit<DomainDiagnostic, "code"> & { code: DiagnosticCode };
