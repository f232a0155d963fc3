"use client";

import type { AdminRouter } from "@disclose/api";
import {
  Alert,
  buttonClass,
  describedBy,
  Field,
  inputClass,
  LocalTime,
  secondaryButtonClass,
} from "@disclose/ui";
import type { inferRouterOutputs } from "@trpc/server";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { refusalOf } from "~/cases/workspace/sealed";
import { adminClient } from "~/trpc/client";
import { ReportLeakForm } from "./report-leak-form";

type TView = inferRouterOutputs<AdminRouter>["distributorLeaks"]["listForCase"];
type TLeak = TView["leaks"][number];

const DAMAGE_LABELS = {
  none: "None",
  limited: "Limited",
  severe: "Severe",
  unknown: "Unknown",
} as const;
const DECISION_LABELS = { "release-early": "Release early", continue: "Continue the embargo" } as const;
const CONSEQUENCES = {
  none: "No consequence for the organisation.",
  warn: "The organisation was warned (a repeat removes it); its security contact was emailed.",
  remove: "The organisation leaked again and was removed from the list; its members' access has ended.",
} as const;

/**
 * The case's leak reports for its team: the PST assesses the damage and decides (the domain's recommendation
 * shown: when in doubt, go public as soon as possible), and may remove one person; the team may report one.
 */
export function CaseLeaks({ reportId }: { reportId: string }) {
  const [view, setView] = useState<TView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setView(await adminClient().distributorLeaks.listForCase.query({ reportId }));
    } catch (e) {
      setError(refusalOf(e).message);
    }
  }, [reportId]);
  useEffect(() => {
    void load();
  }, [load]);
  const done = (message: string) => {
    setNotice(message);
    void load();
  };

  if (error) return <Alert title="The leaks could not be loaded">{error}</Alert>;
  if (!view) {
    return (
      <p role="status" className="text-slate-600">
        Loading the leaks…
      </p>
    );
  }
  return (
    <div className="space-y-4">
      <p role="status" className="text-sm text-slate-700">
        {notice}
      </p>
      {view.leaks.length === 0 ? (
        <p className="text-slate-600">No leak was reported on this case.</p>
      ) : (
        <ol className="space-y-3">
          {view.leaks.map((leak) => (
            <li key={leak.id} className="space-y-2 rounded-md bg-slate-50 p-3">
              <LeakFacts leak={leak} />
              {leak.state === "reported" && view.mayAssess ? <AssessForm leak={leak} onDone={done} /> : null}
              {leak.state === "assessed" && view.mayDecide ? <DecideForm leak={leak} onDone={done} /> : null}
            </li>
          ))}
        </ol>
      )}
      {view.mayAssess && view.organizations.some((o) => o.members.some((m) => m.status !== "removed")) ? (
        <details className="rounded-md bg-white p-3 shadow-sm">
          <summary className="cursor-pointer font-medium">Remove one person from their organisation</summary>
          <RemovePerson organizations={view.organizations} onDone={done} />
        </details>
      ) : null}
      {view.mayReport ? (
        <details className="rounded-md bg-white p-3 shadow-sm">
          <summary className="cursor-pointer font-medium">Report a leak</summary>
          <ReportLeakForm
            reportId={reportId}
            organizations={view.organizations}
            onReported={() => void load()}
          />
        </details>
      ) : null}
    </div>
  );
}

function LeakFacts({ leak }: { leak: TLeak }) {
  return (
    <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
      <dt className="font-medium">Organisation</dt>
      <dd>{leak.organizationName ?? "Not known"}</dd>
      <dt className="font-medium">What</dt>
      <dd className="whitespace-pre-wrap wrap-anywhere">{leak.what}</dd>
      <dt className="font-medium">To whom</dt>
      <dd className="whitespace-pre-wrap wrap-anywhere">{leak.toWhom}</dd>
      <dt className="font-medium">When</dt>
      <dd>
        <LocalTime at={leak.leakedAt} />
      </dd>
      <dt className="font-medium">Prevention</dt>
      <dd className="whitespace-pre-wrap wrap-anywhere">{leak.prevention}</dd>
      <dt className="font-medium">Reported</dt>
      <dd>
        by {leak.reportedByName ?? "a former member"}, <LocalTime at={leak.reportedAt} />
        {leak.selfReported ? " (self-reported)" : ""}
      </dd>
      {leak.damage ? (
        <>
          <dt className="font-medium">Damage</dt>
          <dd className="whitespace-pre-wrap wrap-anywhere">
            {DAMAGE_LABELS[leak.damage]}: {leak.assessmentNotes}
          </dd>
        </>
      ) : null}
      {leak.decision ? (
        <>
          <dt className="font-medium">Decision</dt>
          <dd className="whitespace-pre-wrap wrap-anywhere">
            {DECISION_LABELS[leak.decision]}: {leak.decisionReason}
          </dd>
        </>
      ) : null}
    </dl>
  );
}

function AssessForm({ leak, onDone }: { leak: TLeak; onDone: (message: string) => void }) {
  const id = `assess-${leak.id}`;
  const [damage, setDamage] = useState("");
  const [notes, setNotes] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!damage) return setError("Choose the damage.");
    if (!notes.trim()) return setError("Describe the damage assessed.");
    setPending(true);
    setError(null);
    try {
      const r = await adminClient().distributorLeaks.assess.mutate({
        leakId: leak.id,
        damage: damage as keyof typeof DAMAGE_LABELS,
        notes,
      });
      onDone(`Assessed. ${CONSEQUENCES[r.consequence]}`);
    } catch (e) {
      setError(refusalOf(e).message);
    } finally {
      setPending(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate className="space-y-2">
      <Field id={`${id}-damage`} label="Damage" required error={error}>
        <select
          id={`${id}-damage`}
          className={inputClass}
          value={damage}
          onChange={(e) => setDamage(e.target.value)}
          aria-describedby={describedBy(`${id}-damage`, { error })}
        >
          <option value="">Choose…</option>
          {Object.entries(DAMAGE_LABELS).map(([key, label]) => (
            <option key={key} value={key}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      <Field id={`${id}-notes`} label="Assessment" required hint="Who could have seen it, and what follows.">
        <textarea
          id={`${id}-notes`}
          rows={3}
          className={inputClass}
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
          aria-describedby={describedBy(`${id}-notes`, { hint: true })}
        />
      </Field>
      <p className="text-sm text-slate-600">
        A damaging leak (anything but “none”) warns the organisation the first time and removes it from the
        list the second.
      </p>
      <button type="submit" className={buttonClass} disabled={pending}>
        {pending ? "Saving…" : "Record the assessment"}
      </button>
    </form>
  );
}

function DecideForm({ leak, onDone }: { leak: TLeak; onDone: (message: string) => void }) {
  const id = `decide-${leak.id}`;
  const [decision, setDecision] = useState<string>(leak.recommendedDecision ?? "");
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // The domain refuses "continue" when the damage is unknown: only offer what can be done.
  const options = Object.entries(DECISION_LABELS).filter(
    ([key]) => !(key === "continue" && leak.damage === "unknown"),
  );
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!decision) return setError("Choose a decision.");
    if (!reason.trim()) return setError("Say why.");
    setPending(true);
    setError(null);
    try {
      const r = await adminClient().distributorLeaks.decide.mutate({
        leakId: leak.id,
        decision: decision as keyof typeof DECISION_LABELS,
        reason,
      });
      onDone(
        decision === "release-early"
          ? `Decided: release early. The disclosure time is now${r.disclosureAt ? ` (${r.disclosureAt.toISOString().slice(0, 16).replace("T", " ")} UTC)` : ""}; the embargo has ended for everyone. Release from “Notice & release”.`
          : "Decided: the embargo continues.",
      );
    } catch (e) {
      setError(refusalOf(e).message);
    } finally {
      setPending(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate className="space-y-2">
      <p className="text-sm">
        Recommended:{" "}
        <strong>{leak.recommendedDecision ? DECISION_LABELS[leak.recommendedDecision] : "—"}</strong>. When in
        doubt, push forward and go public as soon as possible. “Release early” moves the disclosure time to
        now: the embargo ends for every organisation.
      </p>
      <Field id={`${id}-decision`} label="Decision" required error={error}>
        <select
          id={`${id}-decision`}
          className={inputClass}
          value={decision}
          onChange={(e) => setDecision(e.target.value)}
          aria-describedby={describedBy(`${id}-decision`, { error })}
        >
          <option value="">Choose…</option>
          {options.map(([key, label]) => (
            <option key={key} value={key}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      <Field id={`${id}-reason`} label="Why" required>
        <textarea
          id={`${id}-reason`}
          rows={2}
          className={inputClass}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Field>
      <button type="submit" className={buttonClass} disabled={pending}>
        {pending ? "Saving…" : "Record the decision"}
      </button>
    </form>
  );
}

function RemovePerson({
  organizations,
  onDone,
}: {
  organizations: TView["organizations"];
  onDone: (message: string) => void;
}) {
  const [userId, setUserId] = useState("");
  const [reason, setReason] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const people = organizations.flatMap((o) =>
    o.members.filter((m) => m.status !== "removed").map((m) => ({ ...m, organization: o.name })),
  );
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!userId) return setError("Choose a person.");
    if (reason.trim().length === 0) return setError("Give the reason for the removal.");
    if (!confirming) return setConfirming(true);
    setPending(true);
    setError(null);
    try {
      await adminClient().distributorLeaks.removePerson.mutate({ userId, reason });
      setConfirming(false);
      setUserId("");
      setReason("");
      onDone("The person was removed: their access ends with their next request.");
    } catch (e) {
      setError(refusalOf(e).message);
      setConfirming(false);
    } finally {
      setPending(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate className="mt-2 space-y-2">
      <Field id="remove-person" label="Person" required error={error}>
        <select
          id="remove-person"
          className={inputClass}
          value={userId}
          onChange={(e) => {
            setUserId(e.target.value);
            setConfirming(false);
          }}
          aria-describedby={describedBy("remove-person", { error })}
        >
          <option value="">Choose…</option>
          {people.map((p) => (
            <option key={p.userId} value={p.userId}>
              {p.name} ({p.organization})
            </option>
          ))}
        </select>
      </Field>
      <Field id="remove-reason" label="Reason" required hint="Recorded in the audit log.">
        <textarea
          id="remove-reason"
          rows={2}
          className={inputClass}
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            setConfirming(false);
          }}
          aria-describedby={describedBy("remove-reason", { hint: true })}
        />
      </Field>
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={buttonClass} disabled={pending}>
          {confirming ? "Yes, remove this person" : "Remove…"}
        </button>
        {confirming ? (
          <button type="button" className={secondaryButtonClass} onClick={() => setConfirming(false)}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
