import { DataTable, LocalTime } from "@disclose/ui";
import type { Metadata } from "next";
import { requireStaffSession } from "~/auth/session";
import { loadOr404 } from "~/cases/load-or-404";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "Announcements" };

/**
 * The PST's view of the security announcements: how many people subscribed on the portal (counts only: their
 * addresses are theirs), and what was sent. Announcements go out when an advisory is published.
 */
export default async function AnnouncementsPage() {
  await requireStaffSession();
  const caller = await serverCaller();
  const overview = await loadOr404(() => caller.announcements.overview());
  const { subscribers } = overview;
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">Security announcements</h1>
        <p className="max-w-3xl text-slate-700">
          People subscribe on the portal&rsquo;s Announcements page (double opt-in). Each published advisory
          can be announced to them from its case&rsquo;s Advisory tab; every email carries its own one-click
          unsubscribe.
        </p>
      </div>
      <dl
        className="grid max-w-xl grid-cols-3 gap-4 rounded-lg bg-white p-4 shadow-sm"
        data-testid="subscriber-counts"
      >
        <div>
          <dt className="text-sm text-slate-600">Confirmed</dt>
          <dd className="text-2xl font-semibold">{subscribers.confirmed}</dd>
        </div>
        <div>
          <dt className="text-sm text-slate-600">Also forthcoming-fix notices</dt>
          <dd className="text-2xl font-semibold">{subscribers.forthcoming}</dd>
        </div>
        <div>
          <dt className="text-sm text-slate-600">Not confirmed yet</dt>
          <dd className="text-2xl font-semibold">{subscribers.pending}</dd>
        </div>
      </dl>
      <DataTable
        caption="Announcements sent"
        rows={overview.recent}
        rowKey={(a) => a.id}
        empty="Nothing was announced yet: publish an advisory and choose to announce it."
        columns={[
          { header: "Sent", cell: (a) => <LocalTime at={a.sentAt} /> },
          { header: "Kind", cell: (a) => (a.kind === "release" ? "Release" : "Forthcoming fix") },
          { header: "Subject", cell: (a) => a.subject },
          { header: "Recipients", cell: (a) => String(a.recipients) },
        ]}
      />
    </div>
  );
}
