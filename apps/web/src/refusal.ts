/**
 * A refusal from the API in the interface language: a task action refused by one of the domain's
 * rules comes with the rule and the values it speaks of (`details.rule`, `details.params`), worded
 * here from the locale's `refusal` strings; any other refusal keeps the API's message.
 */
import type { TFunction } from "i18next";
import { ApiFailure } from "./api.ts";

interface RuleDetails {
  rule?: string;
  params?: Record<string, string>;
}

/** The reason of a refusal, worded in the interface language when its rule is known. */
export function refusalReason(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiFailure)) return error instanceof Error ? error.message : String(error);
  const { rule, params = {} } = (error.details ?? {}) as RuleDetails;
  if (!rule) return error.message;
  // Statuses and actions named in the interface's words too.
  const values = {
    ...params,
    ...(params.status ? { status: t(`status.${params.status}`, { defaultValue: params.status }) } : {}),
    ...(params.action ? { action: t(`act.${params.action}`, { defaultValue: params.action }) } : {}),
  };
  return t(`refusal.${rule}`, { ...values, defaultValue: error.message });
}
