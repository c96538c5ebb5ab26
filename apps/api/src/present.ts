/**
 * What a caller may see of personal data. Viewers and anonymous readers get people through the
 * domain's `redactPerson` (names and phone numbers masked), actor names masked, and phone numbers
 * written inside free text masked; other roles see everything.
 */
import {
  type Actor,
  type LedgerEvent,
  maskName,
  maskPhone,
  PHONE_PATTERN,
  type Person,
  redactPerson,
  type Task,
} from "@reform/domain";

/** How personal data is shown to the caller. */
export interface Presenter {
  readonly masked: boolean;
  person(p: Person): Person;
  task(t: Task): Task;
  event<E extends LedgerEvent>(e: E): E;
  actor(a: Actor): Actor;
  text(s: string): string;
}

/** Masks phone numbers inside free text (narratives, task text, spreadsheet extras). */
export function maskPhonesIn(text: string): string {
  return text.replace(PHONE_PATTERN, (phone) => maskPhone(phone));
}

const identity: Presenter = {
  masked: false,
  person: (p) => p,
  task: (t) => t,
  event: (e) => e,
  actor: (a) => a,
  text: (s) => s,
};

const maskedActor = (a: Actor): Actor => (a.name ? { ...a, name: maskName(a.name) } : a);

const masking: Presenter = {
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

/** The presenter for a caller that may (`true`) or may not see personal data. */
export function presenter(seesPersonalData: boolean): Presenter {
  return seesPersonalData ? identity : masking;
}
