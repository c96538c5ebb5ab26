/**
 * Who is signed in: the API token kept in this browser (localStorage), the typed client built with
 * it, and `/api/me` (role, units, whether personal data is shown). Signing in or out drops every
 * cached query, so nothing read under one role is shown to another.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from "react";
import { apiClient, type Client, unwrap } from "./api.ts";

const KEY = "reform.token";

export interface Session {
  readonly token: string | undefined;
  readonly client: Client;
  signIn(token: string): void;
  signOut(): void;
}

const SessionContext = createContext<Session | undefined>(undefined);

function readToken(): string | undefined {
  try {
    return globalThis.localStorage?.getItem(KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function SessionProvider({ children, client }: { children: ReactNode; client?: Client }) {
  const queries = useQueryClient();
  const [token, setToken] = useState(readToken);
  const change = useCallback(
    (next: string | undefined) => {
      try {
        if (next) localStorage.setItem(KEY, next);
        else localStorage.removeItem(KEY);
      } catch {
        // storage unavailable: the token lives in memory only
      }
      setToken(next);
      queries.clear();
    },
    [queries],
  );
  const value = useMemo<Session>(
    () => ({
      token,
      client: client ?? apiClient(token),
      signIn: (t) => change(t.trim()),
      signOut: () => change(undefined),
    }),
    [token, client, change],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside SessionProvider");
  return s;
}

/** The caller as the API sees it. */
export function useMe() {
  const { client, token } = useSession();
  return useQuery({
    queryKey: ["me", token ?? ""],
    queryFn: () => unwrap(client.api.me.$get()),
    staleTime: 60_000,
  });
}
