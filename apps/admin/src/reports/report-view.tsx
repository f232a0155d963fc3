"use client";

import type { TReportForStaff } from "@disclose/api";
import type { TReportContent } from "@disclose/crypto";
import { formatUtc, hasFixTeam } from "@disclose/domain";
import { Alert, buttonClass, describedBy, Field, inputClass } from "@disclose/ui";
import { useRouter } from "next/navigation";
import type { PrivateKey } from "openpgp";
import { type FormEvent, useEffect, useState } from "react";
import { UnlockPanel, useKeyring } from "~/keyring";
import { TeamKeyOpener } from "~/team-keys/team-key-opener";
import { adminClient, errorMessage } from "~/trpc/client";
import { CvssPreview } from "./cvss-preview";
import { Decisions } from "./decisions";
import { ClearReplyConsent, onlyInClear, replyHint } from "./reply-by-email";
import { TeamDiscussion } from "./team-discussion";
import { UnheldKeysNotice } from "./unheld-keys-notice";

// OpenPGP.js is large: loaded on this page only once the tab's key is unlocked.
const loadCrypto = () => import("@disclose/crypto");

interface Props {
  report: TReportForStaff;
  pstMembers: { id: string; name: string; available: boolean }[];
}

type Decrypted = { kind: "report"; content: TReportContent } | { kind: "text"; text: string };

/** A message as shown: decrypted here, not granted to this reader (yet), or not readable at all. */
type Shown = { text: string } | { missing: "not-granted" | "failed" };

/**
 * The report and its thread, decrypted in this browser with the tab's unlocked key. The server sent each item
 * with this member's own session key only; nothing decrypted leaves the page.
 */
export function ReportView({ report, pstMembers }: Props) {
  const router = useRouter();
  const keyring = useKeyring();
  const [content, setContent] = useState<Decrypted | null | "failed">(null);
  const [messages, setMessages] = useState<Record<string, Shown>>({});
  /** Messages this member sent from this page, shown at once (the reload that lists them may lag). */
  const [sent, setSent] = useState<{ id: string; text: string; at: Date }[]>([]);
  const keys = keyring.keys;

  useEffect(() => {
    if (keys.length === 0) return;
    let live = true;
    (async () => {
      const crypto = await loadCrypto();
      let decrypted: Decrypted | "failed" | null = null;
      if (report.ciphertext) {
        try {
          decrypted = parseReport(await crypto.decryptTextWithKeys(report.ciphertext, keys), crypto);
        } catch {
          decrypted = "failed";
        }
      }
      const thread: Record<string, Shown> = {};
      for (const m of report.messages) {
        thread[m.id] = m.ciphertext
          ? await crypto
              .decryptTextWithKeys(m.ciphertext, keys)
              .then((text) => ({ text }))
              .catch(() => ({ missing: "failed" as const }))
          : { missing: "not-granted" };
      }
      if (!live) return;
      setContent(decrypted);
      setMessages(thread);
      if (decrypted && decrypted !== "failed" && !report.hasSummary) void writeSummary(report, decrypted);
    })();
    return () => {
      live = false;
    };
  }, [report, keys]);

  const recipients = () => [
    report.recipients.reporter.armoredPublicKey,
    ...report.recipients.staff.map((k) => k.armoredPublicKey),
  ];
  const encryptReply = async (text: string) => (await loadCrypto()).encryptText(text, recipients());

  const locked = keyring.status !== "unlocked";
  // Encrypted only to keys no one here holds: there is nothing to unlock or wait for; the notice says why.
  const unheld = report.unheldKeys.length > 0 && report.ciphertext === null;
  return (
    <div className="space-y-6">
      {/* Sent to a team key this member holds: opened here, then it reads like any other report. */}
      {report.mayOpenWithTeamKey && !locked ? <TeamKeyOpener reportId={report.id} keys={keys} /> : null}
      {unheld ? (
        <UnheldKeysNotice keys={report.unheldKeys} />
      ) : locked ? (
        <UnlockPanel title="Unlock your key to read this report">
          <p className="text-sm text-slate-600">
            The report is end-to-end encrypted. It is decrypted here with your private key; the passphrase is
            asked once in this tab and never leaves it.
          </p>
        </UnlockPanel>
      ) : report.ciphertext === null ? (
        <NotGrantedYet report={report} />
      ) : content === "failed" ? (
        <Alert title="This report could not be decrypted with your unlocked key">
          It was granted to a key of yours that is not unlocked in this tab (an older key with another
          passphrase?). Lock your key and unlock it with that passphrase, or ask a PST member to grant the
          case to your current key.
        </Alert>
      ) : content ? (
        <>
          <ReportContent report={report} content={content} keys={keys} />
          {content.kind === "report" && !hasFixTeam(report.state) ? (
            // In triage, a preview helps judge severity; a case's CVSS is saved per vulnerability on its own page.
            <CvssPreview reporterVector={content.content.cvssVector ?? null} />
          ) : null}
        </>
      ) : (
        <p role="status" className="rounded-lg bg-white p-4 text-slate-600 shadow-sm">
          Decrypting…
        </p>
      )}
      {locked ? null : (
        <Thread
          report={report}
          decrypted={messages}
          sent={sent}
          encryptReply={encryptReply}
          onPosted={(message) => {
            setSent((list) => [...list, message]);
            router.refresh();
          }}
        />
      )}
      {locked ? null : <TeamDiscussion reportId={report.id} keys={keys} />}
      <Decisions
        report={report}
        pstMembers={pstMembers}
        encryptReply={encryptReply}
        onDone={router.refresh}
      />
    </div>
  );
}

function parseReport(text: string, crypto: Awaited<ReturnType<typeof loadCrypto>>): Decrypted {
  try {
    const parsed = crypto.ZReportContent.safeParse(JSON.parse(text));
    if (parsed.success) return { kind: "report", content: parsed.data };
  } catch {
    // A reporter's own PGP message: shown as the text it is.
  }
  return { kind: "text", text };
}

/**
 * Reports from before list summaries get theirs now: {title, component} encrypted here to everyone who reads
 * the case. Best effort: the inbox shows a placeholder until some reader's browser has done it.
 */
async function writeSummary(report: TReportForStaff, decrypted: Decrypted): Promise<void> {
  try {
    const crypto = await loadCrypto();
    const summary =
      decrypted.kind === "report"
        ? crypto.summaryOf(decrypted.content)
        : { title: firstLine(decrypted.text), component: "" };
    await adminClient().cases.writeSummary.mutate({
      reportId: report.id,
      summary: await crypto.encryptReportSummary(
        summary,
        report.recipients.staff.map((k) => k.armoredPublicKey),
      ),
    });
  } catch {
    // Someone joined meanwhile, or the network failed: the next reader's browser writes it.
  }
}

const firstLine = (text: string) =>
  (text.split("\n").find((l) => l.trim() !== "") ?? "PGP message").trim().slice(0, 200);

function NotGrantedYet({ report }: { report: TReportForStaff }) {
  return (
    <Alert title="This report is not granted to your key yet" tone="info">
      You may read this case, but nobody has re-encrypted it for your current key yet. Any team member who can
      read it does that automatically the next time they open Disclose with their key unlocked; this page then
      shows the report. {report.access.some((a) => a.status === "ready") ? null : "Nobody can read it yet."}
    </Alert>
  );
}

function ReportContent({
  report,
  content,
  keys,
}: {
  report: TReportForStaff;
  content: Decrypted;
  keys: PrivateKey[];
}) {
  const [downloadError, setDownloadError] = useState<string | null>(null);

  async function download(attachment: TReportForStaff["attachments"][number]) {
    setDownloadError(null);
    try {
      const response = await fetch(`/api/attachments/${attachment.id}`);
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? `The server refused the download (${response.status}).`);
      }
      const { decryptBytesWithKeys } = await loadCrypto();
      const bytes = await decryptBytesWithKeys(new Uint8Array(await response.arrayBuffer()), keys);
      const meta = content.kind === "report" ? content.content.attachments[attachment.position] : undefined;
      const url = URL.createObjectURL(
        new Blob([bytes as Uint8Array<ArrayBuffer>], { type: meta?.type || "application/octet-stream" }),
      );
      const a = document.createElement("a");
      a.href = url;
      a.download = meta?.name ?? `attachment-${attachment.position + 1}`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      setDownloadError(errorMessage(error));
    }
  }

  return (
    <section aria-labelledby="content-heading" className="space-y-4 rounded-lg bg-white p-4 shadow-sm">
      {content.kind === "report" ? (
        <>
          <h2 id="content-heading" className="break-words text-xl font-semibold" data-testid="report-title">
            {content.content.title}
          </h2>
          <dl className="grid gap-3 sm:grid-cols-[12rem_minmax(0,1fr)]">
            {(
              [
                ["Affected component", content.content.component],
                ["Affected versions", content.content.affectedVersions],
                ["Description", content.content.description],
                ["Steps to reproduce", content.content.stepsToReproduce],
                ["Impact", content.content.impact],
                ["CVSS vector (reporter)", content.content.cvssVector ?? "—"],
                [
                  "Already public",
                  content.content.alreadyPublic ? (content.content.publicUrl ?? "yes") : "no",
                ],
                [
                  "Credit",
                  content.content.credit.mode === "named" ? content.content.credit.name : "anonymous",
                ],
              ] as const
            ).map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="font-medium text-slate-700">{label}</dt>
                {/* Long unbroken values (a CVSS vector, a link) wrap instead of widening the page. */}
                <dd className="min-w-0 whitespace-pre-wrap wrap-anywhere">{value}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : (
        <>
          <h2 id="content-heading" className="text-xl font-semibold">
            {report.byEmail
              ? report.encryption === "reporter-armored"
                ? "Report (the reporter's mail, encrypted by them)"
                : "Report (the reporter's mail, encrypted on receipt)"
              : "Report (the reporter's own PGP message)"}
          </h2>
          <pre className="whitespace-pre-wrap text-sm wrap-anywhere" data-testid="report-text">
            {content.text}
          </pre>
        </>
      )}
      {report.attachments.length > 0 ? (
        <div className="space-y-2">
          <h3 className="font-semibold">Attachments</h3>
          {downloadError ? <Alert title="Could not download">{downloadError}</Alert> : null}
          <ul className="space-y-1">
            {report.attachments.map((a) => {
              const meta = content.kind === "report" ? content.content.attachments[a.position] : undefined;
              return (
                <li key={a.id} className="break-words">
                  {a.readable ? (
                    <button type="button" className="text-sky-700 underline" onClick={() => download(a)}>
                      {meta?.name ?? `Attachment ${a.position + 1}`}
                    </button>
                  ) : (
                    <span>
                      {meta?.name ?? `Attachment ${a.position + 1}`}{" "}
                      <span className="text-sm text-slate-600">(not granted to your key yet)</span>
                    </span>
                  )}{" "}
                  <span className="text-sm text-slate-500">({Math.ceil(a.size / 1024)} KB encrypted)</span>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

function Thread({
  report,
  decrypted,
  sent,
  encryptReply,
  onPosted,
}: {
  report: TReportForStaff;
  decrypted: Record<string, Shown>;
  sent: { id: string; text: string; at: Date }[];
  encryptReply: (text: string) => Promise<string>;
  onPosted: (message: { id: string; text: string; at: Date }) => void;
}) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [inClear, setInClear] = useState(false);
  const [mailed, setMailed] = useState<string | null>(null);
  const byEmail = report.byEmail;
  const clearOnly = onlyInClear(report);
  const listed = new Set(report.messages.map((m) => m.id));
  const pendingSent = sent.filter((m) => !listed.has(m.id));
  const sentText = new Map(sent.map((m) => [m.id, m.text]));

  async function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!text.trim()) return setError("Write a message first.");
    if (clearOnly && !inClear)
      return setError("Tick the box to confirm that this reply goes by email unencrypted.");
    setPending(true);
    setError(null);
    setMailed(null);
    try {
      const { messageId, mailedAs } = await adminClient().cases.postMessage.mutate({
        reportId: report.id,
        ciphertext: await encryptReply(text),
        ...(clearOnly ? { clear: { text, confirmed: inClear } } : {}),
      });
      onPosted({ id: messageId, text, at: new Date() });
      setText("");
      setInClear(false);
      if (mailedAs && byEmail?.from)
        setMailed(
          `Sent by email to ${byEmail.from}${mailedAs === "encrypted" ? ", encrypted to their key" : ", unencrypted"}.`,
        );
    } catch (e) {
      const message = errorMessage(e);
      setError(
        /everyone who reads this case/.test(message)
          ? "Someone joined this case since the page loaded, so the message was not sent. Reload the page and send it again; your text is still here."
          : message,
      );
    } finally {
      setPending(false);
    }
  }

  const shown = (id: string): string => {
    const own = sentText.get(id);
    if (own !== undefined) return own;
    const m = decrypted[id];
    if (!m) return "Decrypting…";
    if ("text" in m) return m.text;
    return m.missing === "not-granted"
      ? "(Not granted to your key yet.)"
      : "(This message could not be decrypted with your unlocked key.)";
  };

  return (
    <section aria-labelledby="thread-heading" className="space-y-4 rounded-lg bg-white p-4 shadow-sm">
      <h2 id="thread-heading" className="text-lg font-semibold">
        {byEmail ? "Messages with the reporter, by email" : "Messages with the reporter"}
      </h2>
      {report.waitingOnReporterSince ? (
        <p className="rounded-md bg-amber-50 p-2 text-sm text-amber-900">
          Waiting on the reporter since {formatUtc(report.waitingOnReporterSince)}: you asked for more
          information.
        </p>
      ) : null}
      {report.messages.length + pendingSent.length === 0 ? (
        <p className="text-slate-600">No messages yet.</p>
      ) : null}
      <ol className="space-y-3" aria-live="polite">
        {[
          ...report.messages.map((m) => ({
            id: m.id,
            pst: m.author === "pst",
            who: m.authorName,
            at: m.createdAt,
            mail: m.byEmail,
          })),
          ...pendingSent.map((m) => ({ id: m.id, pst: true, who: "You", at: m.at, mail: null })),
        ].map((m) => (
          <li key={m.id} className={`rounded-md p-3 ${m.pst ? "bg-sky-50" : "bg-slate-50"}`}>
            <p className="text-xs text-slate-600">
              {m.pst ? (m.who ?? "Security team") : "Reporter"} ·{" "}
              <time dateTime={m.at.toISOString()}>{formatUtc(m.at)}</time>
              {m.mail ? <MailedAs pst={m.pst} as={m.mail} /> : null}
            </p>
            <p className="whitespace-pre-wrap wrap-anywhere" data-testid="thread-message">
              {shown(m.id)}
            </p>
          </li>
        ))}
      </ol>
      {byEmail && byEmail.from === null ? (
        <p className="rounded-md bg-slate-50 p-2 text-sm text-slate-700">
          The reporter's address was erased with their personal data, so no message can reach them any more.
        </p>
      ) : (
        <form onSubmit={send} noValidate className="space-y-2">
          {error ? <Alert title="Not sent">{error}</Alert> : null}
          {mailed ? (
            <p role="status" className="text-sm text-emerald-800">
              {mailed}
            </p>
          ) : null}
          <Field
            id="reply"
            label="Reply to the reporter"
            hint={replyHint(
              report,
              "Encrypted in this browser to the reporter's key and the keys of everyone on this case.",
            )}
            error={null}
          >
            <textarea
              id="reply"
              rows={4}
              value={text}
              onChange={(e) => setText(e.target.value)}
              aria-describedby={describedBy("reply", { hint: true })}
              className={inputClass}
            />
          </Field>
          {clearOnly ? (
            <ClearReplyConsent id="reply-in-clear" checked={inClear} onChange={setInClear} />
          ) : null}
          <button type="submit" className={buttonClass} disabled={pending}>
            {pending ? "Sending…" : clearOnly ? "Send unencrypted reply" : "Send encrypted reply"}
          </button>
        </form>
      )}
    </section>
  );
}

/** How a message of a report by email travelled: the team should know which words crossed the net in clear. */
function MailedAs({ pst, as }: { pst: boolean; as: "encrypted" | "in clear" }) {
  const text =
    as === "encrypted"
      ? pst
        ? "emailed encrypted to their key"
        : "emailed encrypted"
      : pst
        ? "emailed unencrypted"
        : "emailed unencrypted (encrypted on receipt)";
  return (
    <>
      {" · "}
      <span className={as === "in clear" ? "font-medium text-amber-800" : undefined}>{text}</span>
    </>
  );
}
