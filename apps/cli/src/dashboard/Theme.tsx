/** Colours, or none at all (NO_COLOR, --no-color): components ask the theme, never name a colour. */
import { createContext, useContext } from "react";

export interface Theme {
  readonly color: boolean;
  readonly accent?: string;
  readonly red?: string;
  readonly amber?: string;
  readonly green?: string;
  readonly dim: boolean;
}

export const COLOR: Theme = { color: true, accent: "cyan", red: "red", amber: "yellow", green: "green", dim: true };
export const PLAIN: Theme = { color: false, dim: false };

export const ThemeContext = createContext<Theme>(COLOR);
export const useTheme = () => useContext(ThemeContext);

/** The colour of a RAG rating or timeliness status. */
export function ragColor(theme: Theme, rag: string | undefined): string | undefined {
  if (rag === "red" || rag === "overdue" || rag === "not-met") return theme.red;
  if (rag === "amber" || rag === "due-soon" || rag === "stale") return theme.amber;
  if (rag === "green" || rag === "met") return theme.green;
  return undefined;
}
