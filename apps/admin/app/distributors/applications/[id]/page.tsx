import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { requireStaffSession } from "~/auth/session";
import { loadOr404 } from "~/cases/load-or-404";
import { DecisionPanel } from "~/distributors/applications/decision-panel";
import { formatUtc, STATUS_TEXT, VOUCH_TEXT } from "~/distributors/applications/types";
import { VouchForm } from "~/distributors/applications/vouch-form";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "Application to the distributors list" };

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 sm:grid-cols-[14rem_1fr]">
      <dt className="font-medium text-slate-600">{label}</dt>
      <dd className="min-w-0 whitespace-pre-wrap break-words">{children}</dd>
    </div>
  );
}

/**
 * One application: each membership criterion with the applicant's answer, evidence and (for the PST) the rules'
 * verdict; the vouches; the vouch form for the person named or a PST member; the PST's decision.
 */
export default async function ApplicationPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaffSession();
  const { id } = await params;
  const api = await serverCaller();
  // Someone else's vouch request, an unknown or a malformed id: the same 404.
  const app = await loadOr404(() => api.distributorApplications.get({ applicationId: id }));
  const pst = app.view === "pst";

  return (
    <div className="space-y-8">
      <div className="space-y-2">
        <p className="text-sm">
          <Link href="/distributors/applications" className="text-sky-700 underline">
            ← {pst ? "Applications" : "Vouch requests"}
          </Link>
        </p>
        <h1 className="text-2xl font-bold tracking-tight">{app.organizationName}</h1>
        <p className="text-slate-700">
          <strong>{STATUS_TEXT[app.status]}</strong> · received {formatUtc(app.createdAt)}
        </p>
      </div>

      <section aria-labelledby="applicant-heading" className="space-y-3">
        <h2 id="applicant-heading" className="text-lg font-semibold">
          The applicant
        </h2>
        <dl className="space-y-2 rounded-lg bg-white p-4 shadow-sm">
          <Fact label="Organisation">{app.organizationName}</Fact>
          <Fact label="Distribution">{app.distribution}</Fact>
          <Fact label="Applicant">
            {app.applicantEmail
              ? `${app.applicantName} (${app.applicantEmail})`
              : "Erased after the retention period (the decision is kept)"}
          </Fact>
          {app.view === "pst" ? (
            <>
              <Fact label="User base">{app.userBase}</Fact>
              <Fact label="Security track record">{app.trackRecord}</Fact>
              <Fact label="Downstream of">{app.downstreamOf ?? "Not a downstream or rebuild"}</Fact>
              <Fact label="Contribution">{app.contribution}</Fact>
              <Fact label="Security contact">{app.securityContact}</Fact>
              <Fact label="Copies by email">
                {app.emailDelivery ? "Yes, encrypted to the team key" : "No"}
              </Fact>
              <Fact label="Team key fingerprint">
                <span className="font-mono text-sm">{app.teamKeyFingerprint}</span>
              </Fact>
              <Fact label="Embargo policy">
                {app.embargoPolicyCurrent
                  ? `Accepted (version ${app.embargoPolicyVersion}) on ${formatUtc(app.embargoAcceptedAt)}`
                  : `Accepted an older text (version ${app.embargoPolicyVersion}): not the policy in force now`}
              </Fact>
              <Fact label="Named as voucher">
                {!app.voucherEmail
                  ? "Erased after the retention period"
                  : app.voucherHasAccount
                    ? `${app.voucherName ?? app.voucherEmail} (${app.voucherEmail})`
                    : `${app.voucherEmail} (no account here: they cannot vouch in Disclose; a PST member can)`}
              </Fact>
            </>
          ) : null}
        </dl>
      </section>

      <section aria-labelledby="criteria-heading" className="space-y-3">
        <h2 id="criteria-heading" className="text-lg font-semibold">
          Membership criteria
        </h2>
        <ol className="space-y-3">
          {app.criteria.map((criterion, index) => {
            const problems = app.view === "pst" ? (app.criteria[index]?.problems ?? []) : null;
            return (
              <li key={criterion.id} className="space-y-2 rounded-lg bg-white p-4 shadow-sm">
                <h3 className="font-medium">
                  {index + 1}. {criterion.text}
                </h3>
                {criterion.answer || criterion.evidence ? (
                  <dl className="space-y-2 text-sm">
                    <Fact label="Answer">{criterion.answer || "—"}</Fact>
                    <Fact label="Evidence">{criterion.evidence || "—"}</Fact>
                  </dl>
                ) : (
                  <p className="text-sm text-slate-600">
                    {criterion.id === "accepts-embargo" || criterion.id === "vouched"
                      ? "Checked from the application itself (the acceptance, the vouches)."
                      : "No answer given."}
                  </p>
                )}
                {problems === null ? null : problems.length === 0 ? (
                  <p className="text-sm font-medium text-emerald-800">
                    ✓ Met as far as the application shows
                  </p>
                ) : (
                  <ul className="space-y-1 text-sm font-medium text-red-700">
                    {problems.map((problem) => (
                      <li key={problem}>
                        <span aria-hidden="true">⚠ </span>
                        {problem}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ol>
      </section>

      {app.view === "pst" ? (
        <section aria-labelledby="vouches-heading" className="space-y-3">
          <h2 id="vouches-heading" className="text-lg font-semibold">
            Vouches
          </h2>
          {app.vouches.length === 0 ? (
            <p className="rounded-lg bg-white p-4 text-slate-700 shadow-sm">
              Nobody has answered yet. The person named ({app.voucherEmail}) or any PST member can vouch.
            </p>
          ) : (
            <ul className="space-y-3">
              {app.vouches.map((vouch) => (
                <li key={vouch.voucherId} className="space-y-1 rounded-lg bg-white p-4 shadow-sm">
                  <p>
                    <strong>{VOUCH_TEXT[vouch.decision]}</strong>: {vouch.voucherName ?? vouch.voucherEmail} ·{" "}
                    <span className="font-mono text-xs">{formatUtc(vouch.at)}</span>
                    {vouch.counts ? null : (
                      <span className="ml-2 text-sm text-amber-800">
                        (no longer on the list: does not count)
                      </span>
                    )}
                  </p>
                  <p className="whitespace-pre-wrap break-words text-slate-700">{vouch.comment}</p>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

      {app.mayVouch ? (
        <section aria-labelledby="vouch-heading" className="space-y-3">
          <h2 id="vouch-heading" className="text-lg font-semibold">
            {app.myVouch ? "Your answer" : "Vouch"}
          </h2>
          <VouchForm
            applicationId={app.id}
            organizationName={app.organizationName}
            previous={app.myVouch ? { decision: app.myVouch.decision, comment: app.myVouch.comment } : null}
          />
        </section>
      ) : app.myVouch ? (
        <section aria-labelledby="vouch-heading" className="space-y-3">
          <h2 id="vouch-heading" className="text-lg font-semibold">
            Your answer
          </h2>
          <p className="rounded-lg bg-white p-4 shadow-sm">
            {VOUCH_TEXT[app.myVouch.decision]} on {formatUtc(app.myVouch.at)}: {app.myVouch.comment}
          </p>
        </section>
      ) : null}

      {app.view === "pst" ? (
        <section aria-labelledby="decision-heading" className="space-y-3">
          <h2 id="decision-heading" className="text-lg font-semibold">
            Decision
          </h2>
          {app.decision ? (
            <div className="space-y-1 rounded-lg bg-white p-4 shadow-sm">
              <p>
                <strong>{STATUS_TEXT[app.status]}</strong>
                {app.decision.decidedByName ? ` by ${app.decision.decidedByName}` : ""}
                {app.decision.decidedAt ? ` on ${formatUtc(app.decision.decidedAt)}` : ""}.
              </p>
              {app.decision.reason ? (
                <p className="whitespace-pre-wrap break-words text-slate-700">
                  Reason: {app.decision.reason}
                </p>
              ) : null}
              {app.status === "approved" ? (
                <p className="text-slate-700">
                  The organisation is on the list; the applicant was sent an email telling them how to sign
                  in.
                </p>
              ) : null}
            </div>
          ) : (
            <DecisionPanel
              applicationId={app.id}
              organizationName={app.organizationName}
              applicantEmail={app.applicantEmail}
              eligible={app.eligible}
              problems={app.problems.map((p) => p.message)}
            />
          )}
        </section>
      ) : null}
    </div>
  );
}
