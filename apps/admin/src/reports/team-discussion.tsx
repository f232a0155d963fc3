"use client";

import type { AdminRouter } from "@disclose/api";
import { formatUtc } from "@disclose/domain";
import { Alert, buttonClass, describedBy, Field, inputClass, secondaryButtonClass } from "@disclose/ui";
import { TRPCClientError } from "@trpc/client";
import type { inferRouterOutputs } from "@trpc/server";
import type { PrivateKey } from "openpgp";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { adminClient, errorMessage } from "~/trpc/client";

// OpenPGP.js is large: loaded only once there is something to decrypt or encrypt.
const loadCrypto = () => import("@disclose/crypto");

type TDiscussion = inferRouterOutputs<AdminRouter>["teamDiscussion"]["list"];
type Shown = { text: string } | { missing: "not-granted" | "failed" };
type Loaded =
  | { status: "loading" }
  | { status: "hidden" }
  | { status: "error"; message: string }
  | { status: "ready"; discussion: TDiscussion; shown: Record<string, Shown> };

const STALE = /everyone who reads this case/;
const localTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

function When({ at }: { at: Date }) {
  return (
    <time dateTime={at.toISOString()}>
      {localTime.format(at)} <span className="text-slate-500">({formatUtc(at)})</span>
    </time>
  );
}

async function decryptAll(discussion: TDiscussion, keys: PrivateKey[]): Promise<Record<string, Shown>> {
  const crypto = await loadCrypto();
  const shown: Record<string, Shown> = {};
  for (const m of discussion.messages) {
    shown[m.id] = m.ciphertext
      ? await crypto
          .decryptTextWithKeys(m.ciphertext, keys)
          .then((text) => ({ text }))
          .catch(() => ({ missing: "failed" as const }))
      : { missing: "not-granted" };
  }
  return shown;
}

/**
 * The case's team discussion (the PST, its Fix Lead and Fix Team; never the reporter), decrypted here with the
 * tab's unlocked key. A new message is encrypted here to exactly the people who read the case now; a mention
 * sends them an email that names the author and the report, never the message.
 */
export function TeamDiscussion({ reportId, keys }: { reportId: string; keys: PrivateKey[] }) {
  const [loaded, setLoaded] = useState<Loaded>({ status: "loading" });

  const load = useCallback(async (): Promise<TDiscussion | null> => {
    try {
      const discussion = await adminClient().teamDiscussion.list.query({ reportId });
      setLoaded({ status: "ready", discussion, shown: await decryptAll(discussion, keys) });
      return discussion;
    } catch (error) {
      // Not part of this case's team (a closed case for the Fix Team): nothing to show.
      if (error instanceof TRPCClientError && ["FORBIDDEN", "NOT_FOUND"].includes(error.data?.code)) {
        setLoaded({ status: "hidden" });
      } else {
        setLoaded({ status: "error", message: errorMessage(error) });
      }
      return null;
    }
  }, [reportId, keys]);

  useEffect(() => {
    void load();
  }, [load]);

  if (loaded.status === "hidden") return null;
  return (
    <section
      id="team-discussion"
      aria-labelledby="team-discussion-heading"
      className="space-y-4 rounded-lg bg-white p-4 shadow-sm"
    >
      <h2 id="team-discussion-heading" className="text-lg font-semibold">
        Team discussion <span className="font-normal text-slate-600">(not visible to the reporter)</span>
      </h2>
      {loaded.status === "loading" ? (
        <p role="status" className="text-slate-600">
          Loading the discussion…
        </p>
      ) : loaded.status === "error" ? (
        <Alert title="The discussion could not be loaded">
          {loaded.message}{" "}
          <button type="button" className="underline" onClick={() => void load()}>
            Try again
          </button>
        </Alert>
      ) : (
        <>
          <Messages discussion={loaded.discussion} shown={loaded.shown} />
          {loaded.discussion.mayPost ? (
            <Compose reportId={reportId} discussion={loaded.discussion} reload={load} />
          ) : null}
        </>
      )}
    </section>
  );
}

function Messages({ discussion, shown }: { discussion: TDiscussion; shown: Record<string, Shown> }) {
  if (discussion.messages.length === 0) {
    return (
      <p className="text-slate-600">No messages yet. Only the PST and this case's Fix Team can read them.</p>
    );
  }
  const text = (id: string) => {
    const m = shown[id];
    if (!m) return "Decrypting…";
    if ("text" in m) return m.text;
    return m.missing === "not-granted"
      ? "(Not granted to your key yet.)"
      : "(This message could not be decrypted with your unlocked key.)";
  };
  return (
    <ol className="space-y-3" aria-label="Team messages, oldest first">
      {discussion.messages.map((m) => (
        <li key={m.id} className="rounded-md bg-slate-50 p-3">
          <p className="text-xs text-slate-600">
            <span className="font-medium text-slate-800">{m.authorName ?? "A former member"}</span> ·{" "}
            <When at={m.createdAt} />
            {m.mentions.length > 0 ? <> · mentioned {m.mentions.map((p) => p.name).join(", ")}</> : null}
          </p>
          <p className="whitespace-pre-wrap wrap-anywhere" data-testid="team-message">
            {text(m.id)}
          </p>
        </li>
      ))}
    </ol>
  );
}

function Compose({
  reportId,
  discussion,
  reload,
}: {
  reportId: string;
  discussion: TDiscussion;
  reload: () => Promise<TDiscussion | null>;
}) {
  const [text, setText] = useState("");
  const [mentions, setMentions] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const withoutKey = discussion.readers.filter((r) => !r.key);

  const post = async (to: TDiscussion) => {
    const crypto = await loadCrypto();
    const ciphertext = await crypto.encryptText(
      text,
      to.readers.flatMap((r) => (r.key ? [r.key.armoredPublicKey] : [])),
    );
    const readers = new Set(to.readers.map((r) => r.userId));
    await adminClient().teamDiscussion.post.mutate({
      reportId,
      ciphertext,
      mentions: mentions.filter((id) => readers.has(id)),
    });
  };

  async function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!text.trim()) return setError("Write a message first.");
    setPending(true);
    setError(null);
    setStatus(null);
    try {
      try {
        await post(discussion);
      } catch (e) {
        // Someone joined (or changed keys) since the list loaded: encrypt once more to the readers of now.
        if (!STALE.test(errorMessage(e))) throw e;
        const fresh = await adminClient().teamDiscussion.list.query({ reportId });
        await post(fresh);
      }
      setText("");
      setMentions([]);
      setStatus("Sent.");
      await reload();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={send} noValidate className="space-y-3">
      {error ? <Alert title="Not sent">{error}</Alert> : null}
      <Field
        id="team-message"
        label="Write to the team"
        required
        hint="Encrypted in this browser to the keys of everyone who reads this case now (the PST and its Fix Team)."
        error={null}
      >
        <textarea
          id="team-message"
          rows={4}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-describedby={describedBy("team-message", { hint: true })}
          className={inputClass}
        />
      </Field>
      <fieldset className="space-y-1">
        <legend className="font-medium">
          Mention <span className="text-sm font-normal text-slate-500">(optional)</span>
        </legend>
        <p id="team-mention-hint" className="text-sm text-slate-600">
          Each person you mention gets an email that names you and this report, never the message.
        </p>
        <ul className="flex flex-wrap gap-x-4 gap-y-1" aria-describedby="team-mention-hint">
          {discussion.readers.map((r) => (
            <li key={r.userId}>
              <label className="inline-flex items-center gap-1">
                <input
                  type="checkbox"
                  checked={mentions.includes(r.userId)}
                  onChange={(e) =>
                    setMentions((list) =>
                      e.target.checked ? [...list, r.userId] : list.filter((id) => id !== r.userId),
                    )
                  }
                />
                @{r.name}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      {withoutKey.length > 0 ? (
        <p className="text-sm text-slate-600">
          {withoutKey.map((r) => r.name).join(", ")} {withoutKey.length === 1 ? "has" : "have"} no key yet and
          will get the discussion by a grant once they do.
        </p>
      ) : null}
      <div className="flex items-center gap-3">
        <button type="submit" className={buttonClass} disabled={pending}>
          {pending ? "Sending…" : "Send to the team"}
        </button>
        <button
          type="button"
          className={secondaryButtonClass}
          onClick={() => void reload()}
          disabled={pending}
        >
          Refresh
        </button>
        <span role="status" className="text-sm text-slate-600">
          {status}
        </span>
      </div>
    </form>
  );
}
