/**
 * Routes (TanStack Router, code-based). The root validates `asOf` and keeps it on every link, so a
 * copied address shows a colleague the same picture; each view validates its own filters.
 */
import type { QueryClient } from "@tanstack/react-query";
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  type RouterHistory,
  retainSearchParams,
} from "@tanstack/react-router";
import { Layout, NotFound } from "./components/Layout.tsx";
import { DepartmentSearch, DepartmentsSearch, PlanSearch, PlanPick, RootSearch } from "./search.ts";
import { BulletinView } from "./views/Bulletin.tsx";
import { DepartmentsView, DepartmentView } from "./views/Departments.tsx";
import { ImportView } from "./views/Import.tsx";
import { OverdueView } from "./views/Overdue.tsx";
import { OverviewView } from "./views/Overview.tsx";
import { PlanView } from "./views/Plan.tsx";
import { TaskView } from "./views/Task.tsx";

export const rootRoute = createRootRouteWithContext<{ queries: QueryClient }>()({
  validateSearch: RootSearch,
  search: { middlewares: [retainSearchParams(["asOf"])] },
  component: Layout,
  notFoundComponent: NotFound,
});

export const overviewRoute = createRoute({ getParentRoute: () => rootRoute, path: "/", component: OverviewView });
export const planRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/plans/$planId",
  validateSearch: PlanSearch,
  component: PlanView,
});
export const taskRoute = createRoute({ getParentRoute: () => rootRoute, path: "/tasks/$taskId", component: TaskView });
export const departmentsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/departments",
  validateSearch: DepartmentsSearch,
  component: DepartmentsView,
});
export const departmentRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/departments/$key",
  validateSearch: DepartmentSearch,
  component: DepartmentView,
});

export const overdueRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/overdue",
  validateSearch: PlanPick,
  component: OverdueView,
});
// The charted views load ECharts on demand, keeping it out of the first view's JavaScript.
export const indicatorsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/indicators",
  component: lazyRouteComponent(() => import("./views/Indicators.tsx"), "IndicatorsView"),
});
export const timelineRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/timeline",
  validateSearch: PlanPick,
  component: lazyRouteComponent(() => import("./views/Timeline.tsx"), "TimelineView"),
});
export const bulletinRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/bulletin",
  component: BulletinView,
});
export const importRoute = createRoute({ getParentRoute: () => rootRoute, path: "/import", component: ImportView });
// Token management is for admins only: kept out of the first view's JavaScript.
export const tokensRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/tokens",
  component: lazyRouteComponent(() => import("./views/Tokens.tsx"), "TokensView"),
});

const routeTree = rootRoute.addChildren([
  overviewRoute,
  planRoute,
  taskRoute,
  departmentsRoute,
  departmentRoute,
  overdueRoute,
  indicatorsRoute,
  timelineRoute,
  bulletinRoute,
  importRoute,
  tokensRoute,
]);

export function makeRouter(queries: QueryClient, history?: RouterHistory) {
  return createRouter({
    routeTree,
    context: { queries },
    defaultPreload: "intent",
    scrollRestoration: true,
    ...(history ? { history } : {}),
  });
}

declare module "@tanstack/react-router" {
  interface Register {
    router: ReturnType<typeof makeRouter>;
  }
}

/** The as-of date in the URL (undefined: today). */
export function useAsOf(): string | undefined {
  return rootRoute.useSearch({ select: (s) => s.asOf });
}
