/**
 * The former way imports wrote task rows, kept as the reference the bulk path is compared with
 * (test/importRows.test.ts) and measured against (bench/store.ts): every written row upserted
 * with `jsonb_to_recordset`, 500 rows a statement — inserted, or updated in place when the id is
 * stored, `removed_at` cleared.
 */
import type { TaskRowWriter } from "../../src/sql/Imports.ts";

const BATCH = 500;

export const upsertEveryRow: TaskRowWriter = async (tx, rows) => {
  for (let i = 0; i < rows.length; i += BATCH) {
    await tx.query(
      `INSERT INTO tasks (id, plan_id, parent_id, kind, path, position, lead_units, cooperating_units, themes,
                          due_date, task, plan_version, removed_at)
       SELECT id, plan_id, parent_id, kind, path, position, lead_units, cooperating_units, themes,
              due_date, task, plan_version, NULL
         FROM jsonb_to_recordset($1::jsonb) AS x(id text, plan_id text, parent_id text, kind text, path text[],
              position integer, lead_units text[], cooperating_units text[], themes text[], due_date date,
              task jsonb, plan_version integer)
       ON CONFLICT (id) DO UPDATE SET parent_id = EXCLUDED.parent_id, kind = EXCLUDED.kind, path = EXCLUDED.path,
         position = EXCLUDED.position, lead_units = EXCLUDED.lead_units,
         cooperating_units = EXCLUDED.cooperating_units, themes = EXCLUDED.themes, due_date = EXCLUDED.due_date,
         task = EXCLUDED.task, plan_version = EXCLUDED.plan_version, removed_at = NULL`,
      [JSON.stringify(rows.slice(i, i + BATCH))],
    );
  }
};
