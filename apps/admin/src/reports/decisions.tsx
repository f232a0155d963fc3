"use client";

import type { TReportForStaff } from "@disclose/api";
import { hasFixTeam, type TCaseCommand } from "@disclose/domain";
import { Alert, buttonClass, describedBy, Field, inputClass, secondaryButtonClass } from "@disclose/ui";
import { type FormEvent, useState } from "react";
import { adminClient, errorMessage } from "~/trpc/client";
import { ClearReplyConsent, onlyInClear, replyHint } from "./reply-by-email";

interface Props {
  report: TReportForStaff;
  pstMembers: { id: string; name: string; available: boolean }[];
  /** Encrypts a message to the reporter (and the PST), in this browser. */
  encryptReply: (text: string) => Promise<string>;
  onDone: () => void;
}

// What each decision asks for besides a click. The reporter sees every decision on the tracking page.
const NEEDS: Partial<
  Record<string, { reason?: string; message?: "optional" | "required"; duplicate?: true; bug?: true }>
> = {
  acknowledge: { message: "optional" },
  "request-info": { message: "required" },
  accept: { message: "optional" },
  "mark-duplicate": { duplicate: true, message: "optional" },
  "mark-not-vulnerability": { reason: "Why it is not a vulnerability (the reporter sees this)", bug: true },
  reject: { reason: "Why it is rejected (the reporter sees this)", message: "optional" },
  "reopen-fix": { reason: "Why the fix is reopened" },
};

/** The decisions the domain allows this member now, and reassigning the Fix Lead. */
export function Decisions({ report, pstMembers, encryptReply, onDone }: Props) {
  const [open, setOpen] = useState<string | null>(null);
  const commands = report.commands;
  return (
    <section aria-labelledby="decide-heading" className="space-y-4 rounded-lg bg-white p-4 shadow-sm">
      <h2 id="decide-heading" className="text-lg font-semibold">
        Decide
      </h2>
      {commands.length === 0 ? (
        <p className="text-slate-600">Nothing for you to decide in this state.</p>
      ) : (
        <div className="flex flex-wrap gap-2">
          {commands.map((c) => (
            <button
              key={c.type}
              type="button"
              aria-expanded={open === c.type}
              className={open === c.type ? buttonClass : secondaryButtonClass}
              onClick={() => setOpen(open === c.type ? null : c.type)}
            >
              {c.label}
            </button>
          ))}
        </div>
      )}
      {open ? (
        <CommandForm
          key={open}
          type={open}
          label={commands.find((c) => c.type === open)?.label ?? open}
          report={report}
          encryptReply={encryptReply}
          onDone={() => {
            setOpen(null);
            onDone();
          }}
        />
      ) : null}
      {hasFixTeam(report.state) && report.mayAssignFixLead && pstMembers.length > 0 ? (
        <Reassign report={report} pstMembers={pstMembers} onDone={onDone} />
      ) : null}
      {report.decisionReason ? (
        <p>
          <span className="font-medium">Reason given:</span> {report.decisionReason}
        </p>
      ) : null}
      {report.duplicateOf ? (
        <p>
          Duplicate of{" "}
          <a href={`/reports/${report.duplicateOf}`} className="font-mono text-sky-700 underline">
            {report.duplicateOf.slice(0, 8)}
          </a>
        </p>
      ) : null}
      {report.publicBugText ? (
        <div>
          <p className="font-medium">Public bug text, ready to file:</p>
          <pre className="whitespace-pre-wrap rounded bg-slate-50 p-2 text-sm">{report.publicBugText}</pre>
        </div>
      ) : null}
      {report.fixLeadHistory.length > 0 ? (
        <div>
          <h3 className="font-medium">Fix Lead history</h3>
          <ul className="text-sm">
            {report.fixLeadHistory.map((h) => (
              <li key={`${h.at.toISOString()}-${h.memberName}`}>
                {h.memberName} — {h.reason}
                {h.note ? ` (${h.note})` : ""}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

function CommandForm({
  type,
  label,
  report,
  encryptReply,
  onDone,
}: {
  type: string;
  label: string;
  report: TReportForStaff;
  encryptReply: Props["encryptReply"];
  onDone: () => void;
}) {
  const needs = NEEDS[type] ?? {};
  const [reason, setReason] = useState("");
  const [message, setMessage] = useState("");
  const [inClear, setInClear] = useState(false);
  const clearOnly = onlyInClear(report);
  const [duplicateOf, setDuplicateOf] = useState("");
  const [bugText, setBugText] = useState("");
  const [bugReference, setBugReference] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (needs.reason && !reason.trim()) return setError("Say why, in a sentence.");
    if (needs.message === "required" && !message.trim())
      return setError("Write the message to the reporter.");
    if (clearOnly && message.trim() && !inClear)
      return setError("Tick the box to confirm that the message goes by email unencrypted.");
    if (needs.duplicate && !duplicateOf.trim())
      return setError("Enter the id of the report this duplicates.");
    setPending(true);
    setError(null);
    try {
      const command = {
        type,
        ...(needs.reason ? { reason: reason.trim() } : {}),
        ...(needs.duplicate ? { duplicateOfCaseId: duplicateOf.trim() } : {}),
        ...(needs.bug && bugReference.trim() ? { bugReference: bugReference.trim() } : {}),
      } as TCaseCommand;
      const reporterMessage = message.trim() ? await encryptReply(message.trim()) : undefined;
      await adminClient().cases.decide.mutate({
        reportId: report.id,
        command,
        extras: {
          ...(reporterMessage ? { reporterMessage } : {}),
          ...(needs.bug && bugText.trim() ? { publicBugText: bugText.trim() } : {}),
          ...(clearOnly && reporterMessage
            ? { clearReply: { text: message.trim(), confirmed: inClear } }
            : {}),
        },
      });
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-3 border-t pt-4" aria-label={label}>
      {error ? <Alert title="Not done">{error}</Alert> : null}
      {needs.duplicate ? (
        <Field
          id="duplicate-of"
          label="Duplicate of (report id)"
          hint="The id as the inbox shows it, such as 3f2a9c1b, or the whole id."
          required
        >
          <input
            id="duplicate-of"
            value={duplicateOf}
            onChange={(e) => setDuplicateOf(e.target.value)}
            aria-describedby={describedBy("duplicate-of", { hint: true })}
            className={`${inputClass} font-mono`}
          />
        </Field>
      ) : null}
      {needs.reason ? (
        <Field id="reason" label={needs.reason} required>
          <textarea
            id="reason"
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            className={inputClass}
          />
        </Field>
      ) : null}
      {needs.bug ? (
        <>
          <Field
            id="bug-text"
            label="Public bug text, ready to file"
            hint="Meant to be public: no exploit details."
          >
            <textarea
              id="bug-text"
              rows={4}
              value={bugText}
              onChange={(e) => setBugText(e.target.value)}
              aria-describedby={describedBy("bug-text", { hint: true })}
              className={inputClass}
            />
          </Field>
          <Field id="bug-reference" label="Where it was filed (issue URL)">
            <input
              id="bug-reference"
              value={bugReference}
              onChange={(e) => setBugReference(e.target.value)}
              className={inputClass}
            />
          </Field>
        </>
      ) : null}
      {needs.message ? (
        <Field
          id="decision-message"
          label="Message to the reporter"
          hint={replyHint(report, "End-to-end encrypted; the reporter reads it on the tracking page.")}
          required={needs.message === "required"}
        >
          <textarea
            id="decision-message"
            rows={4}
            value={message}
            onChange={(e) => setMessage(e.target.value)}
            aria-describedby={describedBy("decision-message", { hint: true })}
            className={inputClass}
          />
        </Field>
      ) : null}
      {needs.message && clearOnly && message.trim() ? (
        <ClearReplyConsent id={`${type}-in-clear`} checked={inClear} onChange={setInClear} />
      ) : null}
      <button type="submit" className={buttonClass} disabled={pending}>
        {pending ? "Saving…" : label}
      </button>
    </form>
  );
}

function Reassign({
  report,
  pstMembers,
  onDone,
}: {
  report: TReportForStaff;
  pstMembers: Props["pstMembers"];
  onDone: () => void;
}) {
  const [to, setTo] = useState("");
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!note.trim()) return setError("Say why the Fix Lead changes.");
    setPending(true);
    setError(null);
    try {
      await adminClient().cases.reassignFixLead.mutate({
        reportId: report.id,
        toMemberId: to || null,
        note: note.trim(),
      });
      setNote("");
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPending(false);
    }
  }

  return (
    <details className="border-t pt-4">
      <summary className="cursor-pointer font-medium">Reassign the Fix Lead</summary>
      <form onSubmit={submit} noValidate className="mt-3 space-y-3">
        {error ? <Alert title="Not reassigned">{error}</Alert> : null}
        <Field id="reassign-to" label="New Fix Lead">
          <select id="reassign-to" value={to} onChange={(e) => setTo(e.target.value)} className={inputClass}>
            <option value="">Next in rotation</option>
            {pstMembers
              .filter((m) => m.id !== report.fixLead?.id)
              .map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                  {m.available ? "" : " (out of office)"}
                </option>
              ))}
          </select>
        </Field>
        <Field id="reassign-note" label="Why" required>
          <input
            id="reassign-note"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            className={inputClass}
          />
        </Field>
        <button type="submit" className={secondaryButtonClass} disabled={pending}>
          {pending ? "Saving…" : "Reassign"}
        </button>
      </form>
    </details>
  );
}
