/**
 * Who may see and do what: the reader roles, the actions each may take, and what a reader sees of
 * personal data (names with phone numbers). Every front end asks this module — the API, the
 * terminal dashboard, the web viewer and embedders — so "may this role see contacts?" and
 * "may this role close a task?" have one answer.
 *
 * The role check here is the gate by role alone. Whether a particular unit may act on a particular
 * task (only a lead reports completion, a reporter only for its units) is the transition rule's
 * (`validateTransition`), which also refuses what this table refuses.
 */
import { z } from "zod";
import type { Actor, LedgerEvent } from "./Event.ts";
import { maskName, maskPhone, PHONE_PATTERN, type Person, redactPerson } from "./Person.ts";
import type { Task } from "./Task.ts";

/** Who reads: an API token's role, or `anonymous` (no token). */
export const ReaderRole = z.enum(["admin", "supervisor", "reporter", "viewer", "anonymous"]);
export type ReaderRole = z.infer<typeof ReaderRole>;

/**
 * What a reader may be allowed to do:
 * - `see-contacts`: names and phone numbers unmasked;
 * - `report`: write progress reports and transitions at all (the transition rules then decide which);
 * - `complete`: report completion (a lead unit's reporter, or an admin);
 * - `close`, `reject`, `reopen`, `extend`: the supervisor's transitions (销号, 退回, reopen, 延期);
 * - `record-measurement`: record an indicator's value;
 * - `import`: import documents (new plans and plan versions);
 * - `manage-tokens`: create, list and revoke API tokens;
 * - `set-event-time`: date an event other than now (back-filling history).
 */
export const Action = z.enum([
  "see-contacts",
  "report",
  "complete",
  "close",
  "reject",
  "reopen",
  "extend",
  "record-measurement",
  "import",
  "manage-tokens",
  "set-event-time",
]);
export type Action = z.infer<typeof Action>;

const WRITERS: readonly ReaderRole[] = ["admin", "supervisor", "reporter"];
const SUPERVISORS: readonly ReaderRole[] = ["admin", "supervisor"];

const ALLOWED: Readonly<Record<Action, readonly ReaderRole[]>> = {
  "see-contacts": WRITERS,
  report: WRITERS,
  complete: ["admin", "reporter"],
  close: SUPERVISORS,
  reject: SUPERVISORS,
  reopen: SUPERVISORS,
  extend: SUPERVISORS,
  "record-measurement": WRITERS,
  import: SUPERVISORS,
  "manage-tokens": ["admin"],
  "set-event-time": ["admin"],
};

/** The roles allowed `action`, most powerful first. */
export function rolesAllowed(action: Action): readonly ReaderRole[] {
  return ALLOWED[action];
}

/** Whether a reader of `role` may take `action` (by role alone; see the module comment). */
export function may(role: ReaderRole, action: Action): boolean {
  return ALLOWED[action].includes(role);
}

/** Whether a reader of `role` may see names and phone numbers unmasked (viewers and anonymous readers may not). */
export function seesPersonalData(role: ReaderRole): boolean {
  return may(role, "see-contacts");
}

/** Masks phone numbers inside free text (narratives, task text, spreadsheet extras): 18643190215 → 186****0215. */
export function maskPhonesIn(text: string): string {
  return text.replace(PHONE_PATTERN, (phone) => maskPhone(phone));
}

/**
 * What a reader sees of personal data: each function returns its input as that reader may see it
 * (unchanged for readers who may see everything).
 */
export interface Redaction {
  /** True when something is masked for this reader. */
  readonly masked: boolean;
  /** A person: name and phone masked, email hidden. */
  person(p: Person): Person;
  /** A task: its people masked, phone numbers in its text, title and kept columns masked. */
  task(t: Task): Task;
  /** An event: the actor's name and phone numbers in its narrative or reason masked. */
  event<E extends LedgerEvent>(e: E): E;
  /** An actor: the name masked. */
  actor(a: Actor): Actor;
  /** Free text: phone numbers masked. */
  text(s: string): string;
}

const identity: Redaction = {
  masked: false,
  person: (p) => p,
  task: (t) => t,
  event: (e) => e,
  actor: (a) => a,
  text: (s) => s,
};

const maskedActor = (a: Actor): Actor => (a.name ? { ...a, name: maskName(a.name) } : a);

const masking: Redaction = {
  masked: true,
  person: redactPerson,
  task: (t) => ({
    ...t,
    text: maskPhonesIn(t.text),
    ...(t.title !== undefined ? { title: maskPhonesIn(t.title) } : {}),
    people: t.people.map(redactPerson),
    ...(t.extra ? { extra: Object.fromEntries(Object.entries(t.extra).map(([k, v]) => [k, maskPhonesIn(v)])) } : {}),
  }),
  event: <E extends LedgerEvent>(e: E): E => {
    const out = { ...e, actor: maskedActor(e.actor) };
    if ("narrative" in out && typeof out.narrative === "string") out.narrative = maskPhonesIn(out.narrative);
    if ("reason" in out && typeof out.reason === "string") out.reason = maskPhonesIn(out.reason);
    return out;
  },
  actor: maskedActor,
  text: maskPhonesIn,
};

/** Nothing masked: for readers who may see personal data (and for computations with no reader). */
export const UNMASKED: Redaction = identity;
/** Everything personal masked: for viewers and anonymous readers. */
export const MASKED: Redaction = masking;

/** What a reader of `role` sees of personal data. */
export function redactionFor(role: ReaderRole): Redaction {
  return seesPersonalData(role) ? identity : masking;
}
