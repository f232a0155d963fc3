import { formatUtc } from "@disclose/domain";
import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = {
  title: "Your application to the distributors list",
  robots: { index: false, follow: false },
};

const STATE_TEXT = {
  submitted: {
    label: "Submitted",
    explanation: "The Product Security Team has not decided yet.",
  },
  approved: {
    label: "Approved",
    explanation: "Welcome to the list. You are told by email how your team gets access.",
  },
  rejected: { label: "Not accepted", explanation: null },
} as const;

const VOUCH_TEXT = {
  waiting: "Waiting for the voucher",
  vouched: "Vouched",
  declined: "Declined: the person named declined to vouch",
} as const;

async function loadStatus(token: string) {
  try {
    return await (await serverCaller()).distributorApplications.status({ token });
  } catch (error) {
    // Any bad token — malformed, wrong, unknown — looks the same: the page does not exist.
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST"))
      notFound();
    throw error;
  }
}

export default async function ApplicationStatusPage({ params }: { params: Promise<{ token: string }> }) {
  const token = decodeURIComponent((await params).token);
  const status = await loadStatus(token);
  const state = STATE_TEXT[status.status];
  const facts: [string, string][] = [
    ["Organisation", status.organizationName],
    ["Submitted", formatUtc(status.submittedAt)],
    ["Voucher", VOUCH_TEXT[status.vouch]],
    ["Decided", status.decidedAt ? formatUtc(status.decidedAt) : "Not yet"],
  ];
  return (
    <div className="space-y-8">
      <section aria-labelledby="state-heading" className="space-y-3">
        <h1 className="text-3xl font-bold tracking-tight">
          Your application to the private distributors list
        </h1>
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="state-heading" className="text-sm font-medium text-slate-600">
            Current state
          </h2>
          <p className="mt-1 text-2xl font-semibold" data-testid="application-state">
            {state.label}
          </p>
          {state.explanation ? <p className="mt-1 text-slate-700">{state.explanation}</p> : null}
          {status.decisionReason ? (
            <p className="mt-2 wrap-anywhere" data-testid="decision-reason">
              <span className="font-medium">The team&apos;s reason:</span> {status.decisionReason}
            </p>
          ) : null}
          <dl className="mt-4 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
            {facts.map(([term, value]) => (
              <div key={term} className="contents">
                <dt className="font-medium text-slate-600">{term}</dt>
                <dd className="min-w-0 wrap-anywhere">{value}</dd>
              </div>
            ))}
          </dl>
        </div>
        <p className="text-sm text-slate-600">
          Times are in UTC. The person you named as voucher is asked to confirm; then the Product Security
          Team decides. Keep this page&apos;s link private: anyone who has it can see this page.
        </p>
      </section>
    </div>
  );
}
