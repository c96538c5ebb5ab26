/**
 * The ledger as a long-running process reads it (the API, a dashboard with a database): plans,
 * tasks and events loaded from a {@link Store}, and the domain's `computeLedger` results per (plans,
 * as-of date), cached in memory. Every process with a store gets the same view through
 * {@link LedgerReader}.
 *
 * The cache never makes a process stateful: every entry is keyed by the log position it was built
 * from. Notices from `store.subscribe` (this process's writes and, via LISTEN/NOTIFY, every other
 * process's) mark plans stale, and a read catches up on what they name; a read with nothing to catch
 * up on asks the database nothing. The guarantee across processes: once the notice of a write
 * acknowledged by another process has been delivered here, the next read shows it (PostgreSQL
 * delivers a NOTIFY only after its transaction commits, and writes are serialised on the log, so
 * every event up to the notice's position is readable). Between the acknowledgement and the
 * delivery (normally a few milliseconds) a read may still show the state before the write. While
 * the listening connection is lost, and once after it listens again, reads ask the database for the
 * log's head (`store.lastSeq()`) instead, so nothing written meanwhile is missed. With
 * `checkEachRead` every read asks it (a write acknowledged anywhere is visible at once).
 *
 * Computations come from an `EventLog` per set of plans viewed lately, kept across revisions: a
 * plan's new events are appended to it, so a view for another as-of date, or after a write, folds
 * columns already parsed rather than reading every event again. A plan reloaded (a new version
 * imported) makes the logs holding it be built again.
 */
import {
  type ComputeOptions,
  computeLedger,
  EventLog,
  type Ledger,
  type LedgerComputation,
  type LedgerEvent,
  type ResponsibleUnit,
  type Task,
} from "@reform/domain";
import type { ChangeNotice, PlanSummary, Store, StoredEvent } from "./Store.ts";

/** A plan as loaded: its current ledger, its events in log order and each task's stream version. */
export interface PlanData {
  readonly summary: PlanSummary;
  readonly ledger: Ledger;
  readonly events: LedgerEvent[];
  /** The same events with their log positions. */
  readonly stored: StoredEvent[];
  /** Events per task id (all of them, whatever their date): the task's stream version. */
  readonly versions: Map<string, number>;
  /** Highest log position folded in. */
  seq: number;
}

/** Every plan, as of one state of the log. */
export interface Snapshot {
  /** Changes whenever any plan's data changes. */
  readonly revision: number;
  readonly plans: ReadonlyMap<string, PlanData>;
}

/**
 * The domain's computation over a set of plans, with the tasks it indexes: a `TaskSource` for the
 * domain's task query (`queryTasks`, `selectTasks`).
 */
export interface View {
  readonly asOf: string;
  readonly planIds: readonly string[];
  readonly tasks: readonly Task[];
  readonly computation: LedgerComputation;
  readonly snapshot: Snapshot;
  /** Each task's stream version when the view was made (pass as `expectedVersion`). */
  readonly versions: ReadonlyMap<string, number>;
  /** Selections memoised by a canonical filter and order key (positions in `tasks`). */
  readonly filtered: Map<string, Int32Array>;
  /** Serialised JSON answers memoised by request key (pages of tasks, summaries). */
  readonly responses: Map<string, Uint8Array>;
}

/** The responsible units the view's plans name (their registries), for the domain's `scorecardUnit`. */
export function unitsOf(view: View): ResponsibleUnit[] {
  return view.planIds.flatMap((id) => view.snapshot.plans.get(id)?.ledger.units ?? []);
}

/**
 * The view's plans as the domain's bulletin reads them (`BulletinSource.plans`): each plan asked
 * for, with its ledger and events when it is held.
 */
export function planSources(view: View): { id: string; ledger?: Ledger; events?: LedgerEvent[] }[] {
  return view.planIds.map((id) => {
    const plan = view.snapshot.plans.get(id);
    return plan ? { id, ledger: plan.ledger, events: plan.events } : { id };
  });
}

const PAGE = 10_000;
const MAX_VIEWS = 64;
/** Sets of plans whose event logs are kept. */
const MAX_LOGS = 8;
const MAX_FILTERS_PER_VIEW = 256;
const MAX_RESPONSES_PER_VIEW = 512;
const utf8 = new TextEncoder();

export interface LedgerReaderOptions {
  /**
   * Check the database for new events on every read, rather than trusting change notices (see
   * the module comment): a write through another process is visible at once, not once its notice
   * arrives, at the cost of one query per read.
   */
  readonly checkEachRead: boolean;
  readonly compute?: ComputeOptions;
}

/** The event log of a set of plans, and what it was built from. */
interface PlanSetLog {
  /** The plans' loads it holds, in order, and how many of each one's events. */
  readonly plans: readonly PlanData[];
  readonly counts: number[];
  /** The plans' tasks, in order: the log's tasks. */
  readonly tasks: Task[];
  readonly log: EventLog;
}

/** Loads and caches plans and computations; see the module comment for freshness. */
export class LedgerReader {
  readonly #store: Store;
  readonly #options: LedgerReaderOptions;
  #plans = new Map<string, PlanData>();
  /** Plans whose task tree changed (imports): reloaded in full on the next read. */
  #stale = new Set<string>();
  /** Plans with new events only: their events after `seq` are appended on the next read. */
  #behind = new Set<string>();
  #loaded = false;
  #revision = 0;
  /** The log's head (imports included) when last checked. */
  #head = 0;
  /** Notices may have been missed (the feed was lost): the next reads check the log's head. */
  #gap = false;
  /** The feed is down: every read checks the log's head until it resumes. */
  #feedDown = false;
  #views = new Map<string, View>();
  /** An event log per set of plans (least recently used first), see the module comment. */
  #logs = new Map<string, PlanSetLog>();
  #sync: Promise<void> | undefined;
  /** Refreshes started so far. */
  #refreshes = 0;
  #unsubscribe: (() => Promise<void>) | undefined;
  #starting: Promise<void> | undefined;
  readonly #listeners = new Set<(notice: ChangeNotice) => void>();

  constructor(store: Store, options: LedgerReaderOptions) {
    this.#store = store;
    this.#options = options;
  }

  /** Starts following the store's change feed (once; later calls wait for the first). */
  start(): Promise<void> {
    this.#starting ??= this.#store
      .subscribe(
        (notice) => this.#onFeed(notice),
        (state) => {
          this.#feedDown = state === "lost";
          this.#gap = true;
        },
      )
      .then((stop) => {
        this.#unsubscribe = stop;
      });
    return this.#starting;
  }

  /**
   * Calls `listener` for every change notice from the feed (every process's writes). Resolves once
   * listening, with the function that stops it.
   */
  async listen(listener: (notice: ChangeNotice) => void): Promise<() => void> {
    await this.start();
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  #onFeed(notice: ChangeNotice): void {
    this.notice(notice);
    for (const listener of this.#listeners) listener(notice);
  }

  /** Stops following the change feed. */
  async stop(): Promise<void> {
    await this.#starting?.catch(() => {});
    const stop = this.#unsubscribe;
    this.#unsubscribe = undefined;
    this.#starting = undefined;
    this.#listeners.clear();
    await stop?.();
  }

  /** Records a change (from the feed, or directly after this process's own write). */
  notice(notice: Pick<ChangeNotice, "planId" | "type">): void {
    if (notice.type === "import" || !this.#plans.has(notice.planId)) this.#stale.add(notice.planId);
    else this.#behind.add(notice.planId);
  }

  /** Every plan, brought up to date with the log (as of this call). */
  async snapshot(): Promise<Snapshot> {
    // One refresh at a time. A refresh that started after this call arrived covers it too.
    const arrival = this.#refreshes;
    while (this.#sync) await this.#sync;
    const covered = this.#refreshes > arrival;
    if (this.#needsSync() && !(covered && this.#stale.size === 0 && this.#behind.size === 0)) {
      this.#refreshes++;
      this.#sync = this.#refresh().finally(() => {
        this.#sync = undefined;
      });
      await this.#sync;
    }
    return { revision: this.#revision, plans: this.#plans };
  }

  /**
   * The revision a snapshot taken now would have, when no refresh is needed (nothing to catch up
   * on, and reads need not ask the database); otherwise undefined.
   */
  currentRevision(): number | undefined {
    return this.#sync || this.#needsSync() ? undefined : this.#revision;
  }

  /** The computation for `planIds` (all plans when undefined) as of `asOf`. */
  async view(asOf: string, planIds?: readonly string[]): Promise<View> {
    const snapshot = await this.snapshot();
    const ids = planIds ? [...planIds].sort() : [...snapshot.plans.keys()].sort();
    const key = `${snapshot.revision}|${asOf}|${ids.join(",")}`;
    const cached = this.#views.get(key);
    if (cached) {
      // Refresh its place in the LRU order.
      this.#views.delete(key);
      this.#views.set(key, cached);
      return cached;
    }
    const { plans, tasks, log } = this.#logOf(snapshot, ids);
    const versions = new Map<string, number>();
    for (const plan of plans) for (const [taskId, v] of plan.versions) versions.set(taskId, v);
    const computation = computeLedger({ tasks, events: log, asOf, options: this.#options.compute ?? {} });
    const view: View = {
      asOf,
      planIds: ids,
      tasks,
      computation,
      snapshot,
      versions,
      filtered: new Map(),
      responses: new Map(),
    };
    if (this.#views.size >= MAX_VIEWS) {
      const oldest = this.#views.keys().next();
      if (!oldest.done) this.#views.delete(oldest.value);
    }
    this.#views.set(key, view);
    return view;
  }

  /**
   * Positions in `view.tasks` selected by `select` (the domain's `selectTasks`), memoised under `key`
   * (which must name everything the selection depends on besides the view: filter and order).
   */
  selection(view: View, key: string, select: () => Int32Array): Int32Array {
    const hit = view.filtered.get(key);
    if (hit) return hit;
    const result = select();
    if (view.filtered.size >= MAX_FILTERS_PER_VIEW) view.filtered.clear();
    view.filtered.set(key, result);
    return result;
  }

  /**
   * The JSON bytes of an answer derived from a view, memoised under `key` (which must name
   * everything the answer depends on besides the view: filters, page, masking).
   */
  memoJson(view: View, key: string, build: () => unknown): Uint8Array {
    const hit = view.responses.get(key);
    if (hit) return hit;
    const bytes = utf8.encode(JSON.stringify(build()));
    if (view.responses.size >= MAX_RESPONSES_PER_VIEW) view.responses.clear();
    view.responses.set(key, bytes);
    return bytes;
  }

  /**
   * The event log of the plans `ids` as `snapshot` holds them: the one kept for them, appended to
   * with each plan's events since, when it was built from the same loads of those plans; else a new
   * one, kept from now on.
   */
  #logOf(snapshot: Snapshot, ids: readonly string[]): PlanSetLog {
    const key = ids.join(",");
    const plans = ids.flatMap((id) => snapshot.plans.get(id) ?? []);
    const kept = this.#logs.get(key);
    if (kept) this.#logs.delete(key);
    if (kept && kept.plans.length === plans.length && kept.plans.every((p, k) => p === plans[k])) {
      plans.forEach((plan, k) => {
        const from = kept.counts[k] as number;
        if (plan.events.length > from) kept.log.appendAll(plan.events.slice(from));
        kept.counts[k] = plan.events.length;
      });
      this.#logs.set(key, kept);
      return kept;
    }
    const tasks: Task[] = [];
    const events: LedgerEvent[] = [];
    for (const plan of plans) {
      for (const t of plan.ledger.tasks) tasks.push(t);
      for (const e of plan.events) events.push(e);
    }
    const made: PlanSetLog = {
      plans,
      counts: plans.map((p) => p.events.length),
      tasks,
      log: EventLog.of(tasks, events),
    };
    if (this.#logs.size >= MAX_LOGS) {
      const oldest = this.#logs.keys().next();
      if (!oldest.done) this.#logs.delete(oldest.value);
    }
    this.#logs.set(key, made);
    return made;
  }

  #needsSync(): boolean {
    return (
      !this.#loaded ||
      this.#stale.size > 0 ||
      this.#behind.size > 0 ||
      this.#options.checkEachRead ||
      this.#gap ||
      this.#feedDown
    );
  }

  async #refresh(): Promise<void> {
    let changed = false;
    if (!this.#loaded) {
      // Follow the feed (and note the log's head) before loading, so no change between is missed.
      await this.start();
      this.#gap = false;
      this.#head = await this.#store.lastSeq();
      const summaries = await this.#store.listPlans();
      const next = new Map<string, PlanData>();
      for (const s of summaries) {
        const data = await this.#load(s);
        if (data) next.set(s.plan.id, data);
      }
      this.#plans = next;
      this.#stale.clear();
      this.#behind.clear();
      this.#loaded = true;
      changed = true;
    }
    if ((this.#options.checkEachRead || this.#gap || this.#feedDown) && !changed) {
      this.#gap = false;
      // Anything written by any process since the log's head was last seen? (One cheap query.)
      const head = await this.#store.lastSeq();
      if (head > this.#head) {
        // New plan versions (imports) are reloaded; other plans catch up on their events.
        for (const s of await this.#store.listPlans()) {
          const have = this.#plans.get(s.plan.id);
          if (!have || have.summary.version !== s.version) this.#stale.add(s.plan.id);
          else this.#behind.add(s.plan.id);
        }
        this.#head = head;
      }
    }
    for (const id of this.#stale) {
      const summary = await this.#store.getPlan(id);
      const data = summary ? await this.#load(summary) : undefined;
      if (data) this.#plans.set(id, data);
      else this.#plans.delete(id);
      this.#behind.delete(id);
      changed = true;
    }
    this.#stale.clear();
    for (const id of this.#behind) {
      const plan = this.#plans.get(id);
      if (plan && (await this.#catchUp(plan))) changed = true;
    }
    this.#behind.clear();
    if (changed) {
      this.#revision++;
      this.#views.clear();
    }
  }

  /** Loads a plan's ledger and events. */
  async #load(summary: PlanSummary): Promise<PlanData | undefined> {
    const ledger = await this.#store.loadLedger(summary.plan.id);
    if (!ledger) return undefined;
    const data: PlanData = { summary, ledger, events: [], stored: [], versions: new Map(), seq: 0 };
    await this.#catchUp(data);
    return data;
  }

  /** Appends a plan's events after `plan.seq`; true when there were any. */
  async #catchUp(plan: PlanData): Promise<boolean> {
    let any = false;
    for (;;) {
      const page = await this.#store.listEvents({ planId: plan.summary.plan.id, afterSeq: plan.seq, limit: PAGE });
      for (const stored of page) {
        const e = stored.event;
        plan.events.push(e);
        plan.stored.push(stored);
        if (e.taskId !== undefined) plan.versions.set(e.taskId, (plan.versions.get(e.taskId) ?? 0) + 1);
        plan.seq = stored.seq;
        any = true;
      }
      if (page.length < PAGE) return any;
    }
  }
}
