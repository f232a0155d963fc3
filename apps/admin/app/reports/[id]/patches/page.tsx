import type { Metadata } from "next";
import { requireStaffSession } from "~/auth/session";
import { CaseNav } from "~/cases/case-nav";
import { loadOr404 } from "~/cases/load-or-404";
import { PatchesView } from "~/cases/patches/patches-view";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "Patches" };

export default async function PatchesPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaffSession();
  const { id } = await params;
  const caller = await serverCaller();
  const list = await loadOr404(() => caller.patches.list({ reportId: id }));
  return (
    <div className="space-y-6">
      <CaseNav reportId={id} current="patches" isCase />
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">Patches</h1>
        <p className="text-slate-700">
          One <code>git format-patch</code> file per release branch, named{" "}
          <code>&lt;CVE or case id&gt;_v&lt;release&gt;.patch</code>. Every version is kept; the newest is
          current. Patch content is encrypted for the PST and this case's Fix Lead and Fix Team.
        </p>
      </div>
      <PatchesView reportId={id} list={list} />
    </div>
  );
}
