"use client";

import { formatUtc } from "@disclose/domain";
import { Alert, buttonClass, describedBy, FieldError, fieldIds, inputClass } from "@disclose/ui";
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useMemo, useRef, useState } from "react";
import { LockedText, type TReporterKey, useReporterKey } from "./use-reporter-key";

export interface ThreadMessage {
  id: string;
  author: "reporter" | "pst";
  /** Null when it is not encrypted to the reporter's key (their own messages from before they got a copy). */
  ciphertext: string | null;
  /** Already formatted in UTC by the server. */
  createdAt: string;
}

type Decrypted = { status: "ok"; text: string } | { status: "failed" };

/**
 * The message thread, decrypted here with the reporter's key (unlocked from the link's fragment, which never
 * reaches the server). Both sides' messages are encrypted to it, except the reporter's older ones.
 */
export function Thread({
  token,
  reporterPublicKey,
  messages,
}: {
  token: string;
  reporterPublicKey: string;
  messages: ThreadMessage[];
}) {
  const router = useRouter();
  const key = useReporterKey();
  const [plain, setPlain] = useState<Record<string, Decrypted>>({});
  // Messages sent from this tab, shown at once (their text is known) until the server's list includes them.
  const [sentHere, setSentHere] = useState<ThreadMessage[]>([]);
  const started = useRef(new Set<string>());

  const shown = useMemo(() => {
    const known = new Set(messages.map((m) => m.id));
    return [...messages, ...sentHere.filter((m) => !known.has(m.id))];
  }, [messages, sentHere]);

  useEffect(() => {
    if (key.status !== "ready") return;
    // Each message once: a refresh brings the same messages again, and what was decrypted stays shown.
    const todo = messages.filter((m) => m.ciphertext !== null && !started.current.has(m.id));
    for (const m of todo) started.current.add(m.id);
    (async () => {
      for (const m of todo) {
        let result: Decrypted;
        try {
          result = { status: "ok", text: await key.decrypt(m.ciphertext as string) };
        } catch {
          result = { status: "failed" };
        }
        setPlain((p) => ({ ...p, [m.id]: result }));
      }
    })();
  }, [key, messages]);

  function onSent(sent: { messageId: string; createdAt: Date; text: string }) {
    started.current.add(sent.messageId);
    setPlain((p) => ({ ...p, [sent.messageId]: { status: "ok", text: sent.text } }));
    setSentHere((list) => [
      ...list,
      { id: sent.messageId, author: "reporter", ciphertext: null, createdAt: formatUtc(sent.createdAt) },
    ]);
    // The state may have changed too (answering clears "waiting for you"); the sent text shows meanwhile.
    router.refresh();
  }

  const decrypting =
    key.status === "ready" && shown.some((m) => m.ciphertext !== null && plain[m.id] === undefined);

  return (
    <section aria-labelledby="thread-heading" className="space-y-4">
      <h2 id="thread-heading" className="text-xl font-semibold">
        Messages with the security team
      </h2>
      <p className="text-sm text-slate-600">
        End-to-end encrypted: every message is encrypted to the keys of the people handling your report and to
        a key that only this link unlocks. Our server cannot read them.
      </p>
      {/* Each message also says "Decrypting…" where it stands; this tells screen readers once. */}
      <p role="status" className="sr-only">
        {decrypting ? "Decrypting messages…" : ""}
      </p>

      {shown.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-4 text-slate-600">
          No messages yet. The team will write here; you can also write first.
        </p>
      ) : (
        <ol className="space-y-3" aria-label="Messages, oldest first">
          {shown.map((m) => (
            <li
              key={m.id}
              className={`min-w-0 rounded-lg border p-3 ${
                m.author === "pst" ? "border-sky-200 bg-sky-50 sm:mr-8" : "border-slate-200 bg-white sm:ml-8"
              }`}
            >
              <p className="text-xs text-slate-600">
                <span className="font-semibold text-slate-800">
                  {m.author === "pst" ? "Security team" : "You"}
                </span>{" "}
                · {m.createdAt}
              </p>
              <div className="mt-1">
                <MessageBody message={m} state={plain[m.id]} keyStatus={key.status} />
              </div>
            </li>
          ))}
        </ol>
      )}

      {key.status === "ready" ? (
        <ReplyForm token={token} reporterPublicKey={reporterPublicKey} onSent={onSent} />
      ) : null}
    </section>
  );
}

function MessageBody({
  message,
  state,
  keyStatus,
}: {
  message: ThreadMessage;
  state: Decrypted | undefined;
  keyStatus: TReporterKey["status"];
}) {
  // Long unbroken words (a CVSS vector, a link) wrap instead of widening the page at 390 px.
  if (state?.status === "ok") return <p className="whitespace-pre-wrap wrap-anywhere">{state.text}</p>;
  if (message.ciphertext === null) {
    return (
      <p className="text-sm italic text-slate-600">
        {message.author === "reporter"
          ? "Sent, encrypted to the security team (older messages can't be shown to you)."
          : "This message was not encrypted to your key, so it can't be shown here."}
      </p>
    );
  }
  if (keyStatus !== "ready") return <LockedText status={keyStatus} />;
  if (!state) return <p className="text-sm text-slate-600">Decrypting…</p>;
  return <p className="text-sm text-red-700">This message could not be decrypted.</p>;
}

/** Tries twice: if someone joined the case since the keys were fetched, the server says so and we re-encrypt. */
async function encryptAndPost(
  token: string,
  reporterPublicKey: string,
  text: string,
  onPhase: (phase: "encrypting" | "sending") => void,
) {
  const [crypto, { portalClient }] = await Promise.all([import("@disclose/crypto"), import("~/trpc/client")]);
  const client = portalClient();
  for (let attempt = 0; ; attempt++) {
    onPhase("encrypting");
    const readers = await client.tracking.readerKeys.query({ token });
    if (readers.length === 0)
      throw new ReplyError(
        "The security team has no encryption keys yet, so no one could read your message. It is still in the box; please try later.",
      );
    // Everyone who reads the case now, and the reporter's own key so this page can show the message back.
    const ciphertext = await crypto.encryptText(text, [
      ...readers.map((k) => k.armoredPublicKey),
      reporterPublicKey,
    ]);
    onPhase("sending");
    try {
      return await client.tracking.postMessage.mutate({ token, ciphertext });
    } catch (cause) {
      if (!isTrpcError(cause) || cause.data?.appCode !== "STALE_RECIPIENT_KEYS") throw cause;
      if (attempt > 0) {
        throw new ReplyError(
          "The people handling your report changed while you were sending. Your message was not sent and is still in the box; please send it again.",
        );
      }
    }
  }
}

/** A failure whose message is written for the reporter. */
class ReplyError extends Error {}

function ReplyForm({
  token,
  reporterPublicKey,
  onSent,
}: {
  token: string;
  reporterPublicKey: string;
  onSent: (sent: { messageId: string; createdAt: Date; text: string }) => void;
}) {
  const [status, setStatus] = useState<"idle" | "encrypting" | "sending">("idle");
  const [error, setError] = useState<{ message: string; n: number } | null>(null);
  const [sent, setSent] = useState(false);
  const id = "reply";

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const text = String(new FormData(form).get("reply") ?? "").trim();
    setSent(false);
    if (!text) {
      setError({ message: "Write a message first.", n: (error?.n ?? 0) + 1 });
      return;
    }
    try {
      const result = await encryptAndPost(token, reporterPublicKey, text, setStatus);
      form.reset();
      setError(null);
      setSent(true);
      onSent({ ...result, text });
    } catch (cause) {
      // Our own errors (too long, too many messages) carry a message meant for people; anything else does not.
      const message =
        cause instanceof ReplyError
          ? cause.message
          : isTrpcError(cause) && cause.data?.code !== "INTERNAL_SERVER_ERROR" && cause.message
            ? `${cause.message} Your message is still in the box.`
            : "Your message could not be sent. It is still in the box; please try again.";
      setError({ message, n: (error?.n ?? 0) + 1 });
    } finally {
      setStatus("idle");
    }
  }

  const busy = status !== "idle";
  return (
    <form
      onSubmit={onSubmit}
      className="space-y-2 rounded-lg border border-slate-200 bg-white p-4"
      noValidate
    >
      <label htmlFor={id} className="block font-semibold">
        Write to the security team
      </label>
      <p id={fieldIds(id).hint} className="text-sm text-slate-600">
        Encrypted in this browser, to the keys of the people handling your report and to your own, before it
        is sent.
      </p>
      {error ? <Alert title={error.message} focusKey={error.n} /> : null}
      <textarea
        id={id}
        name="reply"
        rows={5}
        className={inputClass}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, { hint: true })}
      />
      <FieldError id={fieldIds(id).error} error={null} />
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClass} disabled={busy}>
          {busy ? "Sending…" : "Encrypt and send"}
        </button>
        <p role="status" className="text-sm text-slate-700">
          {status === "encrypting" ? "Encrypting…" : status === "sending" ? "Sending…" : sent ? "Sent." : ""}
        </p>
      </div>
    </form>
  );
}

/** A tRPC client error (duck-typed, so the tRPC client is loaded only when a message is sent). */
function isTrpcError(cause: unknown): cause is Error & { data?: { code?: string; appCode?: string | null } } {
  return cause instanceof Error && cause.name === "TRPCClientError";
}
