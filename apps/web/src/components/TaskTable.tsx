/**
 * The task table: sortable columns (TanStack Table, sort kept in the URL by the caller) and
 * virtualised rows (TanStack Virtual), so a 10,000-task plan scrolls smoothly. Rows are the API's
 * task rows, shown as they come (tree order) until a column is sorted.
 */
import { Link } from "@tanstack/react-router";
import {
  type ColumnDef,
  createSortedRowModel,
  flexRender,
  rowSortingFeature,
  type SortingState,
  sortFn_alphanumeric,
  tableFeatures,
  useTable,
} from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { usePlanTasks } from "../queries.ts";
import { Deadline, dueOf, Progress, StatusBadge, TimelinessBadge } from "./Figures.tsx";

export type Row = NonNullable<ReturnType<typeof usePlanTasks>["data"]>["items"][number];

const features = tableFeatures({
  rowSortingFeature,
  sortedRowModel: createSortedRowModel(),
  sortFns: { alphanumeric: sortFn_alphanumeric },
});

export const STATUSES = ["not-started", "in-progress", "completed", "closed"];
export const TIMELINESS = [
  "overdue",
  "due-soon",
  "stale",
  "not-yet-due",
  "completed-on-time",
  "completed-late",
  "awaiting-external",
  "no-deadline",
];
const EMPTY: Row[] = [];
const ROW_HEIGHT = 56;

function useColumns(): ColumnDef<typeof features, Row>[] {
  const { t } = useTranslation();
  return useMemo<ColumnDef<typeof features, Row>[]>(
    () => [
      {
        id: "label",
        header: t("plan.columns.label"),
        accessorFn: (r) => r.task.order,
        sortFn: (a, b) => a.index - b.index,
        cell: ({ row }) => <span className="path">{row.original.task.path.join("")}</span>,
      },
      {
        id: "text",
        header: t("plan.columns.text"),
        accessorFn: (r) => r.task.title ?? r.task.text,
        sortFn: "alphanumeric",
        cell: ({ row }) => {
          const task = row.original.task;
          const leaf = task.kind === "task" || task.kind === "milestone";
          return (
            <Link
              to="/tasks/$taskId"
              params={{ taskId: task.id }}
              className={leaf ? "task-link" : "task-link section-link"}
              title={task.text}
            >
              {task.title ?? task.text}
            </Link>
          );
        },
      },
      {
        id: "deadline",
        header: t("plan.columns.deadline"),
        accessorFn: (r) => r.state.due ?? dueOf(r.task.deadline) ?? "9999",
        cell: ({ row }) => <Deadline deadline={row.original.task.deadline} due={row.original.state.due} />,
      },
      {
        id: "lead",
        header: t("plan.columns.lead"),
        accessorFn: (r) => r.task.leads.join("、"),
        sortFn: "alphanumeric",
        cell: ({ getValue }) => <span className="units">{String(getValue())}</span>,
      },
      {
        id: "status",
        header: t("plan.columns.status"),
        accessorFn: (r) => STATUSES.indexOf(r.state.status),
        cell: ({ row }) => <StatusBadge status={row.original.state.status} />,
      },
      {
        id: "timeliness",
        header: t("plan.columns.timeliness"),
        accessorFn: (r) => TIMELINESS.indexOf(r.timeliness.status),
        cell: ({ row }) => (
          <TimelinessBadge status={row.original.timeliness.status} rag={row.original.timeliness.rag} />
        ),
      },
      {
        id: "percent",
        header: t("plan.columns.percent"),
        accessorFn: (r) => r.percent,
        cell: ({ row }) => <Progress percent={row.original.percent} />,
      },
      {
        id: "overdue",
        header: t("plan.columns.overdue"),
        accessorFn: (r) => r.timeliness.daysOverdue,
        cell: ({ getValue }) => {
          const v = Number(getValue());
          return v > 0 ? <span className="overdue-days">{v}</span> : <span className="muted">—</span>;
        },
      },
    ],
    [t],
  );
}

function sortingOf(sort: string | undefined): SortingState {
  if (!sort) return [];
  const [id, dir] = sort.split(".");
  return id ? [{ id, desc: dir === "desc" }] : [];
}

export function TaskTable({
  rows: data,
  sort,
  onSort,
  label,
}: {
  rows: readonly Row[] | undefined;
  sort: string | undefined;
  onSort: (sort: string | undefined) => void;
  label: string;
}) {
  const columns = useColumns();
  const sorting = useMemo(() => sortingOf(sort), [sort]);
  const table = useTable({
    features,
    columns,
    data: (data as Row[] | undefined) ?? EMPTY,
    getRowId: (r) => r.task.id,
    state: { sorting },
    onSortingChange: (updater) => {
      const next = typeof updater === "function" ? updater(sorting) : updater;
      const first = next[0];
      onSort(first ? `${first.id}.${first.desc ? "desc" : "asc"}` : undefined);
    },
    enableMultiSort: false,
  });
  const rows = table.getRowModel().rows;
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtual.getVirtualItems();
  const sorted = sorting.length > 0;

  return (
    <div className="table-scroll" ref={scroller} data-testid="plan-scroll">
      {/* Rows are positioned (not laid out as a table), so scrolling 10,000 rows stays cheap. */}
      <table className="grid" aria-label={label} aria-rowcount={rows.length + 1}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} aria-rowindex={1}>
              {group.headers.map((header) => {
                const dir = header.column.getIsSorted();
                return (
                  <th
                    key={header.id}
                    className={`col-${header.column.id}`}
                    aria-sort={dir === "asc" ? "ascending" : dir === "desc" ? "descending" : "none"}
                  >
                    <button type="button" className="sort" onClick={header.column.getToggleSortingHandler()}>
                      <table.FlexRender header={header} />
                      <span aria-hidden="true" className="sort-mark">
                        {dir === "asc" ? "▲" : dir === "desc" ? "▼" : ""}
                      </span>
                    </button>
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody style={{ height: virtual.getTotalSize() }}>
          {items.map((v) => {
            const row = rows[v.index];
            return row ? <BodyRow key={row.id} row={row} index={v.index} start={v.start} flat={sorted} /> : null;
          })}
        </tbody>
      </table>
    </div>
  );
}

type TableRow = ReturnType<ReturnType<typeof useTable<typeof features, Row>>["getRowModel"]>["rows"][number];

/** One positioned row; re-rendered only when its row, place or the tree/flat display changes. */
const BodyRow = memo(function BodyRow({
  row,
  index,
  start,
  flat,
}: {
  row: TableRow;
  index: number;
  start: number;
  flat: boolean;
}) {
  const task = row.original.task;
  const depth = flat ? 0 : Math.max(0, task.path.length - 1);
  return (
    <tr
      data-index={index}
      aria-rowindex={index + 2}
      className={`kind-${task.kind} depth-${Math.min(depth, 4)}`}
      style={{ transform: `translateY(${start}px)`, height: ROW_HEIGHT }}
    >
      {row.getAllCells().map((cell) => (
        <td key={cell.id} className={`col-${cell.column.id}`}>
          {flexRender(cell.column.columnDef.cell, cell.getContext())}
        </td>
      ))}
    </tr>
  );
});
