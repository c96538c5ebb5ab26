/**
 * Routes (TanStack Router, code-based). The root validates `asOf` and keeps it on every link, so a
 * copied address shows a colleague the same picture; each view validates its own filters.
 */
import type { QueryClient } from "@tanstack/react-query";
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  type RouterHistory,
  retainSearchParams,
} from "@tanstack/react-router";
import { Layout, NotFound } from "./components/Layout.tsx";
import { DepartmentSearch, DepartmentsSearch, PlanSearch, RootSearch } from "./search.ts";
import { DepartmentsView, DepartmentView } from "./views/Departments.tsx";
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

const routeTree = rootRoute.addChildren([overviewRoute, planRoute, taskRoute, departmentsRoute, departmentRoute]);

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
