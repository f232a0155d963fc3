import type { Metadata } from "next";
import Link from "next/link";
import { requireStaffSession } from "~/auth/session";
import { LIST_CSV_COLUMNS, LIST_CSV_EXAMPLE } from "~/distributors/list-csv-example";
import { ListImportForm } from "~/distributors/list-import-form";

export const metadata: Metadata = { title: "Import the distributors list" };

export default async function ImportListPage() {
  const session = await requireStaffSession();
  // Only shows or hides the form; the server decides who may import.
  const mayImport = session.roles.includes("ADMIN") || session.roles.includes("PST_MEMBER");
  const exampleHref = `data:text/csv;charset=utf-8,${encodeURIComponent(LIST_CSV_EXAMPLE)}`;

  return (
    <div className="space-y-8">
      <div className="space-y-2">
        <p className="text-sm">
          <Link href="/organizations" className="text-sky-700 underline">
            ← Organisations
          </Link>
        </p>
        <h1 className="text-2xl font-bold tracking-tight">Import the list from CSV</h1>
        <p className="text-slate-700">
          Bring today's private distributors list along: its organisations, their contacts and each
          organisation's team OpenPGP key. Every contact gets an account and an invitation email; they set up
          their second factor and their own key when they first sign in. Check the file first: nothing is
          written until you import, and the import is all or nothing.
        </p>
      </div>

      {mayImport ? (
        <>
          <section aria-labelledby="format-heading" className="space-y-3">
            <h2 id="format-heading" className="text-lg font-semibold">
              The CSV format
            </h2>
            <p className="text-slate-700">
              UTF-8, comma-separated, the header row first, then one row per contact. Quote a field that holds
              a comma, a quote (written twice: <code>""</code>) or line breaks, as a team key does. At most 1
              MB and 2,000 rows at once; no cell may start with =, +, - or @ (a spreadsheet would run it as a
              formula).
            </p>
            <dl className="space-y-2 rounded-lg bg-white p-4 text-sm shadow-sm">
              {LIST_CSV_COLUMNS.map((column) => (
                <div key={column.name} className="sm:flex sm:gap-4">
                  <dt className="font-mono font-semibold sm:w-40 sm:shrink-0">{column.name}</dt>
                  <dd className="text-slate-700">{column.what}</dd>
                </div>
              ))}
            </dl>
            <details className="rounded-lg bg-white p-4 shadow-sm">
              <summary className="cursor-pointer font-medium">An example</summary>
              <pre className="mt-3 overflow-x-auto whitespace-pre rounded bg-slate-50 p-3 font-mono text-xs">
                {LIST_CSV_EXAMPLE}
              </pre>
            </details>
            <p>
              <a
                href={exampleHref}
                download="distributors-list-example.csv"
                className="text-sky-700 underline"
              >
                Download the example (CSV)
              </a>
            </p>
          </section>
          <section aria-labelledby="import-heading" className="space-y-3">
            <h2 id="import-heading" className="text-lg font-semibold">
              Your list
            </h2>
            <ListImportForm />
          </section>
        </>
      ) : (
        <p className="rounded-md bg-white p-4 text-slate-700 shadow-sm">
          Only PST members and admins can import the distributors list.
        </p>
      )}
    </div>
  );
}
