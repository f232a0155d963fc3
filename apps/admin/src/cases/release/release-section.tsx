"use client";

import { checkDisclosureTime, DISCLOSURE_SLOT_HOURS_UTC, formatUtc } from "@disclose/domain";
import {
  Alert,
  buttonClass,
  describedBy,
  Field,
  inputClass,
  LocalTime,
  secondaryButtonClass,
} from "@disclose/ui";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { problemOf } from "~/people/problem";
import { adminClient, errorMessage } from "~/trpc/client";
import { ConfirmButton } from "./confirm-button";
import { StatusBadge } from "./status-badge";
import type { TReleaseView } from "./types";
import { fromUtcInput, localText, toUtcInput } from "./utc-input";

const SLOT_TEXT = `Monday to Thursday, ${DISCLOSURE_SLOT_HOURS_UTC.map((h) => `${h}:00`).join(", ")} UTC`;

/** (b) The release: a version per branch, its cherry-picked commits, the disclosure time, "Mark released". */
export function ReleaseSection({ view }: { view: TReleaseView }) {
  const { release } = view;
  return (
    <section aria-labelledby="release-heading" className="space-y-5 rounded-lg bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-baseline gap-2">
        <h2 id="release-heading" className="text-lg font-semibold">
          2. Release
        </h2>
        <StatusBadge status={release.status} testId="release-status" />
        {release.due && !release.releasedAt ? (
          <span className="text-sm text-slate-700">
            due <LocalTime at={release.due} />
          </span>
        ) : null}
      </div>
      {release.releasedAt ? (
        <p data-testid="released" className="rounded-md bg-green-50 p-3 text-green-900">
          <span aria-hidden="true">✓ </span>Released <LocalTime at={release.releasedAt} />. The embargo has
          ended; the advisory comes next.
        </p>
      ) : null}
      <Branches view={view} />
      <DisclosureTime view={view} />
      <MarkReleased view={view} />
    </section>
  );
}

function Branches({ view }: { view: TReleaseView }) {
  return (
    <div className="space-y-3">
      <h3 className="font-semibold">Release versions and cherry-picked commits</h3>
      {view.branches.length === 0 ? (
        <p className="text-slate-700">
          No release branch yet: add the branches the fix goes to in the{" "}
          <Link href={`/reports/${view.reportId}/workspace`} className="text-sky-700 underline">
            fix workspace
          </Link>
          .
        </p>
      ) : (
        <ul className="space-y-3" data-testid="release-branches">
          {view.branches.map((branch) => (
            <li key={branch.id} className="space-y-2 rounded-md border border-slate-200 p-3">
              <p className="font-mono font-semibold">{branch.name}</p>
              {view.release.maySetVersions ? (
                <VersionForm reportId={view.reportId} branch={branch} />
              ) : (
                <p>
                  Release version:{" "}
                  {branch.releaseVersion ? (
                    <span className="font-mono">{branch.releaseVersion}</span>
                  ) : (
                    <span className="text-slate-600">not set yet</span>
                  )}
                </p>
              )}
              {branch.commits.length === 0 ? (
                <p className="text-sm text-slate-600">No fix commit on this branch yet.</p>
              ) : (
                <div>
                  <p className="text-sm text-slate-700">
                    {branch.commits.length === 1 ? "1 commit" : `${branch.commits.length} commits`} (titles on
                    the workspace page):
                  </p>
                  <ul className="flex flex-wrap gap-x-3 gap-y-1">
                    {branch.commits.map((commit) => (
                      <li key={commit.id} className="font-mono text-sm">
                        {commit.url ? (
                          <a
                            href={commit.url}
                            className="text-sky-700 underline"
                            rel="noreferrer noopener"
                            title={commit.sha}
                          >
                            {commit.sha.slice(0, 12)}
                          </a>
                        ) : (
                          <span title={commit.sha}>{commit.sha.slice(0, 12)}</span>
                        )}
                      </li>
                    ))}
                  </ul>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function VersionForm({ reportId, branch }: { reportId: string; branch: TReleaseView["branches"][number] }) {
  const router = useRouter();
  const id = `version-${branch.id}`;
  const [version, setVersion] = useState(branch.releaseVersion ?? "");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [saved, setSaved] = useState(false);
  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    if (!version.trim()) return setError("Enter a release version like 1.11.2.");
    setPending(true);
    setError(null);
    try {
      await adminClient().release.setReleaseVersion.mutate({ reportId, branchId: branch.id, version });
      setSaved(true);
      router.refresh();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPending(false);
    }
  }
  return (
    <form noValidate onSubmit={save} className="flex flex-wrap items-end gap-2">
      <div className="min-w-40 flex-1 sm:max-w-xs">
        <Field id={id} label={`Release version of ${branch.name}`} required error={error}>
          <input
            id={id}
            value={version}
            onChange={(e) => setVersion(e.target.value)}
            placeholder="1.11.2"
            autoComplete="off"
            spellCheck={false}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy(id, { error })}
            className={`${inputClass} font-mono`}
          />
        </Field>
      </div>
      <button type="submit" className={secondaryButtonClass} disabled={pending}>
        {pending ? "Saving…" : "Save"}
      </button>
      <span role="status" className="pb-2 text-sm text-green-800">
        {saved && !pending ? "Saved." : ""}
      </span>
    </form>
  );
}

function DisclosureTime({ view }: { view: TReleaseView }) {
  const { disclosure } = view;
  return (
    <div className="space-y-3">
      <h3 className="font-semibold">Public disclosure time</h3>
      <p className="max-w-3xl text-sm text-slate-700">
        When the embargo ends and the fix is released, agreed in UTC. A weekday afternoon in UTC ({SLOT_TEXT})
        reaches most users on a working day; never a Friday or a weekend, when users would be left patching
        alone.
      </p>
      {disclosure.at ? (
        <p data-testid="disclosure-at">
          Agreed: <LocalTime at={disclosure.at} className="font-semibold" />
          {disclosure.overrideReason ? (
            <span className="block text-sm text-slate-700">
              Outside the usual days because: {disclosure.overrideReason}
            </span>
          ) : null}
        </p>
      ) : (
        <p className="text-slate-700">Not agreed yet.</p>
      )}
      {disclosure.problems.length > 0 || disclosure.warnings.length > 0 ? (
        <ul className="list-disc space-y-1 pl-5 text-sm text-amber-900">
          {[...disclosure.problems, ...disclosure.warnings].map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
      {disclosure.maySet ? (
        <DisclosureForm view={view} />
      ) : !view.release.releasedAt ? (
        <p className="text-sm text-slate-600">The Fix Lead agrees the disclosure time.</p>
      ) : null}
    </div>
  );
}

function DisclosureForm({ view }: { view: TReleaseView }) {
  const router = useRouter();
  const { disclosure } = view;
  const [value, setValue] = useState(toUtcInput(disclosure.at));
  const [reason, setReason] = useState(disclosure.overrideReason ?? "");
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [pending, setPending] = useState(false);
  const [saved, setSaved] = useState<string[] | null>(null);
  const chosen = fromUtcInput(value);
  const weekendOrFriday = chosen !== null && [5, 6, 0].includes(chosen.getUTCDay());
  // The domain's own check, live, at the case clock the page was loaded with; the server checks again on save.
  const check = chosen
    ? checkDisclosureTime(chosen, {
        now: view.now,
        earliest: disclosure.earliest,
        releaseDue: disclosure.releaseDue,
        override: weekendOrFriday && reason.trim() ? { allowFridayOrWeekend: true, reason } : null,
      })
    : null;

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(null);
    setFailure(null);
    if (!chosen) {
      setError("Enter a date and time in UTC, such as 2026-12-01T15:00.");
      setAttempt((n) => n + 1);
      return;
    }
    setPending(true);
    setError(null);
    try {
      const result = await adminClient().release.setDisclosureTime.mutate({
        reportId: view.reportId,
        at: chosen,
        ...(weekendOrFriday && reason.trim() ? { overrideReason: reason } : {}),
      });
      setSaved(result.warnings);
      router.refresh();
    } catch (e) {
      const problem = problemOf(e);
      if (problem.field === "at" || problem.field === "overrideReason") setError(problem.message);
      else setFailure(problem.message);
      setAttempt((n) => n + 1);
    } finally {
      setPending(false);
    }
  }

  return (
    <form noValidate onSubmit={save} className="max-w-3xl space-y-3" aria-label="Agree the disclosure time">
      {failure ? (
        <Alert title="Not saved" focusKey={attempt}>
          {failure}
        </Alert>
      ) : null}
      <Field
        id="disclosure-at"
        label="Disclosure time (UTC)"
        required
        hint={
          <>
            Suggested: {formatUtc(disclosure.suggested)}.{" "}
            <button
              type="button"
              className="text-sky-700 underline"
              onClick={() => setValue(toUtcInput(disclosure.suggested))}
            >
              Use the suggestion
            </button>
          </>
        }
        error={error}
      >
        <input
          id="disclosure-at"
          type="datetime-local"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy("disclosure-at", { hint: true, error })}
          className={inputClass}
        />
      </Field>
      {chosen ? (
        <p className="text-sm text-slate-700" data-testid="disclosure-local">
          {formatUtc(chosen)} is {localText(chosen)} in your time.
        </p>
      ) : null}
      {weekendOrFriday ? (
        <Field
          id="disclosure-reason"
          label="Why it cannot wait for a weekday"
          required
          hint="A Friday or weekend release is recorded as a decision with its reason (e.g. exploited in the wild)."
        >
          <textarea
            id="disclosure-reason"
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-describedby={describedBy("disclosure-reason", { hint: true })}
            className={inputClass}
          />
        </Field>
      ) : null}
      {check && (check.problems.length > 0 || check.warnings.length > 0) ? (
        <ul className="space-y-1 text-sm" aria-live="polite" data-testid="disclosure-check">
          {check.problems.map((p) => (
            <li key={p} className="font-medium text-red-700">
              <span aria-hidden="true">⚠ </span>
              {p}
            </li>
          ))}
          {check.warnings.map((w) => (
            <li key={w} className="text-amber-900">
              {w}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClass} disabled={pending}>
          {pending ? "Saving…" : disclosure.at ? "Change the disclosure time" : "Agree the disclosure time"}
        </button>
        <span role="status" className="text-sm text-green-800">
          {saved ? `Saved.${saved.length > 0 ? ` Note: ${saved.join(" ")}` : ""}` : ""}
        </span>
      </div>
    </form>
  );
}

function MarkReleased({ view }: { view: TReleaseView }) {
  const router = useRouter();
  const { markReleased } = view.release;
  if (view.release.releasedAt) return null;
  if (!markReleased.shown) {
    return (
      <p className="text-sm text-slate-600">
        The Fix Lead marks the fix released once the versions and the disclosure time are set.
      </p>
    );
  }
  return (
    <div className="space-y-2 border-t border-slate-200 pt-4">
      <h3 className="font-semibold">Mark released</h3>
      <ConfirmButton
        label="Mark released"
        confirmLabel="Yes, mark it released"
        disabledReason={markReleased.possible ? null : (markReleased.reason ?? "Not possible now.")}
        question={
          <p>
            Mark the fix released now? This ends the embargo and hands the case to the advisory. It cannot be
            undone.
            {view.disclosure.at ? (
              <>
                {" "}
                The agreed disclosure time is <LocalTime at={view.disclosure.at} />.
              </>
            ) : null}
          </p>
        }
        onConfirm={async () => {
          try {
            await adminClient().cases.decide.mutate({
              reportId: view.reportId,
              command: { type: "release" },
            });
            router.refresh();
            return null;
          } catch (e) {
            return errorMessage(e);
          }
        }}
      />
    </div>
  );
}
