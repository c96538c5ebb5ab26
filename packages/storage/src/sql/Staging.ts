import { type StagedImport, StageImportInput, StorageError } from "../Store.ts";
import { STAGED_COLUMNS, type StagedRow, toStagedImport } from "../Rows.ts";
import { importRecordIssues, parseInput, parseLedger, validationError } from "../Inputs.ts";
import { type Db, guard } from "./Db.ts";

export function stageImport(db: Db, input: StageImportInput): Promise<StagedImport> {
  return guard(async () => {
    const staging = parseInput(StageImportInput, input, "invalid staged import");
    const record = importRecordIssues({ diagnostics: input.diagnostics });
    if (record.length > 0) throw validationError("invalid staged import", { issues: record });
    const ledger = parseLedger(input.ledger);
    const { id, sourceSha256, fileName, details, now, ttlMs } = staging;
    const staged = new Date(now);
    const expires = new Date(staged.getTime() + ttlMs);
    return db.sql.transaction(async (tx) => {
      await tx.query("DELETE FROM staged_imports WHERE expires_at <= $1", [staged.toISOString()]);
      const [row] = await tx.query<StagedRow>(
        `INSERT INTO staged_imports (id, staged_at, expires_at, source_sha256, file_name, details, diagnostics, ledger)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8::jsonb)
         ON CONFLICT (id) DO UPDATE SET staged_at = EXCLUDED.staged_at, expires_at = EXCLUDED.expires_at,
           source_sha256 = EXCLUDED.source_sha256, file_name = EXCLUDED.file_name, details = EXCLUDED.details,
           diagnostics = EXCLUDED.diagnostics, ledger = EXCLUDED.ledger
         RETURNING ${STAGED_COLUMNS}`,
        [
          id,
          staged.toISOString(),
          expires.toISOString(),
          sourceSha256,
          fileName ?? null,
          JSON.stringify(details),
          JSON.stringify(input.diagnostics ?? []),
          JSON.stringify(ledger),
        ],
      );
      if (!row) throw new StorageError({ message: "staged import was not recorded" });
      return toStagedImport(row);
    });
  });
}

export function getStagedImport(db: Db, id: string, now: Date | string): Promise<StagedImport | undefined> {
  return guard(async () => {
    // The same rule for an instant as when staging.
    const at = StageImportInput.shape.now.safeParse(now);
    if (!at.success) throw validationError("invalid instant", at.error);
    const [row] = await db.sql.query<StagedRow>(
      `SELECT ${STAGED_COLUMNS} FROM staged_imports WHERE id = $1 AND expires_at > $2`,
      [id, new Date(at.data).toISOString()],
    );
    return row ? toStagedImport(row) : undefined;
  });
}

export function discardStagedImport(db: Db, id: string): Promise<boolean> {
  return guard(async () => {
    const rows = await db.sql.query<{ id: string }>("DELETE FROM staged_imports WHERE id = $1 RETURNING id", [id]);
    return rows.length > 0;
  });
}
