"use client";

import { Alert, buttonClass, DataTable, LocalTime } from "@disclose/ui";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useKeyring } from "~/keyring";
import { adminClient } from "~/trpc/client";
import { decryptItems, loadCrypto, refusalOf, type Shown, shownText } from "../workspace/sealed";
import type { TAdvisoryWorkspace } from "./advisory-editor";

/**
 * The draft with the notified distributors ("help with release notes"): the Fix Lead shares the newest draft, a
 * copy encrypted here to each organisation's keys; their comments come back sealed to the team.
 */
export function DistributorsSection({
  workspace,
  mayShare,
}: {
  workspace: TAdvisoryWorkspace;
  mayShare: boolean;
}) {
  const router = useRouter();
  const keyring = useKeyring();
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const draft = workspace.draft;
  const stale = workspace.organizations.filter((o) => o.sharedDraftId !== draft?.id);

  async function share() {
    if (!draft?.ciphertext || keyring.status !== "unlocked") return;
    setPending(true);
    setFailure(null);
    try {
      const crypto = await loadCrypto();
      const plaintext = await crypto.decryptTextWithKeys(draft.ciphertext, keyring.keys);
      const { organizations } = await adminClient().advisories.draftRecipients.query({
        reportId: workspace.reportId,
      });
      const copies = await Promise.all(
        organizations.map(async (o) => ({
          organizationId: o.id,
          ciphertext: await crypto.encryptText(
            plaintext,
            o.keys.map((k) => k.armoredPublicKey),
          ),
        })),
      );
      if (copies.length === 0) {
        setFailure("No notified organisation can receive a copy now.");
        return;
      }
      const shared = await adminClient().advisories.shareDraft.mutate({
        reportId: workspace.reportId,
        draftId: draft.id,
        copies,
      });
      setResult(
        `The draft went to ${shared.shared === 1 ? "1 organisation" : `${shared.shared} organisations`}.`,
      );
      router.refresh();
    } catch (error) {
      setFailure(refusalOf(error).message);
    } finally {
      setPending(false);
    }
  }

  return (
    <section className="space-y-3 rounded-lg bg-white p-4 shadow-sm" aria-labelledby="adv-distributors">
      <h2 id="adv-distributors" className="text-lg font-semibold">
        Distributors&rsquo; review of the draft
      </h2>
      {workspace.organizations.length === 0 ? (
        <p className="text-slate-700">
          No organisation of the private distributors list was notified of this case, so there is no one to
          share the draft with.
        </p>
      ) : (
        <>
          <DataTable
            caption="Notified organisations and the draft"
            empty="No organisation was notified."
            rows={workspace.organizations}
            rowKey={(o) => o.id}
            columns={[
              { header: "Organisation", cell: (o) => o.name },
              {
                header: "Has the draft",
                cell: (o) =>
                  o.draftSharedAt ? (
                    <>
                      <LocalTime at={o.draftSharedAt} />
                      {o.sharedDraftId !== draft?.id ? " (an older version)" : ""}
                    </>
                  ) : (
                    "—"
                  ),
              },
              { header: "Comments", cell: (o) => String(o.comments) },
            ]}
          />
          {mayShare && draft ? (
            keyring.status !== "unlocked" ? (
              <p className="text-sm text-slate-600">Unlock your key above to share the draft.</p>
            ) : stale.length > 0 ? (
              <button type="button" className={buttonClass} disabled={pending} onClick={() => void share()}>
                {pending
                  ? "Sharing…"
                  : `Share the newest draft with ${stale.length === 1 ? "1 organisation" : `${stale.length} organisations`}`}
              </button>
            ) : (
              <p className="text-sm text-slate-700">Every notified organisation has the newest draft.</p>
            )
          ) : null}
          {failure ? <Alert title="Not shared">{failure}</Alert> : null}
          {result ? (
            <p role="status" className="text-green-800">
              {result}
            </p>
          ) : null}
        </>
      )}
      {workspace.comments > 0 ? <Comments reportId={workspace.reportId} /> : null}
    </section>
  );
}

function Comments({ reportId }: { reportId: string }) {
  const keyring = useKeyring();
  const [comments, setComments] = useState<Awaited<ReturnType<typeof loadComments>> | null>(null);
  const [shown, setShown] = useState<Record<string, Shown>>({});
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    loadComments(reportId).then(setComments, (e) => setFailure(refusalOf(e).message));
  }, [reportId]);
  useEffect(() => {
    if (!comments || keyring.keys.length === 0) return;
    void decryptItems(comments, keyring.keys).then(setShown);
  }, [comments, keyring.keys]);
  if (failure) return <Alert title="The comments could not be loaded">{failure}</Alert>;
  if (!comments)
    return (
      <p role="status" className="text-slate-600">
        Loading the comments…
      </p>
    );
  return (
    <div className="space-y-2">
      <h3 className="font-semibold">Comments</h3>
      <ul className="space-y-2">
        {comments.map((c) => (
          <li key={c.id} className="rounded border border-slate-200 p-3">
            <p className="text-sm text-slate-600">
              {c.organizationName}
              {c.authorName ? ` · ${c.authorName}` : ""} · <LocalTime at={c.createdAt} />
            </p>
            <p className="whitespace-pre-wrap" data-testid="advisory-comment">
              {shownText(shown[c.id], keyring.status !== "unlocked")}
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}

function loadComments(reportId: string) {
  return adminClient().advisories.comments.query({ reportId });
}
