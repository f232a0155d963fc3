"use client";

import type { TCaseWorkflow } from "@disclose/api";
import { buttonClass, describedBy, Field, inputClass, secondaryButtonClass } from "@disclose/ui";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { adminClient, errorMessage } from "~/trpc/client";

type TFact = TCaseWorkflow["facts"][number];

/**
 * The facts the policy's rules turn on. The Fix Lead changes one at a time, saying why (audited); everyone else
 * on the case sees them.
 */
export function CaseFacts({ workflow }: { workflow: TCaseWorkflow }) {
  const [editing, setEditing] = useState<TFact["key"] | null>(null);
  if (workflow.facts.length === 0) return null;
  return (
    <section aria-labelledby="facts-heading" className="space-y-3 rounded-lg bg-white p-4 shadow-sm">
      <h2 id="facts-heading" className="text-lg font-semibold">
        Facts the rules need
      </h2>
      {workflow.mayRecordFacts ? null : (
        <p className="text-sm text-slate-600">The Fix Lead records these, each with a reason.</p>
      )}
      <ul className="divide-y divide-slate-100" data-testid="case-facts">
        {workflow.facts.map((fact) => (
          <li key={fact.key} className="py-2">
            <div className="flex flex-wrap items-center gap-3">
              <span className="min-w-0 flex-1">{fact.label}</span>
              <span
                className={`rounded px-2 py-0.5 text-sm font-semibold ${
                  fact.value ? "bg-sky-100 text-sky-900" : "bg-slate-100 text-slate-700"
                }`}
                data-testid={`fact-${fact.key}`}
              >
                {fact.value ? "Yes" : "No"}
              </span>
              {workflow.mayRecordFacts && editing !== fact.key ? (
                <button
                  type="button"
                  className={secondaryButtonClass}
                  aria-label={`Change "${fact.label}"`}
                  onClick={() => setEditing(fact.key)}
                >
                  Change
                </button>
              ) : null}
            </div>
            {editing === fact.key ? (
              <FactForm reportId={workflow.reportId} fact={fact} onDone={() => setEditing(null)} />
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function FactForm({ reportId, fact, onDone }: { reportId: string; fact: TFact; onDone: () => void }) {
  const router = useRouter();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const id = `fact-reason-${fact.key}`;
  const to = !fact.value;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      await adminClient().caseWorkflow.recordFact.mutate({
        reportId,
        change: { fact: fact.key, value: to, reason },
      });
      onDone();
      router.refresh();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} className="mt-2 space-y-2 rounded bg-slate-50 p-3" noValidate>
      <Field
        id={id}
        label={`Why is "${fact.label}" now ${to ? "yes" : "no"}?`}
        hint="Recorded in the case's history with your name."
        error={error}
        required
      >
        <textarea
          id={id}
          className={inputClass}
          rows={2}
          value={reason}
          maxLength={2000}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, { hint: true, error })}
        />
      </Field>
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={buttonClass} disabled={pending}>
          {pending ? "Saving…" : `Set to ${to ? "yes" : "no"}`}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={onDone} disabled={pending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
