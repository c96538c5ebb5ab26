import {
  buildBulletin,
  computeLedger,
  type Ledger,
  type LedgerEvent,
  may,
  queryTasks,
  redactionFor,
  streamVersions,
} from "@reform/domain";

export function embedder(ledger: Ledger, events: LedgerEvent[]) {
  const { tasks } = ledger;
  const computation = computeLedger({ tasks, events, asOf: "2020-06-30" });
  const source = { tasks, computation, versions: streamVersions(events) };

  // What a viewer may see: names and phone numbers masked.
  const viewer = redactionFor("viewer");

  // The tasks 省医保局 leads that are overdue, most days overdue first, 20 a page.
  const overdue = queryTasks(
    source,
    { department: "省医保局", role: "lead", timeliness: ["overdue"], sort: "overdue", limit: 20 },
    viewer,
  );

  // The bulletin (通报): ranking, overdue and stale items with whom to call, indicators.
  const bulletin = buildBulletin({ tasks, computation, plans: [{ id: ledger.plan.id, ledger, events }] }, viewer);

  // The role checks every front end shares.
  const supervisorMayClose = may("supervisor", "close"); // true
  const viewerSeesContacts = may("viewer", "see-contacts"); // false

  return { overdue, bulletin, supervisorMayClose, viewerSeesContacts };
}
