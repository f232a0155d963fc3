"use client";

import { Alert, buttonClass, describedBy, FieldError, fieldIds, inputClass } from "@disclose/ui";
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useState } from "react";

export interface ThreadMessage {
  id: string;
  author: "reporter" | "pst";
  ciphertext: string;
  /** Already formatted in UTC by the server. */
  createdAt: string;
}

type Decrypted = { status: "pending" } | { status: "ok"; text: string } | { status: "failed" };

type KeyState = "loading" | "no-fragment" | "ready" | "bad-key";

/**
 * The message thread, decrypted here with the key secret from the link's fragment (it never reaches the
 * server). The reporter's own messages were encrypted to the team, so even the reporter cannot read them back.
 */
export function Thread({
  token,
  lockedPrivateKey,
  messages,
}: {
  token: string;
  lockedPrivateKey: string;
  messages: ThreadMessage[];
}) {
  const router = useRouter();
  const [keyState, setKeyState] = useState<KeyState>("loading");
  const [keySecret, setKeySecret] = useState<string | null>(null);
  const [plain, setPlain] = useState<Record<string, Decrypted>>({});

  useEffect(() => {
    const secret = window.location.hash.slice(1);
    if (!secret) {
      setKeyState("no-fragment");
      return;
    }
    setKeySecret(secret);
    let cancelled = false;
    (async () => {
      const crypto = await import("@disclose/crypto");
      if (!crypto.isKeySecret(secret)) {
        setKeyState("bad-key");
        return;
      }
      setKeyState("ready");
      const results: Record<string, Decrypted> = {};
      let anyFailed = false;
      for (const m of messages.filter((x) => x.author === "pst")) {
        try {
          results[m.id] = {
            status: "ok",
            text: await crypto.decryptWithLockedKey({
              ciphertext: m.ciphertext,
              lockedPrivateKey,
              passphrase: secret,
            }),
          };
        } catch {
          anyFailed = true;
          results[m.id] = { status: "failed" };
        }
      }
      if (cancelled) return;
      if (anyFailed && Object.values(results).every((r) => r.status === "failed")) setKeyState("bad-key");
      setPlain(results);
    })();
    return () => {
      cancelled = true;
    };
  }, [messages, lockedPrivateKey]);

  return (
    <section aria-labelledby="thread-heading" className="space-y-4">
      <h2 id="thread-heading" className="text-xl font-semibold">
        Messages with the security team
      </h2>
      <p className="text-sm text-slate-600">
        End-to-end encrypted: your messages are encrypted to the team&apos;s keys, theirs to a key that only
        this link unlocks. Our server cannot read either.
      </p>
      <noscript>
        <p className="rounded-md bg-amber-50 p-3 text-amber-900">
          Messages are decrypted in your browser: turn on JavaScript to read and send them. The state above is
          always up to date.
        </p>
      </noscript>
      {keyState === "no-fragment" ? (
        <Alert tone="info" title="This link is missing its key part">
          The end of your tracking link, after the <code>#</code>, unlocks the team&apos;s replies. Open the
          full link you saved to read and send messages. You can still see the state of your report above.
        </Alert>
      ) : null}
      {keyState === "bad-key" ? (
        <Alert title="The key part of this link does not fit">
          The text after the <code>#</code> in your link could not unlock the messages. Check that you copied
          the whole link.
        </Alert>
      ) : null}

      {messages.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-4 text-slate-600">
          No messages yet. The team will write here; you can also write first.
        </p>
      ) : (
        <ol className="space-y-3" aria-label="Messages, oldest first">
          {messages.map((m) => (
            <li
              key={m.id}
              className={`rounded-lg border p-3 ${
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
                {m.author === "reporter" ? (
                  <p className="text-sm italic text-slate-600">Sent, encrypted to the security team.</p>
                ) : (
                  <PstMessageBody state={plain[m.id]} keyState={keyState} />
                )}
              </div>
            </li>
          ))}
        </ol>
      )}

      {keyState === "ready" && keySecret ? <ReplyForm token={token} onSent={() => router.refresh()} /> : null}
    </section>
  );
}

function PstMessageBody({ state, keyState }: { state: Decrypted | undefined; keyState: KeyState }) {
  if (keyState === "no-fragment" || keyState === "bad-key") {
    return <p className="text-sm italic text-slate-600">Encrypted — needs the full tracking link.</p>;
  }
  if (keyState === "loading") {
    // Also what a browser without JavaScript keeps showing.
    return <p className="text-sm italic text-slate-600">Encrypted — read it here with JavaScript on.</p>;
  }
  if (!state || state.status === "pending") return <p className="text-sm text-slate-600">Decrypting…</p>;
  if (state.status === "failed")
    return <p className="text-sm text-red-700">This message could not be decrypted.</p>;
  return <p className="whitespace-pre-wrap break-words">{state.text}</p>;
}

function ReplyForm({ token, onSent }: { token: string; onSent: () => void }) {
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
      setStatus("encrypting");
      const [crypto, { portalClient }] = await Promise.all([
        import("@disclose/crypto"),
        import("~/trpc/client"),
      ]);
      const keys = await portalClient().keys.list.query();
      if (keys.length === 0) throw new Error("no keys");
      const ciphertext = await crypto.encryptText(
        text,
        keys.map((k) => k.armoredPublicKey),
      );
      setStatus("sending");
      await portalClient().tracking.postMessage.mutate({ token, ciphertext });
      form.reset();
      setError(null);
      setSent(true);
      onSent();
    } catch (cause) {
      // Our own errors (too long, too many messages) carry a message meant for people; anything else does not.
      const message =
        isTrpcError(cause) && cause.data?.code !== "INTERNAL_SERVER_ERROR" && cause.message
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
        Encrypted in this browser to the team&apos;s keys before it is sent.
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
function isTrpcError(cause: unknown): cause is Error & { data?: { code?: string } } {
  return cause instanceof Error && cause.name === "TRPCClientError";
}
