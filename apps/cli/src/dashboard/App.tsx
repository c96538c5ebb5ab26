/**
 * The dashboard: screens over a {@link Source}, keys, prompts, live updates and failures. It keeps
 * the last data it had when the source fails, says how old it is and retries.
 */
import { effectivePercent, isValidIsoDate } from "@reform/domain";
import { Box, Text, useApp, useInput, useWindowSize } from "ink";
import { useCallback, useEffect, useRef, useState } from "react";
import type { WriteBody } from "../commands/Operate.ts";
import { fit } from "../Text.ts";
import type { Query, Snapshot, Source, TaskDetail, TaskRow } from "./Model.ts";
import {
  Departments,
  Detail,
  detailLines,
  helpLines,
  Indicators,
  Line,
  Overview,
  TaskList,
  TextPane,
} from "./Screens.tsx";
import { type Lang, refusalText, stringsFor, StringsContext, word } from "./Strings.ts";
import { COLOR, PLAIN, ThemeContext } from "./Theme.tsx";

export const SCREENS = ["overview", "overdue", "due-soon", "departments", "indicators", "bulletin"] as const;
export type Screen = (typeof SCREENS)[number] | "search";

type Prompt =
  | { kind: "search" | "as-of"; label: string; value: string }
  | { kind: "percent" | "note" | "close-reason"; label: string; value: string; task: TaskDetail; percent?: number }
  | { kind: "confirm"; label: string; value: string; task: TaskDetail; body: WriteBody };

export interface AppProps {
  source: Source;
  initial?: Partial<Query>;
  color?: boolean;
  /** The language of every label (default zh-CN); data is shown as it is. */
  lang?: Lang;
  /** Fixed size (tests); default: the terminal's, following resizes. */
  size?: { columns: number; rows: number };
  /** Where "now" comes from, for the age of the data shown. */
  now?: () => number;
  /** First retry delay after a failed load (ms). */
  retryMs?: number;
  /** Called after every completed load (bench: time to first full frame). */
  onLoaded?: () => void;
}

export function App(props: AppProps) {
  const { source } = props;
  const t = stringsFor(props.lang ?? "zh-CN");
  const window = useWindowSize();
  const columns = Math.max(40, props.size?.columns ?? window.columns ?? 80);
  const rows = Math.max(12, props.size?.rows ?? window.rows ?? 24);
  const now = props.now ?? Date.now;
  const { exit } = useApp();

  const [query, setQuery] = useState<Query>({ asOf: props.initial?.asOf, plan: props.initial?.plan });
  const [screen, setScreen] = useState<Screen>("overview");
  const [cursors, setCursors] = useState<Record<string, number>>({});
  const [snapshot, setSnapshot] = useState<Snapshot>();
  const [loadedAt, setLoadedAt] = useState<number>();
  const [failure, setFailure] = useState<string>();
  const [live, setLive] = useState<{ live: boolean; message?: string }>();
  const [loading, setLoading] = useState(false);
  const [detail, setDetail] = useState<TaskDetail>();
  const [detailScroll, setDetailScroll] = useState(0);
  /** Search results, or a department's tasks (`from`: the screen esc returns to). */
  const [search, setSearch] = useState<{ title: string; from: Screen; rows: TaskRow[]; total: number }>();
  const [bulletin, setBulletin] = useState<string>();
  const [prompt, setPromptState] = useState<Prompt>();
  // Keys arriving in one chunk are handled before React re-renders: the prompt is read from a ref.
  const promptRef = useRef<Prompt | undefined>(undefined);
  const setPrompt = (next: Prompt | undefined | ((p: Prompt | undefined) => Prompt | undefined)) => {
    promptRef.current = typeof next === "function" ? next(promptRef.current) : next;
    setPromptState(promptRef.current);
  };
  const [flash, setFlash] = useState<string>();
  const [help, setHelp] = useState(false);
  const [, setTick] = useState(0);
  const plans = useRef<{ id: string; title: string }[]>([]);
  const generation = useRef(0);
  const retry = useRef(props.retryMs ?? 2000);
  const detailId = useRef<string | undefined>(undefined);

  const load = useCallback(
    async (q: Query) => {
      const gen = ++generation.current;
      setLoading(true);
      try {
        const snap = await source.load(q);
        if (gen !== generation.current) return;
        setSnapshot(snap);
        if (!q.plan) plans.current = snap.plans.map((p) => ({ id: p.id, title: p.title }));
        setLoadedAt(now());
        setFailure(undefined);
        retry.current = props.retryMs ?? 2000;
        if (detailId.current) {
          const d = await source.detail(detailId.current, q);
          if (gen === generation.current && detailId.current === d.row.id) setDetail(d);
        }
        props.onLoaded?.();
      } catch (error) {
        if (gen !== generation.current) return;
        setFailure(t.failure(error));
      } finally {
        if (gen === generation.current) setLoading(false);
      }
    },
    [source, now, props.retryMs, props.onLoaded, t],
  );

  useEffect(() => {
    void load(query);
  }, [load, query]);

  // Retry while the last load failed, with a growing delay; tick the data's age meanwhile.
  useEffect(() => {
    if (!failure) return;
    const tick = setInterval(() => setTick((t) => t + 1), 1000);
    const timer = setTimeout(() => {
      retry.current = Math.min(30_000, retry.current * 2);
      void load(query);
    }, retry.current);
    return () => {
      clearInterval(tick);
      clearTimeout(timer);
    };
  }, [failure, load, query]);

  // Live updates: reload shortly after each ledger event (bursts coalesce into one load).
  useEffect(() => {
    if (!source.watch) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = source.watch({
      onStatus: setLive,
      onChange(event) {
        setFlash(t.notice.updating({ event: word(t.event, event.type), taskId: event.taskId }));
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => void load(query), 150);
      },
    });
    return () => {
      if (timer) clearTimeout(timer);
      stop();
    };
  }, [source, load, query, t]);

  // The bulletin preview is fetched when its screen is shown.
  useEffect(() => {
    if (screen !== "bulletin" || bulletin !== undefined) return;
    source.bulletin(query).then(setBulletin, (e: unknown) => setBulletin(t.noBulletin(t.failure(e))));
  }, [screen, bulletin, source, query, t]);
  useEffect(() => setBulletin(undefined), [query, snapshot]);

  const bodyHeight = rows - 4;
  const listOf = (s: Screen): readonly unknown[] => {
    if (!snapshot) return [];
    if (s === "overview") return snapshot.plans;
    if (s === "overdue") return snapshot.overdue;
    if (s === "due-soon") return snapshot.dueSoon;
    if (s === "departments") return snapshot.departments;
    if (s === "indicators") return snapshot.indicators;
    if (s === "search") return search?.rows ?? [];
    return [];
  };
  const cursor = cursors[screen] ?? 0;
  /** Moves the cursor by `delta` (functional: several keys in one chunk each count). */
  const moveCursor = (delta: number) => {
    const n = listOf(screen).length;
    setCursors((c) => {
      const next = (c[screen] ?? 0) + delta;
      return { ...c, [screen]: screen === "bulletin" ? Math.max(0, next) : Math.max(0, Math.min(n - 1, next)) };
    });
  };
  const openTask = async (row: TaskRow) => {
    detailId.current = row.id;
    setDetailScroll(0);
    try {
      setDetail(await source.detail(row.id, query));
    } catch (e) {
      detailId.current = undefined;
      setFlash(t.failure(e));
    }
  };

  const submitWrite = async (task: TaskDetail, body: WriteBody) => {
    if (!source.write) return;
    setFlash(t.notice.sending(word(t.event, body.kind)));
    try {
      const result = await source.write(task.row.id, task.row.version, body);
      setFlash(
        t.notice.recorded({
          kind: word(t.event, body.kind),
          status: word(t.status, result.state.status),
          percent: effectivePercent(result.state),
          version: result.version,
        }),
      );
      void load(query);
    } catch (e) {
      setFlash(t.notice.refused(t.failure(e)));
    }
  };

  const submitPrompt = (p: Prompt) => {
    setPrompt(undefined);
    const value = p.value.trim();
    switch (p.kind) {
      case "search":
        if (!value) return;
        source.search(value, query).then(
          (found) => {
            setSearch({ title: t.searchTitle(value), from: "overview", ...found });
            setCursors((c) => ({ ...c, search: 0 }));
            setScreen("search");
          },
          (e: unknown) => setFlash(t.failure(e)),
        );
        return;
      case "as-of":
        if (value && !isValidIsoDate(value)) {
          setFlash(t.notice.notADate(value));
          return;
        }
        setQuery((q) => ({ ...q, asOf: value || undefined }));
        return;
      case "percent": {
        const percent = Number(value);
        if (!value || !Number.isFinite(percent) || percent < 0 || percent > 100) {
          setFlash(t.notice.badPercent(value));
          return;
        }
        setPrompt({ kind: "note", label: t.prompt.note, value: "", task: p.task, percent });
        return;
      }
      case "note": {
        const body: WriteBody = { kind: "report", percent: p.percent ?? 0, narrative: value };
        setPrompt({
          kind: "confirm",
          label: t.prompt.confirmReport(body.percent, p.task.path),
          value: "",
          task: p.task,
          body,
        });
        return;
      }
      case "close-reason": {
        const body: WriteBody = { kind: "close", reason: value };
        setPrompt({ kind: "confirm", label: t.prompt.confirmClose(p.task.path), value: "", task: p.task, body });
        return;
      }
      case "confirm":
        if (/^y(es)?$/i.test(value)) void submitWrite(p.task, p.body);
        else setFlash(t.notice.cancelled);
        return;
    }
  };

  useInput((input, key) => {
    const prompt = promptRef.current;
    if (prompt) {
      if (key.escape) {
        setPrompt(undefined);
        setFlash(t.notice.cancelled);
      } else if (key.return) submitPrompt(prompt);
      else if (key.backspace || key.delete) setPrompt((p) => p && { ...p, value: [...p.value].slice(0, -1).join("") });
      else if (prompt.kind === "confirm" && /^[yn]$/i.test(input)) submitPrompt({ ...prompt, value: input });
      else if (input && !key.ctrl && !key.meta) setPrompt((p) => p && { ...p, value: p.value + input });
      return;
    }
    if (input === "q") {
      exit();
      return;
    }
    setFlash(undefined);
    if (help) {
      if (key.escape || input === "?") setHelp(false);
      return;
    }
    if (input === "?") return setHelp(true);
    if (input === "r") {
      if (!source.refresh) return void load(query);
      source.refresh().then(
        () => load(query),
        (e: unknown) => setFailure(t.failure(e)),
      );
      return;
    }
    if (input === "/") return setPrompt({ kind: "search", label: t.prompt.search, value: "" });
    if (input === "a") return setPrompt({ kind: "as-of", label: t.prompt.asOf, value: query.asOf ?? "" });
    if (input === "f") {
      const list = plans.current;
      const at = list.findIndex((p) => p.id === query.plan);
      const next = at + 1 < list.length ? list[at + 1] : undefined;
      setQuery((q) => ({ ...q, plan: next?.id }));
      setFlash(t.notice.filter(next?.title));
      return;
    }
    if (detail) {
      if (key.escape) {
        detailId.current = undefined;
        setDetail(undefined);
      } else if (key.upArrow || input === "k") setDetailScroll((s) => Math.max(0, s - 1));
      else if (key.downArrow || input === "j")
        setDetailScroll((s) => Math.min(Math.max(0, detailLines(detail, t).length - 1), s + 1));
      else if (input === "p" || input === "c") {
        const action = detail.actions?.find((a) => a.action === (input === "p" ? "report" : "close"));
        if (!source.write) {
          setFlash(source.mode === "file" ? t.notice.fileReadOnly : t.notice.needToken);
        } else if (action && !action.allowed) {
          setFlash(t.notice.notAllowed({ reason: refusalText(t, action), action: word(t.action, action.action) }));
        } else if (input === "p") setPrompt({ kind: "percent", label: t.prompt.percent, value: "", task: detail });
        else setPrompt({ kind: "close-reason", label: t.prompt.closeReason, value: "", task: detail });
      }
      return;
    }
    const all: Screen[] = search ? [...SCREENS, "search"] : [...SCREENS];
    const step = (by: number) => setScreen((s) => all[(all.indexOf(s) + by + all.length) % all.length]!);
    if (key.tab || key.rightArrow || input === "l") return step(key.shift ? -1 : 1);
    if (key.leftArrow || input === "h") return step(-1);
    if (/^[1-6]$/.test(input)) return setScreen(SCREENS[Number(input) - 1]!);
    if (key.escape && screen === "search") return setScreen(search?.from ?? "overview");
    if (key.upArrow || input === "k") return moveCursor(-1);
    if (key.downArrow || input === "j") return moveCursor(1);
    if (key.pageUp) return moveCursor(-(bodyHeight - 2));
    if (key.pageDown) return moveCursor(bodyHeight - 2);
    if (key.home) return moveCursor(-Number.MAX_SAFE_INTEGER / 2);
    if (key.end) return moveCursor(Number.MAX_SAFE_INTEGER / 2);
    if (key.return) {
      if (screen === "overview") {
        const plan = snapshot?.plans[cursor];
        if (plan) setQuery((q) => ({ ...q, plan: q.plan === plan.id ? undefined : plan.id }));
        return;
      }
      if (screen === "departments") {
        const d = snapshot?.departments[cursor];
        if (d) {
          source.ledBy(d.scorecard.key, query).then(
            (found) => {
              setSearch({ title: t.ledByTitle(d.scorecard.unit), from: "departments", ...found });
              setCursors((c) => ({ ...c, search: 0 }));
              setScreen("search");
            },
            (e: unknown) => setFlash(t.failure(e)),
          );
        }
        return;
      }
      const row = listOf(screen)[cursor] as TaskRow | undefined;
      if (row && (screen === "overdue" || screen === "due-soon" || screen === "search")) void openTask(row);
    }
  });

  const theme = props.color === false ? PLAIN : COLOR;
  const planTitle = query.plan ? (plans.current.find((p) => p.id === query.plan)?.title ?? query.plan) : undefined;
  const state = failure
    ? t.failed({ age: loadedAt !== undefined ? t.age(now() - loadedAt) : undefined, failure })
    : live
      ? live.live
        ? t.live
        : `○ ${live.message !== undefined && t.lang === "en" ? live.message : t.reconnecting}`
      : loading
        ? t.loadingState
        : "";
  const header = t.header({ source: source.label, asOf: snapshot?.asOf ?? query.asOf, plan: planTitle });
  const tabs = [...SCREENS, ...(search ? (["search"] as const) : [])]
    .map((s, i) =>
      s === screen && !detail
        ? `[${s === "search" ? "/" : i + 1} ${t.tabs[s]}]`
        : ` ${s === "search" ? "/" : i + 1} ${t.tabs[s]} `,
    )
    .join("");
  const footer = prompt ? `${prompt.label}${prompt.value}▏` : (flash ?? (detail ? t.keysDetail : t.keysList));

  let body: React.ReactNode;
  if (help) body = <TextPane text={helpLines(t).join("\n")} scroll={0} columns={columns} height={bodyHeight} />;
  else if (detail) body = <Detail detail={detail} scroll={detailScroll} columns={columns} height={bodyHeight} />;
  else if (!snapshot) body = <Line columns={columns}>{failure ? t.noDataYet : t.loading}</Line>;
  else if (screen === "overview")
    body = (
      <Overview plans={snapshot.plans} cursor={cursor} columns={columns} height={bodyHeight} filter={query.plan} />
    );
  else if (screen === "overdue")
    body = (
      <TaskList
        title={t.overdueTitle}
        rows={snapshot.overdue}
        total={snapshot.overdueTotal}
        cursor={cursor}
        columns={columns}
        height={bodyHeight}
      />
    );
  else if (screen === "due-soon")
    body = (
      <TaskList
        title={t.dueSoonTitle}
        rows={snapshot.dueSoon}
        total={snapshot.dueSoonTotal}
        cursor={cursor}
        columns={columns}
        height={bodyHeight}
      />
    );
  else if (screen === "departments")
    body = <Departments rows={snapshot.departments} cursor={cursor} columns={columns} height={bodyHeight} />;
  else if (screen === "indicators")
    body = <Indicators rows={snapshot.indicators} cursor={cursor} columns={columns} height={bodyHeight} />;
  else if (screen === "bulletin")
    body = <TextPane text={bulletin ?? t.loadingBulletin} scroll={cursor} columns={columns} height={bodyHeight} />;
  else
    body = (
      <TaskList
        title={search?.title ?? t.tabs.search}
        rows={search?.rows ?? []}
        total={search?.total ?? 0}
        cursor={cursor}
        columns={columns}
        height={bodyHeight}
      />
    );

  return (
    <StringsContext.Provider value={t}>
      <ThemeContext.Provider value={theme}>
        <Box flexDirection="column" width={columns} height={rows}>
          <Line columns={columns} bold {...(theme.accent ? { color: theme.accent } : {})}>
            {header}
          </Line>
          <Line columns={columns}>{detail ? t.taskTab(detail.path) : tabs}</Line>
          <Box flexDirection="column" height={bodyHeight} overflow="hidden">
            {body}
          </Box>
          <Line columns={columns} {...(failure && theme.red ? { color: theme.red } : {})} dim={!failure && theme.dim}>
            {fit(state, columns)}
          </Line>
          <Text wrap="truncate">{fit(footer, columns)}</Text>
        </Box>
      </ThemeContext.Provider>
    </StringsContext.Provider>
  );
}
