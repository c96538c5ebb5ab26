/**
 * Server state through TanStack Query: one hook per API read, keyed by what the request depends on
 * (the as-of date, filters). Every figure shown comes from these responses.
 */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { unwrap } from "./api.ts";
import type { PlanSearch } from "./search.ts";
import { useSession } from "./session.tsx";

/** `{ asOf }` when a date is chosen (else the API uses today). */
export const asOfQuery = (asOf: string | undefined) => (asOf ? { asOf } : {});

export function usePlans(asOf: string | undefined) {
  const { client } = useSession();
  return useQuery({
    queryKey: ["plans", asOf ?? ""],
    queryFn: () => unwrap(client.api.plans.$get({ query: asOfQuery(asOf) })),
    placeholderData: keepPreviousData,
  });
}

export function usePlan(planId: string, asOf: string | undefined) {
  const { client } = useSession();
  return useQuery({
    queryKey: ["plan", planId, asOf ?? ""],
    queryFn: () => unwrap(client.api.plans[":planId"].$get({ param: { planId }, query: asOfQuery(asOf) })),
    placeholderData: keepPreviousData,
    enabled: planId !== "",
  });
}

const PAGE = 500;

/** Every task row of a plan matching the filters (pages of 500 fetched in parallel). */
export function usePlanTasks(planId: string, filters: PlanSearch, asOf: string | undefined) {
  const { client } = useSession();
  const query = {
    plan: planId,
    ...asOfQuery(asOf),
    ...(filters.department ? { department: filters.department, role: filters.role ?? "any" } : {}),
    ...(filters.timeliness ? { timeliness: filters.timeliness } : {}),
    ...(filters.state ? { state: filters.state } : {}),
    ...(filters.theme ? { theme: filters.theme } : {}),
    ...(filters.q ? { text: filters.q } : {}),
  };
  return useQuery({
    queryKey: ["tasks", query],
    queryFn: async () => {
      const page = (offset: number) =>
        unwrap(client.api.tasks.$get({ query: { ...query, limit: String(PAGE), offset: String(offset) } }));
      const first = await page(0);
      const rest: Promise<typeof first>[] = [];
      for (let offset = PAGE; offset < first.total; offset += PAGE) rest.push(page(offset));
      const pages = [first, ...(await Promise.all(rest))];
      return { asOf: first.asOf, total: first.total, items: pages.flatMap((p) => p.items) };
    },
    placeholderData: keepPreviousData,
  });
}

export function useTask(taskId: string, asOf: string | undefined) {
  const { client } = useSession();
  return useQuery({
    queryKey: ["task", taskId, asOf ?? ""],
    queryFn: () => unwrap(client.api.tasks[":taskId"].$get({ param: { taskId }, query: asOfQuery(asOf) })),
    placeholderData: keepPreviousData,
  });
}

/** What the caller may do on a task today (only asked when signed in). */
export function useActions(taskId: string) {
  const { client, token } = useSession();
  return useQuery({
    queryKey: ["actions", taskId],
    queryFn: () => unwrap(client.api.tasks[":taskId"].actions.$get({ param: { taskId } })),
    enabled: Boolean(token),
  });
}

export function useDepartments(asOf: string | undefined, rankBy?: string, plan?: string) {
  const { client } = useSession();
  return useQuery({
    queryKey: ["departments", asOf ?? "", rankBy ?? "", plan ?? ""],
    queryFn: () =>
      unwrap(
        client.api.departments.$get({
          query: {
            ...asOfQuery(asOf),
            ...(rankBy ? { rankBy: rankBy as "on-time-rate" } : {}),
            ...(plan ? { plan } : {}),
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** Themes with their summary in each plan (the theme comparison). */
export function useThemes(asOf: string | undefined) {
  const { client } = useSession();
  return useQuery({
    queryKey: ["themes", asOf ?? ""],
    queryFn: () => unwrap(client.api.themes.$get({ query: asOfQuery(asOf) })),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

/** Tasks of one department across plans (by unit id or name), as task rows. */
export function useDepartmentTasks(department: string, asOf: string | undefined) {
  const { client } = useSession();
  return useQuery({
    queryKey: ["tasks", { department, asOf }],
    queryFn: () =>
      unwrap(
        client.api.tasks.$get({
          query: { department, role: "any", kind: "task,milestone", limit: "500", ...asOfQuery(asOf) },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** The overdue board (督办). */
export function useOverdue(asOf: string | undefined, plan?: string) {
  const { client } = useSession();
  return useQuery({
    queryKey: ["overdue", asOf ?? "", plan ?? ""],
    queryFn: () => unwrap(client.api.overdue.$get({ query: { ...asOfQuery(asOf), ...(plan ? { plan } : {}) } })),
    placeholderData: keepPreviousData,
  });
}

/** A plan's work items on a timeline, by section. */
export function useTimeline(planId: string, asOf: string | undefined) {
  const { client } = useSession();
  return useQuery({
    queryKey: ["timeline", planId, asOf ?? ""],
    queryFn: () => unwrap(client.api.timeline[":planId"].$get({ param: { planId }, query: asOfQuery(asOf) })),
    placeholderData: keepPreviousData,
    enabled: Boolean(planId),
  });
}

/** Indicators with their attainment as of a date. */
export function useIndicators(asOf: string | undefined) {
  const { client } = useSession();
  return useQuery({
    queryKey: ["indicators", asOf ?? ""],
    queryFn: () => unwrap(client.api.indicators.$get({ query: asOfQuery(asOf) })),
    placeholderData: keepPreviousData,
  });
}

/** The ranking bulletin as data (the printable page renders it). */
export function useBulletin(asOf: string | undefined) {
  const { client } = useSession();
  return useQuery({
    queryKey: ["bulletin", asOf ?? ""],
    queryFn: async () => {
      const body = await unwrap(client.api.bulletin.$get({ query: { ...asOfQuery(asOf), format: "json" } }));
      // The route answers JSON, Markdown, HTML or XLSX by `format`; asked for JSON, it is the JSON body.
      return body as Exclude<typeof body, string | Response>;
    },
    placeholderData: keepPreviousData,
  });
}

/** One indicator with its measurements and attainment. */
export function useIndicator(indicatorId: string, asOf: string | undefined) {
  const { client } = useSession();
  return useQuery({
    queryKey: ["indicator", indicatorId, asOf ?? ""],
    queryFn: () =>
      unwrap(client.api.indicators[":indicatorId"].$get({ param: { indicatorId }, query: asOfQuery(asOf) })),
    placeholderData: keepPreviousData,
  });
}

/** API tokens, never their secrets (asked only when the caller may manage them). */
export function useTokens(enabled: boolean) {
  const { client } = useSession();
  return useQuery({
    queryKey: ["tokens"],
    queryFn: () => unwrap(client.api.tokens.$get()),
    enabled,
  });
}
