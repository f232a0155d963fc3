"use client";

import {
  Alert,
  buttonClass,
  DataTable,
  describedBy,
  Field,
  inputClass,
  secondaryButtonClass,
} from "@disclose/ui";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type ChangeEvent, type FormEvent, useState } from "react";
import { problemOf } from "~/people/problem";
import { adminClient } from "~/trpc/client";

type TPreview = Awaited<
  ReturnType<ReturnType<typeof adminClient>["distributorList"]["previewImport"]["mutate"]>
>;
type TProblemRow = TPreview["problems"][number];
type TPlannedRow = TPreview["organizations"][number];

const MAX_BYTES = 1_000_000;

/** Groups of four, as gpg prints a fingerprint, so a person can compare it with the team's. */
function spacedFingerprint(fingerprint: string): string {
  return fingerprint.replace(/(.{4})(?=.)/g, "$1 ");
}

/**
 * The PST brings today's distributors list along: paste or choose the CSV, check it (nothing is written; every
 * problem is listed with its line), then import it, all or nothing.
 */
export function ListImportForm() {
  const router = useRouter();
  const [csv, setCsv] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [pending, setPending] = useState<"check" | "import" | null>(null);
  const [preview, setPreview] = useState<{ csv: string; result: TPreview } | null>(null);
  const [done, setDone] = useState("");

  // A preview holds only for the text it was made from.
  const current = preview && preview.csv === csv ? preview.result : null;
  const ready = current !== null && current.problems.length === 0 && current.organizations.length > 0;
  const accountCount = current?.organizations.reduce((n, o) => n + o.contacts.length, 0) ?? 0;

  async function readFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (!file) return;
    setDone("");
    if (file.size > MAX_BYTES) {
      setFieldError(
        `The file is ${Math.ceil(file.size / 1000)} kB; at most 1 MB can be imported at once. Split it.`,
      );
      return;
    }
    try {
      setCsv(await file.text());
      setFieldError(null);
    } catch {
      setFieldError("The file could not be read. Save it as CSV (UTF-8) and choose it again.");
    }
  }

  function failed(e: unknown) {
    const problem = problemOf(e);
    if (problem.field === "csv") setFieldError(problem.message);
    else setFailure(problem.message);
    setAttempt((n) => n + 1);
  }

  async function check(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone("");
    setFailure(null);
    if (csv.trim() === "") {
      setFieldError("Paste the CSV or choose a file.");
      return;
    }
    setFieldError(null);
    setPending("check");
    try {
      const result = await adminClient().distributorList.previewImport.mutate({ csv });
      setPreview({ csv, result });
    } catch (e) {
      failed(e);
    } finally {
      setPending(null);
    }
  }

  async function runImport() {
    if (!ready) return;
    setFailure(null);
    setPending("import");
    try {
      const result = await adminClient().distributorList.import.mutate({ csv });
      setDone(
        `Imported ${result.organizationCount} ${result.organizationCount === 1 ? "organisation" : "organisations"} and ${result.accountCount} ${result.accountCount === 1 ? "account" : "accounts"}; each contact has been sent an invitation.`,
      );
      setCsv("");
      setPreview(null);
      router.refresh();
    } catch (e) {
      failed(e);
    } finally {
      setPending(null);
    }
  }

  return (
    <div className="space-y-6">
      <form
        onSubmit={check}
        noValidate
        aria-busy={pending !== null}
        className="space-y-4 rounded-lg bg-white p-4 shadow-sm"
      >
        {failure ? (
          <Alert title="That did not work" focusKey={attempt}>
            {failure}
          </Alert>
        ) : null}
        <div role="status" className="text-sm font-medium text-emerald-800">
          {done ? (
            <p>
              {done}{" "}
              <Link href="/organizations" className="text-sky-700 underline">
                See the organisations
              </Link>
            </p>
          ) : null}
        </div>
        <div className="space-y-1">
          <label htmlFor="list-file" className="block font-medium">
            Choose a CSV file <span className="text-sm font-normal text-slate-500">(or paste it below)</span>
          </label>
          <input
            id="list-file"
            type="file"
            accept=".csv,text/csv,text/plain"
            onChange={readFile}
            className="block text-sm file:mr-3 file:rounded-md file:border file:border-slate-400 file:bg-white file:px-3 file:py-1.5"
          />
        </div>
        <Field
          id="list-csv"
          label="The list as CSV"
          hint="One row per contact, with the header row first. Read in your browser; nothing is saved until you import."
          required
          error={fieldError}
        >
          <textarea
            id="list-csv"
            name="csv"
            rows={12}
            spellCheck={false}
            value={csv}
            onChange={(e) => {
              setCsv(e.target.value);
              setDone("");
            }}
            aria-invalid={fieldError ? true : undefined}
            aria-describedby={describedBy("list-csv", { hint: true, error: fieldError })}
            className={`${inputClass} font-mono text-sm`}
          />
        </Field>
        <button type="submit" className={secondaryButtonClass} disabled={pending !== null}>
          {pending === "check" ? "Checking…" : "Check"}
        </button>
      </form>

      {current ? (
        <section aria-labelledby="preview-heading" className="space-y-4">
          <h2 id="preview-heading" className="text-lg font-semibold">
            What the import would do
          </h2>
          <p>
            {current.organizations.length}{" "}
            {current.organizations.length === 1 ? "organisation" : "organisations"} and {accountCount}{" "}
            {accountCount === 1 ? "account" : "accounts"} would be created
            {current.problems.length > 0
              ? `, but the file has ${current.problems.length} ${current.problems.length === 1 ? "problem" : "problems"}: fix ${current.problems.length === 1 ? "it" : "them"} and check again. Nothing is imported while a problem remains.`
              : "."}
          </p>
          {current.problems.length > 0 ? (
            <DataTable<TProblemRow>
              caption="Problems in the file, by line"
              rowKey={(p) => `${p.line}-${p.column}-${p.message}`}
              rows={current.problems}
              empty={null}
              rowTestId="import-problem"
              columns={[
                {
                  header: "Where",
                  cell: (p) =>
                    p.line === null
                      ? "The whole file"
                      : p.row !== null && p.row !== p.line
                        ? `Line ${p.line} (spreadsheet row ${p.row})`
                        : `Line ${p.line}`,
                  className: "whitespace-nowrap",
                },
                { header: "Column", cell: (p) => p.column ?? "—", className: "font-mono" },
                { header: "Problem", cell: (p) => <span className="text-red-800">{p.message}</span> },
              ]}
            />
          ) : null}
          {current.organizations.length > 0 ? (
            <DataTable<TPlannedRow>
              caption="Organisations the import would create"
              rowKey={(o) => o.name}
              rows={current.organizations}
              empty={null}
              rowTestId="import-organization"
              columns={[
                { header: "Line", cell: (o) => o.line, className: "font-mono" },
                { header: "Organisation", cell: (o) => <span className="font-medium">{o.name}</span> },
                { header: "Distribution", cell: (o) => o.distribution },
                {
                  header: "Security contact",
                  cell: (o) => (
                    <>
                      {o.securityContact}
                      <br />
                      <span className="text-xs text-slate-600">
                        {o.emailDelivery ? "Copies also by encrypted email" : "In the app only"}
                      </span>
                    </>
                  ),
                },
                {
                  header: "Team key fingerprint",
                  cell: (o) => (
                    <span className="break-all font-mono text-xs">
                      {spacedFingerprint(o.teamKeyFingerprint)}
                    </span>
                  ),
                },
                {
                  header: "Contacts",
                  cell: (o) => (
                    <ul>
                      {o.contacts.map((c) => (
                        <li key={c.email}>
                          {c.name} &lt;{c.email}&gt;
                        </li>
                      ))}
                    </ul>
                  ),
                },
              ]}
            />
          ) : null}
          {ready ? (
            <button type="button" className={buttonClass} onClick={runImport} disabled={pending !== null}>
              {pending === "import"
                ? "Importing…"
                : `Import ${current.organizations.length} ${current.organizations.length === 1 ? "organisation" : "organisations"}`}
            </button>
          ) : null}
        </section>
      ) : preview ? (
        <p className="text-sm text-slate-700">
          The text changed since it was checked: check it again before importing.
        </p>
      ) : null}
    </div>
  );
}
