"use client";

import type { TReportForStaff } from "@disclose/api";
import type { TReportContent } from "@disclose/crypto";
import { formatUtc } from "@disclose/domain";
import { Alert, buttonClass, describedBy, Field, inputClass } from "@disclose/ui";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { adminClient, errorMessage } from "~/trpc/client";
import { Decisions } from "./decisions";

// OpenPGP.js is large: loaded on this page only, when the reader unlocks their key.
const loadCrypto = () => import("@disclose/crypto");

export interface UnlockedKey {
  lockedPrivateKey: string;
  passphrase: string;
}

interface Props {
  report: TReportForStaff;
  pstMembers: { id: string; name: string; available: boolean }[];
  pstKeys: { fingerprint: string; armoredPublicKey: string }[];
}

type Decrypted = { kind: "report"; content: TReportContent } | { kind: "text"; text: string };

const groups = (fingerprint: string) => fingerprint.replace(/(.{4})/g, "$1 ").trim();

/** Decrypts in the browser with the reader's own key; the server only ever sent ciphertext and a locked key. */
export function ReportView({ report, pstMembers, pstKeys }: Props) {
  const router = useRouter();
  const [key, setKey] = useState<UnlockedKey | null>(null);
  const [content, setContent] = useState<Decrypted | null>(null);
  const [messages, setMessages] = useState<Record<string, string>>({});

  const decryptText = async (ciphertext: string, unlocked: UnlockedKey) =>
    (await loadCrypto()).decryptWithLockedKey({ ciphertext, ...unlocked });

  async function unlocked(k: UnlockedKey, text: string) {
    const { ZReportContent } = await loadCrypto();
    let parsed: Decrypted = { kind: "text", text };
    try {
      const result = ZReportContent.safeParse(JSON.parse(text));
      if (result.success) parsed = { kind: "report", content: result.data };
    } catch {
      // A reporter's own PGP message: shown as the text it is.
    }
    setKey(k);
    setContent(parsed);
    const thread: Record<string, string> = {};
    for (const m of report.messages) {
      thread[m.id] = await decryptText(m.ciphertext, k).catch(
        () => "(This message is not encrypted to your key.)",
      );
    }
    setMessages(thread);
  }

  const refresh = () => router.refresh();

  return (
    <div className="space-y-6">
      {key && content ? (
        <ReportContent report={report} content={content} unlockedKey={key} />
      ) : (
        <UnlockForm report={report} onUnlocked={unlocked} />
      )}
      {key ? <Thread report={report} decrypted={messages} pstKeys={pstKeys} onPosted={refresh} /> : null}
      <Decisions
        report={report}
        pstMembers={pstMembers}
        encryptReply={async (text) =>
          (await loadCrypto()).encryptText(text, [
            report.reporterPublicKey,
            ...pstKeys.map((k) => k.armoredPublicKey),
          ])
        }
        onDone={refresh}
      />
    </div>
  );
}

function UnlockForm({
  report,
  onUnlocked,
}: {
  report: TReportForStaff;
  onUnlocked: (key: UnlockedKey, plaintext: string) => Promise<void>;
}) {
  const usable = report.myKeys.filter((k) => report.recipientFingerprints.includes(k.fingerprint));
  const [fingerprint, setFingerprint] = useState(
    usable[0]?.fingerprint ?? report.myKeys[0]?.fingerprint ?? "",
  );
  const [passphrase, setPassphrase] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  if (report.myKeys.length === 0) {
    return (
      <Alert title="You have no OpenPGP key yet" tone="info">
        Reports are encrypted to the PST members&apos; keys. Create yours on the{" "}
        <a href="/keys" className="underline">
          Keys
        </a>{" "}
        page; reports that arrive after that are readable by you.
      </Alert>
    );
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const chosen = report.myKeys.find((k) => k.fingerprint === fingerprint);
    if (!chosen) return setError("Choose one of your keys.");
    if (!passphrase) return setError("Enter your key's passphrase.");
    setPending(true);
    setError(null);
    try {
      const { decryptWithLockedKey } = await loadCrypto();
      const text = await decryptWithLockedKey({
        ciphertext: report.ciphertext,
        lockedPrivateKey: chosen.lockedPrivateKey,
        passphrase,
      });
      await onUnlocked({ lockedPrivateKey: chosen.lockedPrivateKey, passphrase }, text);
    } catch {
      setError(
        usable.length === 0
          ? "This report was not encrypted to any of your keys (it arrived before your key was registered). Ask another PST member."
          : "That passphrase does not unlock this key, or the report is not encrypted to it.",
      );
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4 rounded-lg bg-white p-4 shadow-sm">
      <h2 className="text-lg font-semibold">Decrypt the report</h2>
      <p className="text-sm text-slate-600">
        It is decrypted in this browser with your private key; the passphrase never leaves this page.
      </p>
      {error ? <Alert title="Could not decrypt">{error}</Alert> : null}
      <Field id="key" label="Your key" required>
        <select
          id="key"
          value={fingerprint}
          onChange={(e) => setFingerprint(e.target.value)}
          className={inputClass}
        >
          {report.myKeys.map((k) => (
            <option key={k.fingerprint} value={k.fingerprint}>
              {groups(k.fingerprint)}
              {k.retired ? " (retired)" : ""}
              {report.recipientFingerprints.includes(k.fingerprint) ? "" : " — not a recipient"}
            </option>
          ))}
        </select>
      </Field>
      <Field id="passphrase" label="Key passphrase" required>
        <input
          id="passphrase"
          type="password"
          autoComplete="current-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          className={inputClass}
        />
      </Field>
      <button type="submit" className={buttonClass} disabled={pending}>
        {pending ? "Decrypting…" : "Decrypt"}
      </button>
    </form>
  );
}

function ReportContent({
  report,
  content,
  unlockedKey,
}: {
  report: TReportForStaff;
  content: Decrypted;
  unlockedKey: UnlockedKey;
}) {
  const [downloadError, setDownloadError] = useState<string | null>(null);

  async function download(attachment: TReportForStaff["attachments"][number]) {
    setDownloadError(null);
    try {
      const response = await fetch(`/api/attachments/${attachment.id}`);
      if (!response.ok) throw new Error(`The server refused the download (${response.status}).`);
      const { decryptBytesWithLockedKey } = await loadCrypto();
      const bytes = await decryptBytesWithLockedKey({
        ciphertext: new Uint8Array(await response.arrayBuffer()),
        ...unlockedKey,
      });
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
          <h2 id="content-heading" className="text-xl font-semibold" data-testid="report-title">
            {content.content.title}
          </h2>
          <dl className="grid gap-3 sm:grid-cols-[12rem_1fr]">
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
                <dd className="whitespace-pre-wrap break-words">{value}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : (
        <>
          <h2 id="content-heading" className="text-xl font-semibold">
            Report (the reporter&apos;s own PGP message)
          </h2>
          <pre className="whitespace-pre-wrap break-words text-sm" data-testid="report-text">
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
                <li key={a.id}>
                  <button type="button" className="text-sky-700 underline" onClick={() => download(a)}>
                    {meta?.name ?? `Attachment ${a.position + 1}`}
                  </button>{" "}
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
  pstKeys,
  onPosted,
}: {
  report: TReportForStaff;
  decrypted: Record<string, string>;
  pstKeys: Props["pstKeys"];
  onPosted: () => void;
}) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!text.trim()) return setError("Write a message first.");
    setPending(true);
    setError(null);
    try {
      const { encryptText } = await loadCrypto();
      const ciphertext = await encryptText(text, [
        report.reporterPublicKey,
        ...pstKeys.map((k) => k.armoredPublicKey),
      ]);
      await adminClient().cases.postMessage.mutate({ reportId: report.id, ciphertext });
      setText("");
      onPosted();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPending(false);
    }
  }

  return (
    <section aria-labelledby="thread-heading" className="space-y-4 rounded-lg bg-white p-4 shadow-sm">
      <h2 id="thread-heading" className="text-lg font-semibold">
        Messages with the reporter
      </h2>
      {report.messages.length === 0 ? <p className="text-slate-600">No messages yet.</p> : null}
      <ol className="space-y-3">
        {report.messages.map((m) => (
          <li key={m.id} className={`rounded-md p-3 ${m.author === "pst" ? "bg-sky-50" : "bg-slate-50"}`}>
            <p className="text-xs text-slate-600">
              {m.author === "pst" ? (m.authorName ?? "Security team") : "Reporter"} ·{" "}
              <time dateTime={m.createdAt.toISOString()}>{formatUtc(m.createdAt)}</time>
            </p>
            <p className="whitespace-pre-wrap break-words" data-testid="thread-message">
              {decrypted[m.id] ?? "Decrypting…"}
            </p>
          </li>
        ))}
      </ol>
      <form onSubmit={send} noValidate className="space-y-2">
        {error ? <Alert title="Not sent">{error}</Alert> : null}
        <Field
          id="reply"
          label="Reply to the reporter"
          hint="Encrypted in this browser to the reporter's key and the PST's keys."
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
        <button type="submit" className={buttonClass} disabled={pending}>
          {pending ? "Sending…" : "Send encrypted reply"}
        </button>
      </form>
    </section>
  );
}
