/**
 * A refusal from the API in the interface language: a task action refused by one of the domain's
 * rules comes with the rule and the values it speaks of (`details.rule`, `details.params`), worded
 * here from the locale's `refusal` strings; a request refused as invalid comes with its issues
 * (`details.issues`: path, code, message), each worded as the field and what is wrong with it from
 * the locale's `field` and `issue` strings; any other refusal keeps the API's message.
 */
import type { TFunction } from "i18next";
import { ApiFailure } from "./api.ts";

interface RuleDetails {
  rule?: string;
  params?: Record<string, string>;
  issues?: unknown;
}

interface Issue {
  path: (string | number)[];
  code: string;
  message: string;
}

/** Where a request's issue came from (the API names the part of the request first), not a field. */
const REQUEST_PARTS = new Set(["json", "query", "param", "form", "header"]);

const isIssue = (value: unknown): value is Issue => {
  const v = value as Partial<Issue> | null;
  return (
    typeof v === "object" &&
    v !== null &&
    Array.isArray(v.path) &&
    typeof v.code === "string" &&
    typeof v.message === "string"
  );
};

/**
 * One issue in the interface language: the field (its last name in the path, with the item's
 * number when the path ends in a list position) and what is wrong with it by its code; a code the
 * locale does not know keeps the API's message.
 */
export function issueText(t: TFunction, issue: Issue): string {
  const path = issue.path.filter((key) => !(typeof key === "string" && REQUEST_PARTS.has(key)));
  const last = path.length - 1;
  const item = typeof path[last] === "number" ? (path[last] as number) : undefined;
  const name = [...path].reverse().find((key): key is string => typeof key === "string");
  const reason = t(`issue.${issue.code}`, { defaultValue: issue.message });
  if (name === undefined) return reason;
  const field = t(`field.${name}`, { defaultValue: name });
  return t("issues.at", { field: item === undefined ? field : t("issues.item", { field, n: item + 1 }), reason });
}

/** The reason of a refusal, worded in the interface language when its rule is known. */
export function refusalReason(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiFailure)) return error instanceof Error ? error.message : String(error);
  const { rule, params = {}, issues } = (error.details ?? {}) as RuleDetails;
  if (!rule) {
    const worded = Array.isArray(issues) ? issues.filter(isIssue).map((issue) => issueText(t, issue)) : [];
    return worded.length > 0 ? worded.join(t("issues.separator")) : error.message;
  }
  // Statuses and actions named in the interface's words too.
  const values = {
    ...params,
    ...(params.status ? { status: t(`status.${params.status}`, { defaultValue: params.status }) } : {}),
    ...(params.action ? { action: t(`act.${params.action}`, { defaultValue: params.action }) } : {}),
  };
  return t(`refusal.${rule}`, { ...values, defaultValue: error.message });
}
