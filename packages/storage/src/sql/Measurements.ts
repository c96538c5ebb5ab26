import type { MeasurementQuery, StoredEvent } from "../Store.ts";
import { EVENT_COLUMNS, type EventRow, toStoredEvent } from "../Rows.ts";
import { type Db, guard } from "./Db.ts";

export function listMeasurements(db: Db, query: MeasurementQuery = {}): Promise<StoredEvent[]> {
  return guard(async () => {
    const rows = await db.sql.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events
        WHERE type = 'measurement' AND ($1::text IS NULL OR plan_id = $1::text)
          AND ($2::text IS NULL OR payload->>'indicatorId' = $2::text)
          AND ($3::text IS NULL OR payload->>'region' = $3::text)
        ORDER BY seq`,
      [query.planId ?? null, query.indicatorId ?? null, query.region ?? null],
    );
    return rows.map(toStoredEvent);
  });
}
