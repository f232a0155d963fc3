import { DataTable } from "@disclose/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { requireStaffSession } from "~/auth/session";
import { GrantControls } from "~/grants/grant-controls";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "Access to complete" };

type TPending = Awaited<ReturnType<Awaited<ReturnType<typeof serverCaller>>["grants"]["pending"]>>["pending"];

/**
 * Grants still to complete on the cases this member reads: people who may read a case but cannot yet, because
 * they have no key, or because nobody has re-encrypted the case for their key.
 */
export default async function GrantsPage() {
  await requireStaffSession();
  const { pending, canComplete } = await (await serverCaller()).grants.pending();
  const waitingForGrant = pending.filter((p) => p.status === "waiting-for-grant").length;
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold tracking-tight">Access to complete</h1>
        <p className="max-w-3xl text-slate-700">
          Everything in a case is encrypted to each reader&apos;s own key, so a new PST member, a new Fix Team
          engineer or someone with a new key can read a case only once a person who already can re-encrypts it
          for them. That happens in the background, in the browser of whoever next opens Disclose with an
          unlocked key.
        </p>
      </div>
      <GrantControls waitingForGrant={waitingForGrant} canComplete={canComplete} />
      <DataTable<TPending[number]>
        caption="People waiting for access, by case"
        rowKey={(p) => `${p.reportId}:${p.userId}`}
        rowTestId="pending-grant"
        rows={pending}
        empty={
          <p data-testid="grants-empty">Everyone who may read a case can read it. Nothing to complete.</p>
        }
        columns={[
          {
            header: "Case",
            cell: (p) => (
              <Link href={`/reports/${p.reportId}`} className="font-mono text-sky-700 underline">
                {p.reportId.slice(0, 8)}
              </Link>
            ),
          },
          { header: "Person", cell: (p) => p.name },
          {
            header: "Waiting for",
            cell: (p) =>
              p.status === "waiting-for-key"
                ? `${p.name}'s key: they create one on the Keys page`
                : `a grant of ${p.missing} ${p.missing === 1 ? "item" : "items"}`,
          },
        ]}
      />
    </div>
  );
}
