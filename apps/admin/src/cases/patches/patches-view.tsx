"use client";

import Link from "next/link";
import { UnlockPanel, useKeyring } from "~/keyring";
import { BranchPatchCard } from "./branch-patch-card";
import type { TPatchList } from "./patch-files";

/**
 * The case's patches, one card per release branch. Diffs and the decrypted download need the tab's unlocked key;
 * uploading (encrypting to the readers' public keys) and the encrypted download do not.
 */
export function PatchesView({ reportId, list }: { reportId: string; list: TPatchList }) {
  const keyring = useKeyring();
  const unlocked = keyring.status === "unlocked";
  if (list.branches.length === 0) {
    return (
      <section className="space-y-2 rounded-lg bg-white p-4 shadow-sm" data-testid="patches-empty">
        <h2 className="text-lg font-semibold">No release branches yet</h2>
        <p className="text-slate-700">
          A patch is uploaded per release branch. Add the branches the fix goes to first, on the{" "}
          <Link href={`/reports/${reportId}/workspace`} className="text-sky-700 underline">
            fix workspace
          </Link>
          .
        </p>
      </section>
    );
  }
  return (
    <div className="space-y-6">
      {unlocked ? null : (
        <UnlockPanel title="Unlock your key to read the patches">
          <p className="text-sm text-slate-600">
            Patches are end-to-end encrypted. They are decrypted here with your private key to show the diff;
            the passphrase is asked once in this tab and never leaves it. Uploading and the encrypted download
            work without it.
          </p>
        </UnlockPanel>
      )}
      {list.branches.map((branch) => (
        <BranchPatchCard
          key={branch.id}
          reportId={reportId}
          branch={branch}
          list={list}
          keys={keyring.keys}
          unlocked={unlocked}
        />
      ))}
    </div>
  );
}
