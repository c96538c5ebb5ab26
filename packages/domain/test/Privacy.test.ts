import { describe, expect, it } from "vitest";
import {
  Action,
  type Actor,
  deriveTaskState,
  type LedgerEvent,
  MASKED,
  maskPhonesIn,
  may,
  ReaderRole,
  redactionFor,
  rolesAllowed,
  seesPersonalData,
  type StateEvent,
  UNMASKED,
  validateTransition,
} from "../src/index.ts";
import { AS_OF, events, ledgerA, PHONE } from "./support/smallLedger.ts";

describe("who may do what", () => {
  it("lets writers see contacts, and not viewers or anonymous readers", () => {
    expect(ReaderRole.options.filter(seesPersonalData)).toEqual(["admin", "supervisor", "reporter"]);
  });

  it("answers every action for every role from one table", () => {
    for (const action of Action.options) {
      const allowed = rolesAllowed(action);
      for (const role of ReaderRole.options) expect(may(role, action)).toBe(allowed.includes(role));
      expect(allowed).not.toContain("anonymous");
      expect(allowed).not.toContain("viewer");
    }
    expect(rolesAllowed("manage-tokens")).toEqual(["admin"]);
    expect(rolesAllowed("import")).toEqual(["admin", "supervisor"]);
    expect(rolesAllowed("report")).toEqual(["admin", "supervisor", "reporter"]);
  });

  // The role table and the transition rules must agree: a role the table refuses is refused by the
  // rules too, and a role the table allows can do it when the task's status and units allow.
  const task = ledgerA.tasks.find((t) => t.id === "A.1.1")!;
  const history = events.filter((e) => e.taskId === task.id);
  const completed: LedgerEvent[] = [
    ...history,
    {
      id: "done",
      taskId: task.id,
      type: "complete",
      at: "2020-06-01T09:00:00+08:00",
      actor: { role: "reporter", unit: "省卫健委" },
      narrative: "",
      evidence: [],
    },
  ];
  const actorOf = (role: ReaderRole): Actor | undefined =>
    role === "anonymous" ? undefined : role === "reporter" ? { role, unit: "省卫健委" } : { role };
  const eventFor = (action: "complete" | "close" | "reject" | "reopen" | "extend", actor: Actor): StateEvent => {
    const base = { id: `x-${action}`, taskId: task.id, at: "2020-06-20T09:00:00+08:00", actor };
    switch (action) {
      case "complete":
        return { ...base, type: "complete", narrative: "", evidence: [] };
      case "extend":
        return { ...base, type: "extend", due: "2020-12-31", reason: "延期" };
      case "close":
        return { ...base, type: "close", reason: "" };
      default:
        return { ...base, type: action, reason: "理由" };
    }
  };
  for (const action of ["complete", "close", "reject", "reopen", "extend"] as const) {
    it(`agrees with the transition rules on ${action}`, () => {
      for (const role of ReaderRole.options) {
        const actor = actorOf(role);
        if (!actor) {
          expect(may(role, action)).toBe(false);
          continue;
        }
        const before = action === "complete" || action === "extend" ? history : completed;
        const result = validateTransition(task, before, eventFor(action, actor), AS_OF);
        expect({ role, allowed: result.ok }).toEqual({ role, allowed: may(role, action) });
      }
    });
  }

  it("the history used above is what it claims", () => {
    expect(deriveTaskState(task, completed, AS_OF).status).toBe("completed");
  });
});

describe("redaction", () => {
  const task = ledgerA.tasks.find((t) => t.id === "A.1.1")!;
  const report = events.find((e) => e.taskId === task.id && e.type === "report")!;

  it("masks people, phone numbers in text and actor names for viewers and anonymous readers", () => {
    for (const role of ["viewer", "anonymous"] as const) {
      const r = redactionFor(role);
      expect(r.masked).toBe(true);
      const shown = r.task(task);
      expect(JSON.stringify(shown)).not.toContain(PHONE);
      expect(shown.people.map((p) => p.name)).toEqual(["张*", "文**"]);
      expect(shown.people[1]?.contact.phone).toBe("186****0215");
      const ev = r.event(report);
      expect(JSON.stringify(ev)).not.toContain(PHONE);
      expect(ev.actor.name).toBe("赵*");
      expect(r.text(`电话${PHONE}`)).toBe("电话186****0215");
    }
  });

  it("shows everything to writers, unchanged", () => {
    for (const role of ["admin", "supervisor", "reporter"] as const) {
      const r = redactionFor(role);
      expect(r).toBe(UNMASKED);
      expect(r.task(task)).toBe(task);
      expect(r.event(report)).toBe(report);
    }
    expect(redactionFor("viewer")).toBe(MASKED);
  });

  it("leaves the input as it was", () => {
    const copy = structuredClone(task);
    MASKED.task(task);
    expect(task).toEqual(copy);
  });

  it("masks landlines and numbers with a country code in free text", () => {
    expect(maskPhonesIn("办公室0431-88906123，手机+86 13912345678")).not.toMatch(/88906123|12345678/);
  });
});
