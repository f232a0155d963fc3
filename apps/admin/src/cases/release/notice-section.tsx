"use client";

import { formatUtc } from "@disclose/domain";
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
import { type FormEvent, useRef, useState } from "react";
import { problemOf } from "~/people/problem";
import { adminClient } from "~/trpc/client";
import { StatusBadge } from "./status-badge";
import type { TReleaseView } from "./types";
import { fromUtcInput, localText, toUtcInput } from "./utc-input";

type NoticeField = "projectName" | "component" | "affectedVersions" | "mitigationSteps" | "expectedReleaseAt";
type RecordField = "url" | "publishedAt" | "expectedReleaseAt";

const lines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
/** Steps are paragraphs: a blank line starts the next one, so a step may run over several lines. */
const paragraphs = (text: string) =>
  text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);

/** (a) The forthcoming-fix notice: generate the public text, copy it, record where and when it went out. */
export function NoticeSection({ view }: { view: TReleaseView }) {
  const { notice } = view;
  return (
    <section aria-labelledby="notice-heading" className="space-y-4 rounded-lg bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-baseline gap-2">
        <h2 id="notice-heading" className="text-lg font-semibold">
          1. Forthcoming-fix notice
        </h2>
        <StatusBadge status={notice.status} testId="notice-status" />
        {notice.due && !notice.publishedAt ? (
          <span className="text-sm text-slate-700">
            due <LocalTime at={notice.due} />
          </span>
        ) : null}
      </div>
      <p className="max-w-3xl text-slate-700">
        Users are told a security fix is coming, and when, so they can plan to apply it: what is affected, how
        severe, what to do until then. No details of the vulnerability.
      </p>
      {notice.publishedAt ? (
        <p data-testid="notice-done" className="rounded-md bg-green-50 p-3 text-green-900">
          <span aria-hidden="true">✓ </span>Published <LocalTime at={notice.publishedAt} />
          {notice.url ? (
            <>
              {" "}
              at{" "}
              <a href={notice.url} className="break-all text-sky-700 underline" rel="noreferrer noopener">
                {notice.url}
              </a>
            </>
          ) : null}
          {notice.expectedReleaseAt ? (
            <>
              ; it gives the release as <LocalTime at={notice.expectedReleaseAt} /> (the reporter sees this
              date).
            </>
          ) : (
            "."
          )}
        </p>
      ) : null}
      {notice.refusal !== null && !notice.publishedAt ? (
        <p data-testid="notice-refusal" className="rounded-md border-l-4 border-slate-400 bg-slate-50 p-3">
          {notice.refusal}{" "}
          {view.state === "fix-in-progress" ? (
            <>
              Get an LGTM on every commit in the{" "}
              <Link href={`/reports/${view.reportId}/workspace`} className="text-sky-700 underline">
                fix workspace
              </Link>
              , or record that a mitigation is available on the{" "}
              <Link href={`/reports/${view.reportId}`} className="text-sky-700 underline">
                overview
              </Link>
              .
            </>
          ) : null}
        </p>
      ) : null}
      {notice.refusal === null && !notice.mayPublish && !notice.publishedAt ? (
        <p className="text-slate-700">The Fix Lead writes and publishes the notice.</p>
      ) : null}
      {notice.refusal === null && notice.mayPublish ? (
        notice.publishedAt ? (
          <details className="space-y-3">
            <summary className="cursor-pointer text-sky-700 underline">
              Correct where and when it was published
            </summary>
            <RecordForm view={view} expectedReleaseAt={notice.expectedReleaseAt} />
          </details>
        ) : (
          <NoticeForm view={view} />
        )
      ) : null}
    </section>
  );
}

function NoticeForm({ view }: { view: TReleaseView }) {
  // The deployment's setting (an admin's, on the settings page); empty when none is set, so the Fix Lead types it.
  const [projectName, setProjectName] = useState(view.projectName);
  const [component, setComponent] = useState("");
  const [versions, setVersions] = useState("");
  const [steps, setSteps] = useState("");
  const [expected, setExpected] = useState(toUtcInput(view.disclosure.at ?? view.disclosure.suggested));
  const [errors, setErrors] = useState<Partial<Record<NoticeField, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [pending, setPending] = useState(false);
  const [text, setText] = useState<{ title: string; body: string; expectedReleaseAt: Date } | null>(null);
  const expectedAt = fromUtcInput(expected);

  async function generate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFailure(null);
    const found: Partial<Record<NoticeField, string>> = {};
    if (!projectName.trim()) found.projectName = "Enter the project's name.";
    if (!component.trim()) found.component = "Enter the affected component.";
    if (lines(versions).length === 0) found.affectedVersions = "List the affected versions, one per line.";
    if (!expectedAt) found.expectedReleaseAt = "Enter a date and time in UTC, such as 2026-12-03T15:00.";
    setErrors(found);
    if (Object.keys(found).length > 0 || !expectedAt) {
      setFailure("Check the fields marked below.");
      setAttempt((n) => n + 1);
      return;
    }
    setPending(true);
    try {
      const result = await adminClient().release.noticeText.mutate({
        reportId: view.reportId,
        projectName,
        component,
        affectedVersions: lines(versions),
        mitigationSteps: paragraphs(steps),
        expectedReleaseAt: expectedAt,
      });
      setText({ ...result, expectedReleaseAt: expectedAt });
    } catch (error) {
      const problem = problemOf(error);
      const field = problem.field as NoticeField | null;
      if (
        field &&
        ["projectName", "component", "affectedVersions", "mitigationSteps", "expectedReleaseAt"].includes(
          field,
        )
      ) {
        setErrors({ [field]: problem.message });
        setFailure("Check the fields marked below.");
      } else {
        setFailure(problem.message);
      }
      setText(null);
      setAttempt((n) => n + 1);
    } finally {
      setPending(false);
    }
  }

  const input = (id: NoticeField) => ({
    id: `notice-${id}`,
    "aria-invalid": errors[id] ? true : undefined,
    "aria-describedby": describedBy(`notice-${id}`, { hint: true, error: errors[id] }),
    className: inputClass,
  });

  return (
    <div className="space-y-6">
      <form noValidate onSubmit={generate} className="max-w-3xl space-y-4" aria-label="Write the notice">
        {failure ? (
          <Alert title="The notice was not generated" focusKey={attempt}>
            {failure}
          </Alert>
        ) : null}
        <Field
          id="notice-projectName"
          label="Project"
          required
          hint={
            view.projectName
              ? "The project's name as users know it. From the settings; an admin can change it there."
              : "The project's name as users know it. None is set in the settings yet; an admin can set it there."
          }
          error={errors.projectName}
        >
          <input
            {...input("projectName")}
            value={projectName}
            onChange={(e) => setProjectName(e.target.value)}
          />
        </Field>
        <Field
          id="notice-component"
          label="Affected component"
          required
          hint="In words users recognise, e.g. “the forward plugin”. Nothing that explains the flaw."
          error={errors.component}
        >
          <input {...input("component")} value={component} onChange={(e) => setComponent(e.target.value)} />
        </Field>
        <Field
          id="notice-affectedVersions"
          label="Affected versions"
          required
          hint="One range per line, e.g. >= 1.10.0, < 1.11.2"
          error={errors.affectedVersions}
        >
          <textarea
            {...input("affectedVersions")}
            rows={3}
            value={versions}
            onChange={(e) => setVersions(e.target.value)}
          />
        </Field>
        <Field
          id="notice-mitigationSteps"
          label="What users can do until the fix"
          hint="Mitigation steps; leave a blank line between steps. Required while only a mitigation exists."
          error={errors.mitigationSteps}
        >
          <textarea
            {...input("mitigationSteps")}
            rows={4}
            value={steps}
            onChange={(e) => setSteps(e.target.value)}
          />
        </Field>
        <Field
          id="notice-expectedReleaseAt"
          label="Expected release (UTC)"
          required
          hint={
            view.disclosure.at
              ? "Prefilled with the agreed disclosure time."
              : "Prefilled with the suggested disclosure time; agree the time below too."
          }
          error={errors.expectedReleaseAt}
        >
          <input
            {...input("expectedReleaseAt")}
            type="datetime-local"
            value={expected}
            onChange={(e) => setExpected(e.target.value)}
          />
        </Field>
        {expectedAt ? (
          <p className="text-sm text-slate-700">
            {formatUtc(expectedAt)} is {localText(expectedAt)} in your time.
          </p>
        ) : null}
        <p className="text-sm text-slate-700">
          Severity:{" "}
          {view.cvssScore === null
            ? "not rated yet (score the vulnerabilities first if you can)"
            : `CVSS ${view.cvssScore.toFixed(1)}, the case's score`}
          .
        </p>
        <button type="submit" className={buttonClass} disabled={pending}>
          {pending ? "Generating…" : text ? "Generate again" : "Generate the notice"}
        </button>
      </form>
      {text ? (
        <>
          <GeneratedText title={text.title} body={text.body} />
          <div className="space-y-2 border-t border-slate-200 pt-4">
            <h3 className="font-semibold">Record where and when it was published</h3>
            <p className="text-sm text-slate-700">
              Publish the text as a public issue, then record its link: the milestone is done and the reporter
              sees the expected release date.
            </p>
            <RecordForm view={view} expectedReleaseAt={text.expectedReleaseAt} />
          </div>
        </>
      ) : null}
    </div>
  );
}

function GeneratedText({ title, body }: { title: string; body: string }) {
  return (
    <div className="max-w-3xl space-y-3" data-testid="notice-text">
      <CopyField id="notice-title" label="Issue title" value={title} />
      <CopyField id="notice-body" label="Issue text (Markdown)" value={body} multiline />
    </div>
  );
}

function CopyField({
  id,
  label,
  value,
  multiline,
}: {
  id: string;
  label: string;
  value: string;
  multiline?: boolean;
}) {
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("Copied.");
    } catch {
      // No clipboard permission: select it, so Ctrl+C / ⌘C copies it.
      ref.current?.select();
      setCopied("Selected: press Ctrl+C (⌘C) to copy.");
    }
  }
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <label htmlFor={id} className="font-medium">
          {label}
        </label>
        <span className="flex items-center gap-2">
          <span role="status" className="text-sm text-green-800">
            {copied}
          </span>
          <button type="button" className={secondaryButtonClass} onClick={copy}>
            Copy<span className="sr-only"> {label.toLowerCase()}</span>
          </button>
        </span>
      </div>
      {multiline ? (
        <textarea
          ref={ref}
          id={id}
          readOnly
          rows={14}
          value={value}
          className={`${inputClass} font-mono text-sm`}
        />
      ) : (
        <input ref={ref} id={id} readOnly value={value} className={inputClass} />
      )}
    </div>
  );
}

function RecordForm({ view, expectedReleaseAt }: { view: TReleaseView; expectedReleaseAt: Date | null }) {
  const router = useRouter();
  const [url, setUrl] = useState(view.notice.url ?? "");
  const [published, setPublished] = useState(toUtcInput(view.notice.publishedAt ?? view.now));
  const [expected, setExpected] = useState(toUtcInput(expectedReleaseAt));
  const [errors, setErrors] = useState<Partial<Record<RecordField, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [pending, setPending] = useState(false);
  // Only the first record sends: a correction does not email the subscribers again.
  const first = view.notice.publishedAt === null;
  const [announce, setAnnounce] = useState(false);

  async function record(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFailure(null);
    const publishedAt = fromUtcInput(published);
    const expectedAt = fromUtcInput(expected);
    const found: Partial<Record<RecordField, string>> = {};
    if (!/^https:\/\/\S+$/.test(url.trim())) found.url = "Enter the notice's https:// link.";
    if (!publishedAt) found.publishedAt = "Enter a date and time in UTC.";
    if (!expectedAt) found.expectedReleaseAt = "Enter a date and time in UTC.";
    setErrors(found);
    if (!publishedAt || !expectedAt || Object.keys(found).length > 0) {
      setFailure("Check the fields marked below.");
      setAttempt((n) => n + 1);
      return;
    }
    setPending(true);
    try {
      await adminClient().release.recordNoticePublished.mutate({
        reportId: view.reportId,
        url,
        publishedAt,
        expectedReleaseAt: expectedAt,
        announce: first && announce,
      });
      router.refresh();
    } catch (error) {
      const problem = problemOf(error);
      const field = problem.field as RecordField | null;
      if (field && ["url", "publishedAt", "expectedReleaseAt"].includes(field)) {
        setErrors({ [field]: problem.message });
        setFailure("Check the fields marked below.");
      } else {
        setFailure(problem.message);
      }
      setAttempt((n) => n + 1);
    } finally {
      setPending(false);
    }
  }

  const input = (id: RecordField) => ({
    id: `record-${id}`,
    "aria-invalid": errors[id] ? true : undefined,
    "aria-describedby": describedBy(`record-${id}`, { hint: true, error: errors[id] }),
    className: inputClass,
  });

  return (
    <form noValidate onSubmit={record} className="max-w-3xl space-y-4" aria-label="Record the publication">
      {failure ? (
        <Alert title="Not recorded" focusKey={attempt}>
          {failure}
        </Alert>
      ) : null}
      <Field
        id="record-url"
        label="Where it was published"
        required
        hint="The public issue's https:// link."
        error={errors.url}
      >
        <input
          {...input("url")}
          type="url"
          inputMode="url"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
      </Field>
      <Field
        id="record-publishedAt"
        label="When it was published (UTC)"
        required
        hint="Not later than now."
        error={errors.publishedAt}
      >
        <input
          {...input("publishedAt")}
          type="datetime-local"
          value={published}
          onChange={(e) => setPublished(e.target.value)}
        />
      </Field>
      <Field
        id="record-expectedReleaseAt"
        label="Release date the notice gives (UTC)"
        required
        hint="The reporter's tracking page shows it."
        error={errors.expectedReleaseAt}
      >
        <input
          {...input("expectedReleaseAt")}
          type="datetime-local"
          value={expected}
          onChange={(e) => setExpected(e.target.value)}
        />
      </Field>
      {first ? (
        <label className="flex items-start gap-2">
          <input
            type="checkbox"
            className="mt-1.5"
            checked={announce}
            onChange={(e) => setAnnounce(e.target.checked)}
          />
          <span>
            Also email the notice&rsquo;s link and the expected date to the announcement subscribers who asked
            for forthcoming-fix notices
          </span>
        </label>
      ) : null}
      <button type="submit" className={buttonClass} disabled={pending}>
        {pending ? "Saving…" : "Record the publication"}
      </button>
    </form>
  );
}
