/** People named in a plan and how to reach them. Phone numbers are personal data. */
import { z } from "zod";

export const Contact = z.object({
  phone: z.string().optional(),
  email: z.string().optional(),
});
export type Contact = z.infer<typeof Contact>;

/** 分管领导 / 责任处室负责人 / 承办人 / 联络员. */
export const PersonRole = z.enum(["leader", "office-head", "handler", "liaison"]);
export type PersonRole = z.infer<typeof PersonRole>;

export const Person = z.object({
  name: z.string().min(1),
  role: PersonRole,
  /** Responsible unit (department id or name) the person works for. */
  unit: z.string().optional(),
  /** Office inside the unit, e.g. 医政医管处. */
  office: z.string().optional(),
  contact: Contact.default({}),
});
export type Person = z.infer<typeof Person>;

/** Mainland mobile (1xxxxxxxxxx) and landline (0xxx-xxxxxxx) numbers. */
export const PHONE_PATTERN = /(?:\+?86[- ]?)?(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)/g;

/** Splits a name with a glued phone number: "佟学颖18643190215" → { name, phone }. */
export function splitNameAndPhone(text: string): { name: string; phone?: string } {
  const compact = text.replace(/[\s\u3000\u00a0]+/g, " ").trim();
  const m = /(?:\+?86[- ]?)?(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)/.exec(compact);
  if (!m) return { name: compact.replace(/ /g, "") };
  const name = (compact.slice(0, m.index) + compact.slice(m.index + m[0].length)).replace(/[ ,，:：]/g, "");
  return { name, phone: m[1] };
}

/** Masks a phone number for readers who may not see personal data: 18643190215 → 186****0215. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  if (digits.length < 7) return "*".repeat(digits.length);
  return `${digits.slice(0, 3)}${"*".repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/**
 * Masks a person's name: 张力 → 张*, 文日炫 → 文**. At most two stars, so a long text in a name
 * field (a label such as the demo's) neither shows its length nor fills a column with stars.
 */
export function maskName(name: string): string {
  const chars = [...name.replace(/\s+/g, "")];
  return chars.length <= 1 ? "*" : chars[0] + "*".repeat(Math.min(chars.length - 1, 2));
}

/** A person as shown to a reader without the right to see personal data. */
export function redactPerson(person: Person): Person {
  return {
    ...person,
    name: maskName(person.name),
    contact: {
      ...(person.contact.phone ? { phone: maskPhone(person.contact.phone) } : {}),
      ...(person.contact.email ? { email: "***" } : {}),
    },
  };
}
