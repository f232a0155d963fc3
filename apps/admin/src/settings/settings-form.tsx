"use client";

import { hasControlCharacters, RETENTION_DAYS } from "@disclose/domain";
import { Alert, buttonClass, describedBy, Field, inputClass } from "@disclose/ui";
import { type FormEvent, useState } from "react";
import { problemOf } from "~/people/problem";
import { adminClient } from "~/trpc/client";

type TErrors = {
  ackHours?: string;
  idleMinutes?: string;
  retentionDays?: string;
  projectName?: string;
  form?: string;
};

/** The server's checks (trimmed, at most 100 characters, one line, no backticks); null when it passes. */
function projectNameProblem(text: string): string | null {
  const name = text.trim();
  if (name.length > 100) return "Enter the project's name in at most 100 characters.";
  if (hasControlCharacters(name)) return "Remove the control characters from the project's name.";
  if (name.includes("`")) return "Remove the backticks from the project's name.";
  return null;
}

/** Parses a whole number typed into a field; null for anything else ("", "1.5", "2e1", " 3 " is fine). */
function wholeNumber(text: string): number | null {
  const trimmed = text.trim();
  return /^\d{1,6}$/.test(trimmed) ? Number(trimmed) : null;
}

/**
 * The deployment's settings: the acknowledgement clock (how long the PST has to acknowledge a new report; the
 * inbox counts it down), how long an unlocked key stays unlocked in an idle browser tab, how long reporters'
 * personal data is kept after their case closes, and the project's name (the forthcoming-fix notice starts from it).
 */
export function SettingsForm({
  ackDeadlineHours,
  unlockIdleMinutes,
  reporterDataRetentionDays,
  projectName: initialProjectName,
  publicMetrics: initialPublicMetrics,
  portalRecordUrl,
}: {
  ackDeadlineHours: number;
  unlockIdleMinutes: number;
  reporterDataRetentionDays: number;
  /** Empty when none is set. */
  projectName: string;
  publicMetrics: boolean;
  /** The portal's public record page, to link to once it is on. */
  portalRecordUrl: string;
}) {
  const [hours, setHours] = useState(String(ackDeadlineHours));
  const [minutes, setMinutes] = useState(String(unlockIdleMinutes));
  const [retention, setRetention] = useState(String(reporterDataRetentionDays));
  const [projectName, setProjectName] = useState(initialProjectName);
  const [publicMetrics, setPublicMetrics] = useState(initialPublicMetrics);
  const [errors, setErrors] = useState<TErrors>({});
  const [saved, setSaved] = useState<{
    hours: number;
    minutes: number;
    days: number;
    project: string;
    publicMetrics: boolean;
  } | null>(null);
  const [pending, setPending] = useState(false);
  const [attempt, setAttempt] = useState(0);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    setSaved(null);
    const ack = wholeNumber(hours);
    const idle = wholeNumber(minutes);
    const days = wholeNumber(retention);
    const project = projectName.trim();
    const next: TErrors = {};
    if (ack === null || ack < 1 || ack > 720) {
      next.ackHours = "Enter a whole number of hours from 1 to 720 (30 days).";
    }
    if (idle === null || idle < 1 || idle > 480) {
      next.idleMinutes = "Enter a whole number of minutes from 1 to 480 (8 hours).";
    }
    if (days === null || days < RETENTION_DAYS.min || days > RETENTION_DAYS.max) {
      next.retentionDays = `Enter a whole number of days from ${RETENTION_DAYS.min} to ${RETENTION_DAYS.max} (10 years).`;
    }
    const projectProblem = projectNameProblem(project);
    if (projectProblem) next.projectName = projectProblem;
    if (
      next.ackHours ||
      next.idleMinutes ||
      next.retentionDays ||
      next.projectName ||
      ack === null ||
      idle === null ||
      days === null
    )
      return setErrors(next);
    setPending(true);
    setErrors({});
    try {
      const result = await adminClient().cases.updateSettings.mutate({
        ackDeadlineHours: ack,
        unlockIdleMinutes: idle,
        reporterDataRetentionDays: days,
        projectName: project,
        publicMetrics,
      });
      setProjectName(result.projectName);
      setPublicMetrics(result.publicMetrics);
      setSaved({
        hours: result.ackDeadlineHours,
        minutes: result.unlockIdleMinutes,
        days: result.reporterDataRetentionDays,
        project: result.projectName,
        publicMetrics: result.publicMetrics,
      });
    } catch (e) {
      const problem = problemOf(e);
      setErrors(
        problem.field === "projectName" ? { projectName: problem.message } : { form: problem.message },
      );
    } finally {
      setPending(false);
    }
  }

  const fieldErrors = [errors.ackHours, errors.idleMinutes, errors.retentionDays, errors.projectName].filter(
    Boolean,
  );
  return (
    <form onSubmit={submit} noValidate className="space-y-4 rounded-lg bg-white p-4 shadow-sm">
      {saved ? (
        <Alert title="Saved" tone="info" focusKey={attempt}>
          New reports are due for acknowledgement {saved.hours} hours after they arrive. Unlocked keys lock
          after {saved.minutes} {saved.minutes === 1 ? "minute" : "minutes"} without activity (tabs that are
          open now use the new time after their next reload). Reporters&apos; email addresses are erased{" "}
          {saved.days} {saved.days === 1 ? "day" : "days"} after their case closes.{" "}
          {saved.project
            ? `Notices name the project “${saved.project}”.`
            : "No project name is set: the Fix Lead types it into each notice."}{" "}
          {saved.publicMetrics ? (
            <>
              The portal shows the{" "}
              <a href={portalRecordUrl} className="underline">
                public record
              </a>
              .
            </>
          ) : (
            "The portal shows no public record."
          )}
        </Alert>
      ) : null}
      {errors.form ? (
        <Alert title="Not saved" focusKey={attempt}>
          {errors.form}
        </Alert>
      ) : fieldErrors.length > 0 ? (
        <Alert title="Not saved" focusKey={attempt}>
          {fieldErrors.join(" ")}
        </Alert>
      ) : null}
      <Field
        id="ack-hours"
        label="Acknowledge new reports within (hours)"
        hint="The policy's default is 2 days (48 hours). Public disclosures are always due at once."
        error={errors.ackHours}
        required
      >
        <input
          id="ack-hours"
          inputMode="numeric"
          value={hours}
          onChange={(e) => {
            setHours(e.target.value);
            setSaved(null);
          }}
          aria-invalid={errors.ackHours ? true : undefined}
          aria-describedby={describedBy("ack-hours", { hint: true, error: errors.ackHours })}
          className={inputClass}
        />
      </Field>
      <Field
        id="unlock-idle-minutes"
        label="Lock an unlocked key after (minutes without activity)"
        hint="Members type their key's passphrase once per browser tab; the key locks again after this many minutes without typing or clicking. From 1 to 480 minutes; the default is 15."
        error={errors.idleMinutes}
        required
      >
        <input
          id="unlock-idle-minutes"
          inputMode="numeric"
          value={minutes}
          onChange={(e) => {
            setMinutes(e.target.value);
            setSaved(null);
          }}
          aria-invalid={errors.idleMinutes ? true : undefined}
          aria-describedby={describedBy("unlock-idle-minutes", { hint: true, error: errors.idleMinutes })}
          className={inputClass}
        />
      </Field>
      <Field
        id="retention-days"
        label="Keep reporters' personal data for (days after a case closes)"
        hint={`A reporter's email address and the emails sent to them are erased this many days after their report is closed or ends in triage (rejected, duplicate, not a vulnerability, spam). The report, its encrypted content and the audit log stay. Reporters can erase their address sooner from their tracking page. From ${RETENTION_DAYS.min} to ${RETENTION_DAYS.max} days; the default is ${RETENTION_DAYS.default}. A shorter period also applies, at the next daily run, to cases closed long ago.`}
        error={errors.retentionDays}
        required
      >
        <input
          id="retention-days"
          inputMode="numeric"
          value={retention}
          onChange={(e) => {
            setRetention(e.target.value);
            setSaved(null);
          }}
          aria-invalid={errors.retentionDays ? true : undefined}
          aria-describedby={describedBy("retention-days", { hint: true, error: errors.retentionDays })}
          className={inputClass}
        />
      </Field>
      <Field
        id="project-name"
        label="Project name"
        hint="How the forthcoming-fix notice and advisories name the project, e.g. CoreDNS. At most 100 characters; leave it empty to have the Fix Lead type it into each notice."
        error={errors.projectName}
      >
        <input
          id="project-name"
          value={projectName}
          autoComplete="off"
          onChange={(e) => {
            setProjectName(e.target.value);
            setSaved(null);
          }}
          aria-invalid={errors.projectName ? true : undefined}
          aria-describedby={describedBy("project-name", { hint: true, error: errors.projectName })}
          className={inputClass}
        />
      </Field>
      <div className="space-y-1">
        <div className="flex items-start gap-2">
          <input
            id="public-metrics"
            type="checkbox"
            checked={publicMetrics}
            onChange={(e) => {
              setPublicMetrics(e.target.checked);
              setSaved(null);
            }}
            aria-describedby="public-metrics-hint"
            className="mt-1 h-4 w-4"
          />
          <label htmlFor="public-metrics" className="font-medium">
            Publish the public record on the portal
          </label>
        </div>
        <p id="public-metrics-hint" className="text-sm text-slate-600">
          Aggregate figures of released cases only (how many, how long to a fix and a release, how often on
          time), updated once a day; no case appears in it before its advisory is public. The policy page
          links to it.
        </p>
      </div>
      <button type="submit" className={buttonClass} disabled={pending}>
        {pending ? "Saving…" : "Save"}
      </button>
    </form>
  );
}
