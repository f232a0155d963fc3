import type { ReactNode } from "react";

export interface DataTableColumn<Row> {
  /** The column heading (also what a screen reader announces for each cell). */
  header: string;
  cell: (row: Row) => ReactNode;
  /** Extra classes for the column's cells, e.g. a width. */
  className?: string;
}

export interface DataTableProps<Row> {
  /** Says what the table lists; read by screen readers, hidden on screen. */
  caption: string;
  columns: readonly DataTableColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Shown instead of the table when there are no rows: say why, and what to do. */
  empty: ReactNode;
  rowTestId?: string;
}

/**
 * The apps' list table: a captioned, scrollable table with header cells scoped to their columns, and an
 * empty state that says why there is nothing to show.
 */
export function DataTable<Row>({ caption, columns, rows, rowKey, empty, rowTestId }: DataTableProps<Row>) {
  if (rows.length === 0) {
    return <div className="rounded-lg bg-white p-6 text-slate-700 shadow-sm">{empty}</div>;
  }
  return (
    <div className="overflow-x-auto rounded-lg bg-white shadow-sm">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b bg-slate-50">
          <tr>
            {columns.map((c) => (
              <th key={c.header} scope="col" className="p-3">
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className="border-b last:border-0" data-testid={rowTestId}>
              {columns.map((c) => (
                <td key={c.header} className={`p-3 align-top ${c.className ?? ""}`}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
