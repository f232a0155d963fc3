import type { Metadata } from "next";
import { requireStaffSession } from "~/auth/session";
import { CaseNav } from "~/cases/case-nav";
import { loadOr404 } from "~/cases/load-or-404";
import { WorkspaceView } from "~/cases/workspace/workspace-view";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "Fix workspace" };

/**
 * The case's private fix workspace: repository, release branches, fix commits with their LGTMs, "Mark fix ready"
 * and the internal notes. Only the PST and the case's Fix Lead and Fix Team see it (404 for anyone else).
 */
export default async function WorkspacePage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaffSession();
  const { id } = await params;
  const caller = await serverCaller();
  const workspace = await loadOr404(() => caller.workspace.get({ reportId: id }));
  return (
    <div className="space-y-6">
      <CaseNav reportId={workspace.reportId} current="workspace" isCase />
      <div className="space-y-1">
        <h1 className="text-2xl font-bold tracking-tight">
          Fix workspace <span className="font-mono">{workspace.reportId.slice(0, 8)}</span>
        </h1>
        <p className="max-w-3xl text-slate-700">
          Where the fix is made, the commits on each release branch and their reviews. The fix is ready when
          every commit has an LGTM from a maintainer other than its author.
        </p>
      </div>
      <WorkspaceView workspace={workspace} />
    </div>
  );
}
