/** Renders a component with the viewer's providers (query cache, i18n, a session over a given fetch). */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import { I18nextProvider } from "react-i18next";
import { apiClient } from "../src/api.ts";
import { setupI18n } from "../src/i18n.ts";
import { SessionProvider } from "../src/session.tsx";

/** A fetch answering from `routes` ("METHOD /path" → status and JSON body), recording each request. */
export function fakeFetch(routes: Record<string, (body: unknown) => { status: number; body: unknown }>) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  const fn = async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    const url = new URL(req.url);
    const text = req.method === "GET" ? "" : await req.text();
    const body = text ? JSON.parse(text) : undefined;
    calls.push({ method: req.method, path: url.pathname, body });
    const handler = routes[`${req.method} ${url.pathname}`];
    if (!handler)
      return new Response(JSON.stringify({ error: { code: "not-found", message: "no route" } }), { status: 404 });
    const out = handler(body);
    return new Response(JSON.stringify(out.body), {
      status: out.status,
      headers: { "content-type": "application/json" },
    });
  };
  return { fetch: fn as typeof fetch, calls };
}

export function renderWith(ui: ReactNode, options: { fetch?: typeof fetch; token?: string } = {}) {
  const queries = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  if (options.token) localStorage.setItem("reform.token", options.token);
  else localStorage.removeItem("reform.token");
  const i18n = setupI18n("zh-CN");
  const client = options.fetch ? apiClient(options.token, "http://test.local", options.fetch) : undefined;
  return {
    queries,
    ...render(
      <QueryClientProvider client={queries}>
        <I18nextProvider i18n={i18n}>
          <SessionProvider {...(client ? { client } : {})}>{ui}</SessionProvider>
        </I18nextProvider>
      </QueryClientProvider>,
    ),
  };
}
