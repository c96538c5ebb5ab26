/**
 * Change notices: NOTIFY inside a write's transaction (PostgreSQL delivers it only if the
 * transaction commits) and LISTEN for subscribers.
 */
import type { ChangeListener, ChangeNotice } from "../Store.ts";
import type { SqlQuery } from "../Sql.ts";
import { type Db, guard } from "./Db.ts";

/** NOTIFY inside the transaction: PostgreSQL delivers it only if the transaction commits. */
export async function notify(db: Db, tx: SqlQuery, notice: ChangeNotice): Promise<void> {
  await tx.query("SELECT pg_notify($1, $2)", [db.channel, JSON.stringify(notice)]);
}

export function subscribe(
  db: Db,
  listener: ChangeListener,
  onGap?: (state: "lost" | "resumed") => void,
): Promise<() => Promise<void>> {
  return guard(() =>
    db.sql.listen(
      db.channel,
      (payload) => {
        const notice = parseNotice(payload);
        if (notice) listener(notice);
      },
      onGap,
    ),
  );
}

function parseNotice(payload: string): ChangeNotice | undefined {
  try {
    const value = JSON.parse(payload) as ChangeNotice;
    return typeof value.seq === "number" && typeof value.planId === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}
