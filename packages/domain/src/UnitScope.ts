/**
 * A token's department scope (the units a reporter acts for) as canonical units of a region.
 * A bare name such as 市财政局 names a different body in every city: a scope holds unit ids
 * ("萍乡市:市财政局"), so a reporter of one city's finance bureau never reports on another's.
 */
import { canonicalUnitName, type ResponsibleUnit } from "./Department.ts";
import type { Region } from "./Plan.ts";

/** Why a requested unit is not a canonical unit of one region. */
export interface UnitScopeIssue {
  /** The unit as requested. */
  unit: string;
  reason: "unknown" | "ambiguous";
  /** For an ambiguous name, the ids it could mean. */
  candidates: string[];
  message: string;
}

export type UnitScopeResult = { ok: true; units: string[] } | { ok: false; issues: UnitScopeIssue[] };

/**
 * Resolves requested units to the ids of known units: an id as it is; a name, alias or
 * canonicalisable name when it names one unit of one region; otherwise an issue saying whether the
 * unit is unknown or which ids it could mean.
 */
export function resolveUnitScope(requested: readonly string[], known: Iterable<ResponsibleUnit>): UnitScopeResult {
  const byId = new Map<string, ResponsibleUnit>();
  for (const unit of known) if (!byId.has(unit.id)) byId.set(unit.id, unit);
  const units: string[] = [];
  const issues: UnitScopeIssue[] = [];
  for (const raw of requested) {
    const wanted = raw.trim();
    if (byId.has(wanted)) {
      if (!units.includes(wanted)) units.push(wanted);
      continue;
    }
    const candidates = [...byId.values()]
      .filter(
        (u) =>
          u.name === wanted ||
          u.aliases.includes(wanted) ||
          (wanted !== "" && canonicalUnitName(wanted, u.region) === u.name),
      )
      .map((u) => u.id);
    if (candidates.length === 1) {
      if (!units.includes(candidates[0]!)) units.push(candidates[0]!);
    } else if (candidates.length === 0) {
      issues.push({ unit: raw, reason: "unknown", candidates, message: `unknown unit: ${raw}` });
    } else {
      issues.push({
        unit: raw,
        reason: "ambiguous",
        candidates,
        message: `${raw} is a unit of several regions; give one of ${candidates.join(", ")}`,
      });
    }
  }
  return issues.length === 0 ? { ok: true, units } : { ok: false, issues };
}

/**
 * The entry of a scope that acts for `unit` (a unit id, or a unit name within `region` or, with
 * no region, within whichever region the scope's entry names); undefined when none does.
 */
export function scopeUnitFor(scope: readonly string[], unit: string, region?: Region): string | undefined {
  for (const entry of scope) {
    if (entry === unit) return entry;
    const colon = entry.indexOf(":");
    if (colon < 0) continue;
    if (entry.slice(colon + 1) !== unit) continue;
    if (region === undefined || entry.slice(0, colon) === region.name) return entry;
  }
  return undefined;
}
