"use client";

import type { AdminRouter } from "@disclose/api";
import { Alert, buttonClass, describedBy, Field, inputClass, LocalTime } from "@disclose/ui";
import type { inferRouterOutputs } from "@trpc/server";
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useState } from "react";
import { parseDraft, type TDraftForm } from "~/cases/advisory/draft-document";
import { loadCrypto, refusalOf } from "~/cases/workspace/sealed";
import { UnlockPanel, useKeyring } from "~/keyring";
import { adminClient } from "~/trpc/client";

type TDistributorDraft = inferRouterOutputs<AdminRouter>["advisories"]["distributorDraft"];

/**
 * A notified distributor reads the draft advisory (its organisation's own copy, decrypted here) and comments on it
 * ("help with release notes"); the comment is encrypted here to the case's team only.
 */
export function DraftReview({ view }: { view: TDistributorDraft }) {
  const keyring = useKeyring();
  const [draft, setDraft] = useState<TDraftForm | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    if (!view.copy || keyring.status !== "unlocked") return;
    const ciphertext = view.copy.ciphertext;
    void loadCrypto()
      .then((crypto) => crypto.decryptTextWithKeys(ciphertext, keyring.keys))
      .then((text) => setDraft(parseDraft(text).form))
      .catch(() => setFailure("This copy could not be decrypted with your unlocked key."));
  }, [view.copy, keyring.status, keyring.keys]);

  if (!view.copy) {
    return (
      <p className="text-slate-700">
        The Fix Lead has not shared a draft of the advisory with {view.organizationName} yet. You will find it
        here when they do.
      </p>
    );
  }
  return (
    <div className="space-y-6">
      {keyring.status !== "unlocked" ? (
        <UnlockPanel title="Unlock your key to read the draft">
          <p className="text-sm text-slate-600">
            The draft is encrypted to your organisation&rsquo;s keys; it is embargoed like the patches.
          </p>
        </UnlockPanel>
      ) : failure ? (
        <Alert title="Not readable">{failure}</Alert>
      ) : draft ? (
        <DraftText draft={draft} sharedAt={view.copy.sharedAt} />
      ) : (
        <p role="status" className="text-slate-600">
          Decrypting the draft…
        </p>
      )}
      <CommentForm view={view} />
    </div>
  );
}

function DraftText({ draft, sharedAt }: { draft: TDraftForm; sharedAt: Date }) {
  const block = (label: string, text: string) =>
    text.trim() ? (
      <div className="space-y-1">
        <h3 className="font-semibold">{label}</h3>
        <p className="whitespace-pre-wrap">{text}</p>
      </div>
    ) : null;
  return (
    <article className="space-y-3 rounded-lg bg-white p-4 shadow-sm" data-testid="draft-advisory">
      <p className="text-sm text-slate-600">
        Draft shared <LocalTime at={sharedAt} />
      </p>
      <h2 className="text-xl font-semibold">{draft.title || "(no title yet)"}</h2>
      {block("Summary", draft.summary)}
      {block("Description", draft.description)}
      <div className="space-y-1">
        <h3 className="font-semibold">Affected</h3>
        <ul className="list-disc pl-5">
          {draft.affected.map((a, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: entries have no identity but their place
            <li key={i}>
              {a.kind === "package" ? `${a.ecosystem} ${a.name}` : `${a.vendor} ${a.product}`}:{" "}
              {a.ranges
                .map((r) =>
                  [
                    r.introduced && `from ${r.introduced}`,
                    r.fixed && `fixed in ${r.fixed}`,
                    r.lastAffected && `up to ${r.lastAffected}`,
                  ]
                    .filter(Boolean)
                    .join(", "),
                )
                .join("; ")}
            </li>
          ))}
        </ul>
      </div>
      {block("How to upgrade", draft.upgradeInstructions)}
      {block("Workarounds", draft.workarounds)}
    </article>
  );
}

function CommentForm({ view }: { view: TDistributorDraft }) {
  const router = useRouter();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  if (!view.mayComment) return <p className="text-sm text-slate-600">{view.commentRefusal}</p>;
  async function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSent(null);
    if (!text.trim()) return setError("Write the comment.");
    setPending(true);
    setError(null);
    try {
      const crypto = await loadCrypto();
      await adminClient().advisories.comment.mutate({
        reportId: view.reportId,
        ciphertext: await crypto.encryptText(
          text,
          view.keys.map((k) => k.armoredPublicKey),
        ),
      });
      setText("");
      setSent("Sent to the case's team, encrypted to them only.");
      router.refresh();
    } catch (e) {
      setError(refusalOf(e).message);
    } finally {
      setPending(false);
    }
  }
  return (
    <form
      onSubmit={send}
      noValidate
      className="space-y-3 rounded-lg bg-white p-4 shadow-sm"
      aria-label="Comment on the draft"
    >
      <h2 className="text-lg font-semibold">Comment on the draft</h2>
      <Field
        id="draft-comment"
        label="Your comment (release notes, wording, missing versions…)"
        required
        error={error}
      >
        <textarea
          id="draft-comment"
          rows={5}
          className={inputClass}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-describedby={describedBy("draft-comment", { error })}
        />
      </Field>
      <button type="submit" className={buttonClass} disabled={pending}>
        {pending ? "Sending…" : "Send the comment"}
      </button>
      {sent ? (
        <p role="status" className="text-green-800">
          {sent}
        </p>
      ) : null}
      {view.comments.length > 0 ? (
        <p className="text-sm text-slate-600">
          {view.organizationName} commented{" "}
          {view.comments.length === 1 ? "once" : `${view.comments.length} times`}; the last by{" "}
          {view.comments.at(-1)?.authorName ?? "a former member"}{" "}
          <LocalTime at={view.comments.at(-1)?.createdAt ?? new Date()} />.
        </p>
      ) : null}
    </form>
  );
}
