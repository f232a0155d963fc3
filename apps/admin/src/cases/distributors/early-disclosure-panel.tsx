"use client";

import type { AdminRouter } from "@disclose/api";
import { checkDistributorNotice, markedFileName, markPatch } from "@disclose/domain";
import { Alert, buttonClass, DataTable, describedBy, Field, inputClass, LocalTime } from "@disclose/ui";
import type { inferRouterOutputs } from "@trpc/server";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { UnlockPanel, useKeyring } from "~/keyring";
import { problemOf } from "~/people/problem";
import { adminClient } from "~/trpc/client";
import { bytesToBase64, loadCrypto, openPatchVersion } from "../patches/patch-files";

export type TEarlyDisclosureView = inferRouterOutputs<AdminRouter>["earlyDisclosure"]["get"];
type TOrganization = TEarlyDisclosureView["organizations"][number];
type TRecipients = inferRouterOutputs<AdminRouter>["earlyDisclosure"]["recipients"];
type TRecipientOrganization = TRecipients["organizations"][number];

/**
 * The Fix Lead's early disclosure: the terms and the embargo end, the organisations chosen, then "Make copies and
 * notify" (each current patch version decrypted here, marked and encrypted to each organisation's keys, uploaded
 * one organisation at a time; those already notified are skipped, so an interrupted run resumes), and the receipts.
 */
export function EarlyDisclosurePanel({ view }: { view: TEarlyDisclosureView }) {
  const notifiedAny = view.organizations.some((o) => o.receipt?.notifiedAt);
  return (
    <section
      aria-labelledby="early-disclosure-heading"
      className="space-y-4 rounded-lg bg-white p-4 shadow-sm"
      data-testid="early-disclosure"
    >
      <h2 id="early-disclosure-heading" className="text-lg font-semibold">
        Early disclosure to distributors
      </h2>
      <PrepareForm view={view} />
      {view.disclosure ? <MakeCopies view={view} /> : null}
      {view.organizations.some((o) => o.chosen) ? <Receipts view={view} /> : null}
      {notifiedAny ? (
        <p className="text-sm text-slate-600">
          Organisations notified got an email with only the link and the embargo end; they read the copies
          after signing in.
        </p>
      ) : null}
    </section>
  );
}

function PrepareForm({ view }: { view: TEarlyDisclosureView }) {
  const router = useRouter();
  const receivable = view.organizations.filter((o) => !o.cannotReceive);
  const [terms, setTerms] = useState(
    view.disclosure?.terms ??
      "Embargoed until the disclosure time below. Share nothing outside your organisation's security team; prepare updates privately and publish them only after the disclosure time.",
  );
  const [reason, setReason] = useState(view.disclosure?.noticeReason ?? "");
  const [chosen, setChosen] = useState<Set<string>>(
    new Set(
      view.organizations.some((o) => o.chosen)
        ? view.organizations.filter((o) => o.chosen).map((o) => o.id)
        : receivable.map((o) => o.id),
    ),
  );
  const [problem, setProblem] = useState<{ field: string | null; message: string } | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [pending, setPending] = useState(false);
  // The embargo ends at the case's agreed disclosure time, set in one place: the release section's form.
  const date = view.disclosureAt;
  const check = date ? checkDistributorNotice(date, { now: new Date(), reason: reason || null }) : null;
  const notice = date ? checkDistributorNotice(date, { now: new Date(), reason: "x" }) : null;
  const needsReason = notice?.ok ? notice.needsReason : false;

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    if (!terms.trim()) return setProblem({ field: "terms", message: "Write the terms of the embargo." });
    if (!date) return;
    if (check && !check.ok) {
      return setProblem({
        field: check.problems.some((p) => p.includes("passed")) ? "disclosureAt" : "noticeReason",
        message: check.problems.join(" "),
      });
    }
    if (chosen.size === 0)
      return setProblem({ field: "organizationIds", message: "Choose at least one organisation." });
    setPending(true);
    try {
      const result = await adminClient().earlyDisclosure.prepare.mutate({
        reportId: view.reportId,
        terms,
        disclosureAt: date,
        ...(reason.trim() ? { noticeReason: reason } : {}),
        organizationIds: [...chosen],
      });
      setWarnings(result.warnings);
      router.refresh();
    } catch (e) {
      setProblem(problemOf(e));
    } finally {
      setPending(false);
    }
  }
  const errorFor = (field: string) => (problem?.field === field ? problem.message : null);
  return (
    <form onSubmit={save} className="space-y-3" noValidate>
      <Field id="ed-terms" label="Terms of the embargo" required error={errorFor("terms")}>
        <textarea
          id="ed-terms"
          value={terms}
          onChange={(e) => setTerms(e.target.value)}
          rows={4}
          maxLength={10_000}
          className={inputClass}
          aria-describedby={describedBy("ed-terms", { error: errorFor("terms") })}
        />
      </Field>
      <div id="ed-at" data-testid="embargo-end">
        <p className="font-medium">Embargo end</p>
        {date ? (
          <p>
            <LocalTime at={date} className="font-semibold" /> (the case&rsquo;s agreed disclosure time;{" "}
            <a href="#disclosure-at" className="text-sky-700 underline">
              change it under Release
            </a>
            ).
          </p>
        ) : (
          <p className="text-slate-700">
            Agree the public disclosure time first,{" "}
            <a href="#disclosure-at" className="text-sky-700 underline">
              under Release below
            </a>
            : the embargo ends then.
          </p>
        )}
        {(errorFor("disclosureAt") ?? errorFor("at")) ? (
          <p className="text-sm text-red-700">{errorFor("disclosureAt") ?? errorFor("at")}</p>
        ) : null}
      </div>
      {notice?.ok && notice.warnings.length > 0 ? (
        <Alert title="Unusual notice">{notice.warnings.join(" ")}</Alert>
      ) : null}
      {needsReason || reason ? (
        <Field
          id="ed-reason"
          label="Why this notice (recorded)"
          required={needsReason}
          error={errorFor("noticeReason")}
        >
          <textarea
            id="ed-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            rows={2}
            maxLength={2000}
            className={inputClass}
            aria-describedby={describedBy("ed-reason", { error: errorFor("noticeReason") })}
          />
        </Field>
      ) : null}
      <fieldset className="space-y-1" aria-describedby="ed-orgs-error">
        <legend className="font-medium">Organisations</legend>
        {view.organizations.length === 0 ? (
          <p className="text-slate-600">No organisation is on the private distributors list yet.</p>
        ) : (
          <ul className="space-y-1">
            {view.organizations.map((o) => {
              const notified = Boolean(o.receipt?.notifiedAt);
              return (
                <li key={o.id}>
                  <label className="inline-flex items-center gap-2">
                    <input
                      type="checkbox"
                      checked={chosen.has(o.id)}
                      disabled={Boolean(o.cannotReceive) || notified}
                      onChange={(e) => {
                        const next = new Set(chosen);
                        if (e.target.checked) next.add(o.id);
                        else next.delete(o.id);
                        setChosen(next);
                      }}
                    />
                    <span>{o.name}</span>
                    {o.status === "warned" ? <span className="text-sm text-amber-700">(warned)</span> : null}
                    {notified ? <span className="text-sm text-slate-600">(notified)</span> : null}
                  </label>
                  {o.cannotReceive ? (
                    <span className="ml-6 block text-sm text-slate-600">
                      Cannot receive: {o.cannotReceive}
                    </span>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
        <p id="ed-orgs-error" className="text-sm text-red-700">
          {errorFor("organizationIds") ?? ""}
        </p>
      </fieldset>
      {problem &&
      !["terms", "disclosureAt", "at", "noticeReason", "organizationIds"].includes(problem.field ?? "") ? (
        <Alert title="Not saved">{problem.message}</Alert>
      ) : null}
      {warnings.length > 0 ? <Alert title="Saved, with warnings">{warnings.join(" ")}</Alert> : null}
      {date ? (
        <button type="submit" className={buttonClass} disabled={pending}>
          {pending ? "Saving…" : view.disclosure ? "Save the disclosure" : "Prepare the disclosure"}
        </button>
      ) : null}
    </form>
  );
}

/** Chosen and able to receive, and missing a copy of a current patch version (none yet, or a new version). */
function needsCopies(o: TOrganization, versionIds: readonly string[]): boolean {
  if (!o.chosen || o.cannotReceive) return false;
  return versionIds.some((id) => !o.receipt?.copyVersionIds.includes(id));
}

/** Holds every current copy but was not notified yet (an earlier run stopped between copies and notice). */
function waitsForNotice(o: TOrganization, versionIds: readonly string[]): boolean {
  return Boolean(o.chosen && !o.cannotReceive && !o.receipt?.notifiedAt && !needsCopies(o, versionIds));
}

function MakeCopies({ view }: { view: TEarlyDisclosureView }) {
  const router = useRouter();
  const keyring = useKeyring();
  const [progress, setProgress] = useState<{ done: number; total: number; name: string } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [finished, setFinished] = useState<string | null>(null);
  const versionIds = view.patchVersions.map((v) => v.id);
  const waiting = view.organizations.filter((o) => needsCopies(o, versionIds));
  const unnotified = view.organizations.filter((o) => waitsForNotice(o, versionIds));
  const newVersion = waiting.filter((o) => o.receipt?.notifiedAt);
  if (waiting.length === 0 && unnotified.length === 0) {
    // After a run the page refreshes to this: what the run did stays in view.
    return (
      <div className="space-y-1">
        {finished ? <p role="status">{finished}</p> : null}
        {problem ? <Alert title="Not finished">{problem}</Alert> : null}
        <p className="text-slate-700">Every organisation chosen has been notified.</p>
      </div>
    );
  }
  if (waiting.length > 0 && keyring.status !== "unlocked") {
    return (
      <UnlockPanel title="Unlock your key to make the copies">
        <p>The patches are decrypted here, marked and encrypted to each organisation&rsquo;s keys.</p>
      </UnlockPanel>
    );
  }
  async function run() {
    setProblem(null);
    setFinished(null);
    try {
      // The keys are fetched only now (the page carries none), fresh: a key changed since would make copies stale.
      const current = await adminClient().earlyDisclosure.recipients.query({ reportId: view.reportId });
      const todo = current.organizations;
      if (todo.length > 0) {
        const { encryptBytes } = await loadCrypto();
        const keys = keyring.status === "unlocked" ? keyring.keys : [];
        const opened = await Promise.all(
          current.patchVersions.map(async (v) => ({
            version: v,
            text: new TextDecoder().decode((await openPatchVersion(view.reportId, v.id, keys)).bytes),
          })),
        );
        for (const [i, org] of todo.entries()) {
          setProgress({ done: i, total: todo.length, name: org.name });
          await uploadFor(org, opened, encryptBytes, view.reportId);
        }
      }
      // Everyone ready is told at once, in one transaction.
      setProgress({ done: todo.length, total: todo.length, name: "" });
      const notified = await adminClient().earlyDisclosure.notify.mutate({ reportId: view.reportId });
      if (notified.caseStateProblem) setProblem(notified.caseStateProblem);
      setFinished(
        notified.caseState === "distributors-notified"
          ? "Everyone is notified: the case is now “Distributors notified”."
          : notified.notified > 0
            ? `${notified.notified === 1 ? "1 organisation" : `${notified.notified} organisations`} notified.`
            : "Copies made and sent.",
      );
      router.refresh();
    } catch (e) {
      setProblem(
        `${problemOf(e).message} Copies already made are kept and no one is notified twice; run it again to continue.`,
      );
      router.refresh();
    }
  }
  const running = progress !== null && progress.done < progress.total;
  return (
    <div className="space-y-2">
      {waiting.length > 0 ? (
        <p className="text-slate-700">
          {waiting.length === 1 ? "1 organisation waits" : `${waiting.length} organisations wait`} for copies
          of {view.patchVersions.length === 1 ? "1 patch" : `${view.patchVersions.length} patches`}.
        </p>
      ) : null}
      {unnotified.length > 0 ? (
        <p className="text-slate-700" data-testid="copies-not-notified">
          {unnotified.length === 1
            ? "1 organisation has its copies but was not notified yet."
            : `${unnotified.length} organisations have their copies but were not notified yet.`}
        </p>
      ) : null}
      {newVersion.length > 0 ? (
        <p className="text-slate-700" data-testid="new-version-needed">
          {newVersion.length === 1
            ? "1 organisation needs the new version"
            : `${newVersion.length} organisations need the new version`}{" "}
          of a patch: they get fresh copies the same way.
        </p>
      ) : null}
      <button type="button" className={buttonClass} onClick={() => void run()} disabled={running}>
        {waiting.length > 0 ? "Make copies and notify" : "Notify them now"}
      </button>
      {progress ? (
        <div className="space-y-1">
          <progress className="w-full" max={progress.total} value={progress.done} aria-label="Copies made" />
          <p className="text-sm text-slate-700" aria-live="polite">
            {progress.done < progress.total
              ? `Organisation ${progress.done + 1} of ${progress.total}: ${progress.name}`
              : `${progress.total} of ${progress.total} copies made`}
          </p>
        </div>
      ) : null}
      {problem ? <Alert title="Not finished">{problem}</Alert> : null}
      {finished ? <p role="status">{finished}</p> : null}
    </div>
  );
}

async function uploadFor(
  org: TRecipientOrganization,
  opened: { version: TRecipients["patchVersions"][number]; text: string }[],
  encryptBytes: (data: Uint8Array, keys: readonly string[]) => Promise<Uint8Array>,
  reportId: string,
) {
  const mark = org.markCode;
  if (!mark) throw new Error(`${org.name} has no mark yet: save the disclosure again.`);
  const keys = org.recipients.map((r) => r.armoredPublicKey);
  const copies = await Promise.all(
    opened.map(async ({ version, text }) => ({
      patchVersionId: version.id,
      fileName: markedFileName(version.fileName, mark),
      ciphertext: bytesToBase64(await encryptBytes(new TextEncoder().encode(markPatch(text, mark)), keys)),
    })),
  );
  await adminClient().earlyDisclosure.uploadCopies.mutate({ reportId, organizationId: org.id, copies });
}

function Receipts({ view }: { view: TEarlyDisclosureView }) {
  const rows = view.organizations.filter((o) => o.chosen);
  const when = (d: Date | null | undefined) =>
    d ? <LocalTime at={d} /> : <span className="text-slate-600">—</span>;
  return (
    <div className="space-y-1">
      <h3 className="font-semibold">Receipts</h3>
      <DataTable
        caption="Each organisation's receipt"
        rows={rows}
        rowKey={(o) => o.id}
        empty="No organisation is chosen yet."
        columns={[
          { header: "Organisation", cell: (o) => o.name },
          { header: "Notified", cell: (o) => when(o.receipt?.notifiedAt) },
          { header: "Opened", cell: (o) => when(o.receipt?.openedAt) },
          { header: "Acknowledged", cell: (o) => when(o.receipt?.acknowledgedAt) },
          { header: "Downloads", cell: (o) => String(o.receipt?.downloads ?? 0) },
          { header: "Feedback", cell: (o) => String(o.receipt?.feedback ?? 0) },
        ]}
      />
    </div>
  );
}
