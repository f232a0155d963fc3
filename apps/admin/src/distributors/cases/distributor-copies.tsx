"use client";

import type { AdminRouter } from "@disclose/api";
import { embargoCalendar } from "@disclose/domain";
import { Alert, buttonClass, LocalTime, secondaryButtonClass } from "@disclose/ui";
import type { inferRouterOutputs } from "@trpc/server";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { base64ToBytes, formatSize, loadCrypto, saveFile } from "~/cases/patches/patch-files";
import { UnlockPanel, useKeyring } from "~/keyring";
import { adminClient, errorMessage } from "~/trpc/client";

type TView = inferRouterOutputs<AdminRouter>["distributorCases"]["get"];

/**
 * The organisation's copies: decrypted here with the member's unlocked key, or saved encrypted (.gpg) for gpg.
 * Each download is recorded for the Fix Lead's receipts. Then "Acknowledge receipt".
 */
export function DistributorCopies({ view }: { view: TView }) {
  const router = useRouter();
  const keyring = useKeyring();
  const [problem, setProblem] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);

  async function download(copyId: string, decrypted: boolean) {
    setProblem(null);
    setPending(copyId);
    try {
      const copy = await adminClient().distributorCases.downloadCopy.mutate({
        reportId: view.caseId,
        copyId,
      });
      const bytes = base64ToBytes(copy.ciphertext);
      if (decrypted) {
        const { decryptBytesWithKeys } = await loadCrypto();
        let plain: Uint8Array;
        try {
          plain = await decryptBytesWithKeys(bytes, keyring.keys);
        } catch {
          throw new Error(
            "This copy could not be decrypted with your unlocked key (made for an older key?).",
          );
        }
        saveFile(plain, copy.fileName, "text/x-patch");
      } else {
        saveFile(bytes, `${copy.fileName}.gpg`, "application/pgp-encrypted");
      }
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setPending(null);
    }
  }

  async function acknowledge() {
    setProblem(null);
    setPending("ack");
    try {
      await adminClient().distributorCases.acknowledge.mutate({ reportId: view.caseId });
      router.refresh();
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setPending(null);
    }
  }

  return (
    <section className="space-y-3 rounded-lg bg-white p-4 shadow-sm" aria-labelledby="copies-heading">
      <h2 id="copies-heading" className="text-lg font-semibold">
        Your organisation&rsquo;s copies
      </h2>
      <p className="text-sm text-slate-700">
        Each copy is marked for your organisation and encrypted to your members&rsquo; keys and your team key.
        Downloads are recorded.
      </p>
      {keyring.status !== "unlocked" ? (
        <UnlockPanel title="Unlock your key to decrypt the copies here">
          <p>Or save them encrypted and open them with gpg.</p>
        </UnlockPanel>
      ) : null}
      {view.copies.length === 0 ? (
        <p className="text-slate-600">No patch copy: the fix is described by its mitigation.</p>
      ) : (
        <ul className="space-y-2">
          {view.copies.map((c) => (
            <li key={c.id} className="flex flex-wrap items-center gap-3">
              <span className="font-mono text-sm">{c.fileName}</span>
              <span className="text-sm text-slate-600">
                {c.branchName}, version {c.version}, {formatSize(c.size)}
              </span>
              {keyring.status === "unlocked" ? (
                <button
                  type="button"
                  className={buttonClass}
                  disabled={pending !== null}
                  onClick={() => void download(c.id, true)}
                >
                  Download .patch
                </button>
              ) : null}
              <button
                type="button"
                className={secondaryButtonClass}
                disabled={pending !== null}
                onClick={() => void download(c.id, false)}
              >
                Download encrypted (.gpg)
              </button>
            </li>
          ))}
        </ul>
      )}
      {view.disclosureAt ? (
        <p>
          <button
            type="button"
            className={secondaryButtonClass}
            onClick={() =>
              saveFile(
                new TextEncoder().encode(
                  embargoCalendar({
                    caseId: view.caseId,
                    projectName: view.projectName,
                    disclosureAt: view.disclosureAt as Date,
                    now: new Date(),
                  }),
                ),
                `embargo-${view.caseId.slice(0, 8)}.ics`,
                "text/calendar",
              )
            }
          >
            Add the embargo end to your calendar (.ics)
          </button>
        </p>
      ) : null}
      {problem ? <Alert title="Something went wrong">{problem}</Alert> : null}
      {view.acknowledgedAt ? (
        <p role="status">
          Receipt acknowledged <LocalTime at={view.acknowledgedAt} />.
        </p>
      ) : (
        <button
          type="button"
          className={buttonClass}
          disabled={pending !== null}
          onClick={() => void acknowledge()}
        >
          Acknowledge receipt
        </button>
      )}
    </section>
  );
}
