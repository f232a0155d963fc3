"use client";

import { Alert, buttonClass, describedBy, Field, FieldError, inputClass, LocalTime } from "@disclose/ui";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { problemOf, type TProblem } from "~/people/problem";
import { adminClient } from "~/trpc/client";
import type { TVulnerabilitiesView } from "./vulnerability-card";

type TMilestone = TVulnerabilitiesView["milestones"][number];
type TDecision = TVulnerabilitiesView["decisions"][number];
type TKind = TDecision["kind"];

const STATUS_LABEL: Record<TMilestone["status"], string> = {
  done: "Done",
  "on-track": "On track",
  "due-soon": "Due soon",
  overdue: "Overdue",
  "not-applicable": "Not applicable",
};

/** "2026-12-21T15:00" as typed in a date-time field, read as UTC (deadlines are agreed in UTC). */
function fromUtcInput(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const date = new Date(`${value}:00Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A date as a UTC date-time field shows it. */
function toUtcInput(date: Date): string {
  return date.toISOString().slice(0, 16);
}

/** Only https links are made clickable; anything else is shown as the text it is. */
function SafeLink({ href }: { href: string }) {
  let ok = false;
  try {
    ok = new URL(href).protocol === "https:";
  } catch {
    ok = false;
  }
  return ok ? (
    <a href={href} rel="noreferrer" className="break-all text-sky-700 underline">
      {href}
    </a>
  ) : (
    <span className="break-all">{href}</span>
  );
}

/**
 * The dates that may move, and the two decisions that move them: a slow-down (CVSS below 4.0, discussed on the
 * security@ list) and an upstream project's timeline. Recorded decisions are listed with who, when and why; the
 * timeline follows them (router.refresh shows the new dates).
 */
export function TimelineDecisions({ view }: { view: TVulnerabilitiesView }) {
  const movable = view.milestones.filter((m) => m.movable);
  return (
    <section aria-labelledby="dates-heading" className="space-y-4 rounded-lg bg-white p-4 shadow-sm">
      <h2 id="dates-heading" className="text-lg font-semibold">
        Dates and decisions that move them
      </h2>
      <DueDates view={view} />
      {view.mayRecordDecision ? (
        <>
          <DecisionForm
            kind="slow-down"
            view={view}
            movable={movable}
            blockedBecause={view.maySlowDown ? null : view.slowDownBlockedBecause}
          />
          <DecisionForm
            kind="upstream-dependency"
            view={view}
            movable={movable}
            blockedBecause={view.mayRecordUpstream ? null : view.upstreamBlockedBecause}
          />
        </>
      ) : (
        <p className="text-sm text-slate-600">
          The Fix Lead and the Fix Team record decisions that move these dates; you see them here.
        </p>
      )}
      <DecisionList decisions={view.decisions} />
    </section>
  );
}

function DueDates({ view }: { view: TVulnerabilitiesView }) {
  return (
    <div className="space-y-2">
      {view.isPublic ? (
        <p className="rounded bg-red-50 p-2 text-sm text-red-900">
          The issue is public: every deadline is as soon as possible.
        </p>
      ) : null}
      <ul className="divide-y divide-slate-100 text-sm" data-testid="due-dates">
        {view.milestones.map((m) => (
          <li key={m.id} className="flex flex-col gap-x-3 py-1.5 sm:flex-row sm:items-baseline">
            <span className="font-medium sm:w-72 sm:shrink-0">{m.label}</span>
            <span className="text-slate-700" data-testid={`due-${m.id}`}>
              {STATUS_LABEL[m.status]}
              {m.completedAt ? (
                <>
                  {" "}
                  · done <LocalTime at={m.completedAt} />
                </>
              ) : m.due && m.status !== "not-applicable" ? (
                <>
                  {" "}
                  · {m.asap ? "as soon as possible, " : ""}due <LocalTime at={m.due} />
                  {m.decisionId ? (
                    <span className="text-slate-600"> (set by a recorded decision)</span>
                  ) : null}
                </>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

const COPY: Record<TKind, { title: string; intro: string; submit: string; done: string }> = {
  "slow-down": {
    title: "Slow down the release",
    intro:
      "The policy lets a case below CVSS 4.0 take longer once it was discussed on the security@ mailing list. Dates may only move later.",
    submit: "Record the slow-down",
    done: "Slow-down recorded: the timeline follows the new dates.",
  },
  "upstream-dependency": {
    title: "Upstream project's timeline",
    intro:
      "When the fix relies on another project's disclosure timeline, fit our dates to theirs, earlier or later, whatever the CVSS.",
    submit: "Record the upstream timeline",
    done: "Upstream timeline recorded: the timeline follows the new dates.",
  },
};

function DecisionForm({
  kind,
  view,
  movable,
  blockedBecause,
}: {
  kind: TKind;
  view: TVulnerabilitiesView;
  movable: TMilestone[];
  blockedBecause: string | null;
}) {
  const router = useRouter();
  const copy = COPY[kind];
  const prefix = kind === "slow-down" ? "slow" : "upstream";
  const [reason, setReason] = useState("");
  const [discussedAt, setDiscussedAt] = useState("");
  const [upstreamProject, setUpstreamProject] = useState("");
  const [upstreamUrl, setUpstreamUrl] = useState("");
  const [dates, setDates] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<TProblem | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [status, setStatus] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const headingId = `${prefix}-heading`;

  if (blockedBecause) {
    return (
      <div className="space-y-1 border-t border-slate-100 pt-3" data-testid={`${prefix}-blocked`}>
        <h3 id={headingId} className="font-semibold">
          {copy.title}
        </h3>
        <p className="text-sm text-slate-700">Not possible now: {blockedBecause}</p>
      </div>
    );
  }
  if (movable.length === 0) {
    return (
      <div className="space-y-1 border-t border-slate-100 pt-3">
        <h3 id={headingId} className="font-semibold">
          {copy.title}
        </h3>
        <p className="text-sm text-slate-700">
          Every milestone is done or does not apply: no date is left to move.
        </p>
      </div>
    );
  }

  const fieldError = (field: string) => (problem?.field === field ? problem.message : null);
  const dateField = (id: string) => `${prefix}-due-${id}`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setStatus(null);
    const newDueDates: Record<string, Date> = {};
    for (const [id, value] of Object.entries(dates)) {
      if (!value) continue;
      const date = fromUtcInput(value);
      if (!date) {
        setProblem({ field: `newDueDates.${id}`, message: "Enter a date and a time (UTC)." });
        setAttempt((n) => n + 1);
        return;
      }
      newDueDates[id] = date;
    }
    setPending(true);
    setProblem(null);
    try {
      const common = { reportId: view.reportId, reason, newDueDates };
      if (kind === "slow-down") {
        await adminClient().vulnerabilities.recordSlowDown.mutate({
          ...common,
          discussedAt: discussedAt.trim(),
        });
      } else {
        await adminClient().vulnerabilities.recordUpstreamDependency.mutate({
          ...common,
          upstreamProject,
          upstreamUrl: upstreamUrl.trim(),
        });
      }
      setReason("");
      setDiscussedAt("");
      setUpstreamProject("");
      setUpstreamUrl("");
      setDates({});
      setStatus(copy.done);
      router.refresh();
    } catch (error) {
      setProblem(problemOf(error));
      setAttempt((n) => n + 1);
    } finally {
      setPending(false);
    }
  }

  const known = new Set([
    "reason",
    "discussedAt",
    "upstreamProject",
    "upstreamUrl",
    ...movable.map((m) => `newDueDates.${m.id}`),
  ]);
  const general = problem && !(problem.field && known.has(problem.field)) ? problem.message : null;
  const reasonId = `${prefix}-reason`;
  return (
    <form
      onSubmit={submit}
      noValidate
      aria-labelledby={headingId}
      className="space-y-3 border-t border-slate-100 pt-3"
      data-testid={`${prefix}-form`}
    >
      <h3 id={headingId} className="font-semibold">
        {copy.title}
      </h3>
      <p className="text-sm text-slate-600">{copy.intro}</p>
      {general ? (
        <Alert title="Not recorded" focusKey={attempt}>
          {general}
        </Alert>
      ) : null}
      {kind === "upstream-dependency" ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field
            id={`${prefix}-project`}
            label="Upstream project"
            hint="As people name it, e.g. Go or miekg/dns."
            required
            error={fieldError("upstreamProject")}
          >
            <input
              id={`${prefix}-project`}
              value={upstreamProject}
              onChange={(e) => setUpstreamProject(e.target.value)}
              maxLength={200}
              className={inputClass}
              aria-invalid={fieldError("upstreamProject") ? true : undefined}
              aria-describedby={describedBy(`${prefix}-project`, {
                hint: true,
                error: fieldError("upstreamProject"),
              })}
            />
          </Field>
          <Field
            id={`${prefix}-url`}
            label="Link to their timeline"
            hint="Their advisory, issue or announcement (https://)."
            required
            error={fieldError("upstreamUrl")}
          >
            <input
              id={`${prefix}-url`}
              type="url"
              inputMode="url"
              value={upstreamUrl}
              onChange={(e) => setUpstreamUrl(e.target.value)}
              maxLength={2000}
              className={inputClass}
              aria-invalid={fieldError("upstreamUrl") ? true : undefined}
              aria-describedby={describedBy(`${prefix}-url`, {
                hint: true,
                error: fieldError("upstreamUrl"),
              })}
            />
          </Field>
        </div>
      ) : null}
      <Field
        id={reasonId}
        label="Why"
        hint="Stored unencrypted and shown in the case's history: explain the decision, do not describe the vulnerability."
        required
        error={fieldError("reason")}
      >
        <textarea
          id={reasonId}
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={2000}
          className={inputClass}
          aria-invalid={fieldError("reason") ? true : undefined}
          aria-describedby={describedBy(reasonId, { hint: true, error: fieldError("reason") })}
        />
      </Field>
      {kind === "slow-down" ? (
        <Field
          id={`${prefix}-discussed`}
          label="Where it was discussed"
          hint="The security@ mailing-list thread: its link or message id."
          required
          error={fieldError("discussedAt")}
        >
          <input
            id={`${prefix}-discussed`}
            value={discussedAt}
            onChange={(e) => setDiscussedAt(e.target.value)}
            maxLength={500}
            className={inputClass}
            aria-invalid={fieldError("discussedAt") ? true : undefined}
            aria-describedby={describedBy(`${prefix}-discussed`, {
              hint: true,
              error: fieldError("discussedAt"),
            })}
          />
        </Field>
      ) : null}
      <fieldset className="space-y-2">
        <legend className="font-medium">
          New due dates{" "}
          <span className="text-sm font-normal text-slate-500">(UTC; leave empty to keep a date)</span>
        </legend>
        {problem?.field === "newDueDates" ? (
          <FieldError id={`${prefix}-dates-error`} error={problem.message} />
        ) : null}
        <ul className="space-y-3">
          {movable.map((m) => {
            const id = dateField(m.id);
            const error = fieldError(`newDueDates.${m.id}`);
            return (
              <li key={m.id} className="grid gap-1 sm:grid-cols-[18rem_1fr] sm:items-start sm:gap-3">
                <label htmlFor={id} className="text-sm font-medium sm:pt-2">
                  {m.label}
                </label>
                <div className="space-y-1">
                  <input
                    id={id}
                    type="datetime-local"
                    step={60}
                    value={dates[m.id] ?? ""}
                    min={kind === "slow-down" && m.due ? toUtcInput(m.due) : undefined}
                    onChange={(e) => setDates((d) => ({ ...d, [m.id]: e.target.value }))}
                    className={`${inputClass} sm:max-w-64`}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
                  />
                  <p id={`${id}-hint`} className="text-xs text-slate-600">
                    Now due {m.due ? <LocalTime at={m.due} /> : "—"}
                  </p>
                  <FieldError id={`${id}-error`} error={error} />
                </div>
              </li>
            );
          })}
        </ul>
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClass} disabled={pending}>
          {pending ? "Recording…" : copy.submit}
        </button>
        <span role="status" className="text-sm text-slate-600">
          {status}
        </span>
      </div>
    </form>
  );
}

function DecisionList({ decisions }: { decisions: TDecision[] }) {
  return (
    <div className="space-y-2 border-t border-slate-100 pt-3">
      <h3 className="font-semibold">Recorded decisions</h3>
      {decisions.length === 0 ? (
        <p className="text-sm text-slate-600">None: every date is the policy's.</p>
      ) : (
        <ol className="space-y-3" data-testid="decisions">
          {decisions.map((d) => (
            <li key={d.id} className="space-y-1 rounded-md bg-slate-50 p-3 text-sm" data-testid="decision">
              <p>
                <span className="font-semibold">
                  {d.kind === "slow-down" ? "Slow-down" : `Upstream timeline: ${d.upstreamProject ?? ""}`}
                </span>{" "}
                by {d.decidedBy.name}, <LocalTime at={d.decidedAt} />
              </p>
              <p className="whitespace-pre-wrap wrap-anywhere">
                <span className="font-medium">Why:</span> {d.reason}
              </p>
              {d.discussedAt ? (
                <p>
                  <span className="font-medium">Discussed at:</span> <SafeLink href={d.discussedAt} />
                </p>
              ) : null}
              {d.upstreamUrl ? (
                <p>
                  <span className="font-medium">Their timeline:</span> <SafeLink href={d.upstreamUrl} />
                </p>
              ) : null}
              <ul className="list-disc pl-5">
                {d.newDueDates.map((n) => (
                  <li key={n.id}>
                    {n.label}: <LocalTime at={n.due} />
                  </li>
                ))}
              </ul>
              {d.ignoredBecause.length > 0 ? (
                <p className="rounded bg-amber-50 p-2 text-amber-900">
                  The timeline no longer follows this decision: {d.ignoredBecause.join(" ")}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
