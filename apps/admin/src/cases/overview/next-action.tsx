"use client";

import type { TCaseWorkflow } from "@disclose/api";
import type { TCaseCommand } from "@disclose/domain";
import { Alert, buttonClass, LocalTime } from "@disclose/ui";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { adminClient, errorMessage } from "~/trpc/client";
import { casePageHref, NEXT_ACTION_PAGE } from "../case-nav";

/** Decided in the report's Decide panel, which asks for what each decision needs. */
const TRIAGE = new Set(["acknowledge", "triage"]);

const BY: Record<NonNullable<TCaseWorkflow["next"]>["by"], string> = {
  pst: "the PST",
  "fix-lead": "the Fix Lead",
  "fix-team": "the Fix Team",
};

/**
 * The one obvious next step the domain picks for the case. A state change the caller may make now is a button;
 * anything else links to the page where it is done.
 */
export function NextAction({ workflow }: { workflow: TCaseWorkflow }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const next = workflow.next;
  if (!next) {
    return (
      <section
        aria-labelledby="next-heading"
        className="rounded-lg bg-white p-4 shadow-sm"
        data-testid="next-action"
      >
        <h2 id="next-heading" className="text-lg font-semibold">
          Next
        </h2>
        <p className="text-slate-700">Nothing left to do on this case.</p>
      </section>
    );
  }
  const page = NEXT_ACTION_PAGE[next.code];

  async function run(command: string) {
    setPending(true);
    setError(null);
    try {
      await adminClient().cases.decide.mutate({
        reportId: workflow.reportId,
        command: { type: command } as TCaseCommand,
      });
      router.refresh();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPending(false);
    }
  }

  return (
    <section
      aria-labelledby="next-heading"
      className={`space-y-2 rounded-lg border-l-4 bg-white p-4 shadow-sm ${
        next.asap ? "border-red-700" : "border-sky-700"
      }`}
      data-testid="next-action"
    >
      <h2 id="next-heading" className="text-lg font-semibold">
        Next: {next.label}
      </h2>
      <p className="text-sm text-slate-700">
        By {BY[next.by]}
        {next.asap ? (
          <span className="ml-1 font-semibold text-red-800">· as soon as possible</span>
        ) : next.due ? (
          <>
            {" "}
            · due <LocalTime at={next.due} />
          </>
        ) : null}
      </p>
      {error ? <Alert title="Not done">{error}</Alert> : null}
      {TRIAGE.has(next.code) ? (
        // Triage decisions carry reasons and messages to the reporter: they are made in the Decide panel.
        <a href="#decide-heading" className="text-sky-700 underline">
          Decide below
        </a>
      ) : next.command ? (
        <button
          type="button"
          className={buttonClass}
          disabled={pending}
          onClick={() => run(next.command ?? "")}
        >
          {pending ? "Working…" : next.label}
        </button>
      ) : page !== "overview" ? (
        <Link href={casePageHref(workflow.reportId, page)} className={buttonClass}>
          Go to {next.label.charAt(0).toLowerCase() + next.label.slice(1)}
        </Link>
      ) : null}
    </section>
  );
}
