import { formatUtc, REPORTER_STATE_TEXT } from "@disclose/domain";
import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CveAndCredit } from "~/track/credit-and-cve";
import { ErasePersonalData } from "~/track/erase-personal-data";
import { SentReport } from "~/track/sent-report";
import { Thread } from "~/track/thread";
import { ReporterKeyNotice, ReporterKeyProvider } from "~/track/use-reporter-key";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = {
  title: "Your report",
  robots: { index: false, follow: false },
};

async function loadView(token: string) {
  try {
    return await (await serverCaller()).tracking.view({ token });
  } catch (error) {
    // Any bad token — malformed, wrong, unknown — looks the same: the page does not exist.
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST"))
      notFound();
    throw error;
  }
}

export default async function TrackPage({ params }: { params: Promise<{ token: string }> }) {
  const token = decodeURIComponent((await params).token);
  const view = await loadView(token);
  const state = REPORTER_STATE_TEXT[view.state];
  const facts: [string, string][] = [
    ["Received", formatUtc(view.receivedAt)],
    ["Acknowledged", view.acknowledgedAt ? formatUtc(view.acknowledgedAt) : "Not yet"],
    ["CVE ID", view.cveId ?? "Not assigned yet"],
    ["Expected release", view.expectedReleaseAt ? formatUtc(view.expectedReleaseAt) : "Not planned yet"],
    // What the advisory will say; the credit the reporter asked for is under "What you sent".
    ["Public credit", view.creditName ?? "Not published yet"],
  ];
  return (
    <div className="space-y-8">
      <section aria-labelledby="state-heading" className="space-y-3">
        <h1 className="text-3xl font-bold tracking-tight">Your report</h1>
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="state-heading" className="text-sm font-medium text-slate-600">
            Current state
          </h2>
          <p className="mt-1 text-2xl font-semibold" data-testid="report-state">
            {state.label}
          </p>
          {state.explanation ? <p className="mt-1 text-slate-700">{state.explanation}</p> : null}
          {view.decisionReason ? (
            <p className="mt-2" data-testid="decision-reason">
              <span className="font-medium">The team&apos;s reason:</span> {view.decisionReason}
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
          Times are in UTC.{" "}
          <a className="underline" href="/policy">
            What happens and when
          </a>
          .
        </p>
      </section>

      <CveAndCredit token={token} cveRequests={view.cveRequests} creditOffer={view.creditOffer} />

      {/* One unlock of the reporter's key (from the link's fragment) for the thread and the report. The thread
          comes first: it is what changes; the report can be long. */}
      <ReporterKeyProvider lockedPrivateKey={view.reporterLockedPrivateKey}>
        <ReporterKeyNotice />
        <Thread
          token={token}
          reporterPublicKey={view.reporterPublicKey}
          messages={view.messages.map((m) => ({
            id: m.id,
            author: m.author,
            ciphertext: m.ciphertext,
            createdAt: formatUtc(m.createdAt),
          }))}
        />
        <SentReport report={view.report} />
      </ReporterKeyProvider>

      <ErasePersonalData
        token={token}
        hasNotifyEmail={view.personalData.hasNotifyEmail}
        emailsKept={view.personalData.emailsKept}
        erasedAt={view.personalData.erasedAt ? formatUtc(view.personalData.erasedAt) : null}
        retentionDays={view.personalData.retentionDays}
        erasableAt={view.personalData.erasableAt ? formatUtc(view.personalData.erasableAt) : null}
      />
    </div>
  );
}
