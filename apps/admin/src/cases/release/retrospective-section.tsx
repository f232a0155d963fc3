"use client";

import { LocalTime } from "@disclose/ui";
import { useRouter } from "next/navigation";
import { CaseNotes } from "~/cases/workspace/case-notes";
import { adminClient, errorMessage } from "~/trpc/client";
import { ConfirmButton } from "./confirm-button";
import { StatusBadge } from "./status-badge";
import type { TReleaseView } from "./types";

/** (c) The retrospective, 1–3 days after the release, with its notes; then closing the case. */
export function RetrospectiveSection({ view }: { view: TReleaseView }) {
  const router = useRouter();
  const { retrospective, close } = view;
  const released = view.release.releasedAt !== null;
  return (
    <section aria-labelledby="retro-heading" className="space-y-4 rounded-lg bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-baseline gap-2">
        <h2 id="retro-heading" className="text-lg font-semibold">
          3. Retrospective
        </h2>
        <StatusBadge status={retrospective.status} testId="retrospective-status" />
      </div>
      {!released ? (
        <p className="text-slate-700">
          After the release: a retrospective 1–3 days later, with notes, while the Fix Team can still read the
          case.
        </p>
      ) : (
        <>
          {retrospective.doneAt ? (
            <p data-testid="retrospective-done" className="rounded-md bg-green-50 p-3 text-green-900">
              <span aria-hidden="true">✓ </span>Retrospective done <LocalTime at={retrospective.doneAt} />.
            </p>
          ) : retrospective.earliest && retrospective.due ? (
            <p>
              Between <LocalTime at={retrospective.earliest} /> and <LocalTime at={retrospective.due} />.
            </p>
          ) : null}
          <CaseNotes reportId={view.reportId} topic="retrospective" />
          {retrospective.mayComplete ? (
            <ConfirmButton
              label="Retrospective done"
              confirmLabel="Yes, it is done"
              disabledReason={null}
              question={
                <p>Mark the retrospective done? Notes can still be added until the case is closed.</p>
              }
              onConfirm={async () => {
                try {
                  await adminClient().release.completeRetrospective.mutate({ reportId: view.reportId });
                  router.refresh();
                  return null;
                } catch (e) {
                  return errorMessage(e);
                }
              }}
            />
          ) : null}
        </>
      )}
      {close.shown ? (
        <div className="space-y-2 border-t border-slate-200 pt-4">
          <h3 className="font-semibold">Close the case</h3>
          <p className="max-w-3xl text-sm text-slate-700">
            Closing ends the Fix Team&apos;s access to the case; the PST and the Fix Lead keep it.
          </p>
          <ConfirmButton
            label="Close the case"
            confirmLabel="Yes, close the case"
            disabledReason={close.possible ? null : (close.reason ?? "Not possible now.")}
            question={
              <p>
                Close the case now? The Fix Team loses access at once.
                {retrospective.doneAt ? "" : " The retrospective is not marked done yet."}
              </p>
            }
            onConfirm={async () => {
              try {
                await adminClient().cases.decide.mutate({
                  reportId: view.reportId,
                  command: { type: "close" },
                });
                router.refresh();
                return null;
              } catch (e) {
                return errorMessage(e);
              }
            }}
          />
        </div>
      ) : null}
      {view.state === "closed" ? <p data-testid="case-closed">The case is closed.</p> : null}
    </section>
  );
}
