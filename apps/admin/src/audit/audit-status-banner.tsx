import "server-only";
import type { TAuditStatus } from "@disclose/api";
import { formatUtc } from "@disclose/domain";
import { TRPCError } from "@trpc/server";
import { serverCaller } from "~/trpc/server";
import { VerifyNowButton } from "./verify-now-button";

/**
 * The audit log's verification status, as the global audit page and each case's history show it: green with the
 * last verification's time, event count and head; red with the failing event and the reason; or not verified
 * yet. "Verify now" for those who may ask (PST and admins).
 */
export function AuditStatusBanner({ status }: { status: TAuditStatus }) {
  const latest = status.latest;
  const state = latest === null ? "unverified" : latest.ok ? "ok" : "broken";
  const tone =
    state === "ok"
      ? "border-green-700 bg-green-50 text-green-950"
      : state === "broken"
        ? "border-red-600 bg-red-50 text-red-950"
        : "border-slate-400 bg-slate-50 text-slate-900";
  return (
    <section
      aria-label="Audit log verification"
      data-testid="audit-status"
      data-state={state}
      className={`space-y-2 rounded-md border-l-4 p-4 ${tone}`}
    >
      {latest === null ? (
        <p className="font-semibold">Not verified yet: the hourly check has not run.</p>
      ) : latest.ok ? (
        <>
          <p className="font-semibold">
            Verified {formatUtc(latest.checkedAt)}: {latest.events} events, head #{latest.headSeq ?? "–"}
          </p>
          {latest.headHash ? (
            <p className="text-sm">
              Head hash: <code className="break-all">{latest.headHash}</code>
            </p>
          ) : null}
        </>
      ) : (
        <>
          <p className="font-semibold" role="alert">
            Verification failed {formatUtc(latest.checkedAt)}: event #{latest.failedSeq} does not verify.
          </p>
          <p className="text-sm">Reason: {latest.reason}</p>
          <p className="text-sm">
            {latest.alerted ? "The PST was emailed about this break. " : ""}Do not repair the log: keep the
            database as it is and compare with a head hash from an earlier daily digest (
            <code>pnpm audit:verify --head &lt;seq&gt;:&lt;hash&gt;</code>).
          </p>
        </>
      )}
      {status.canVerify ? <VerifyNowButton /> : null}
    </section>
  );
}

/**
 * The banner for a page that loads the status itself (a case's history): shown only to those who may read the
 * audit log's status (PST and admins); nothing for the case's Fix Team.
 */
export async function AuditStatusSection() {
  let status: TAuditStatus;
  try {
    status = await (await serverCaller()).audit.status();
  } catch (error) {
    if (error instanceof TRPCError && error.code === "FORBIDDEN") return null;
    throw error;
  }
  return <AuditStatusBanner status={status} />;
}
