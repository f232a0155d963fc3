import type { Metadata } from "next";
import { requireStaffSession } from "~/auth/session";
import { CaseNav } from "~/cases/case-nav";

export const metadata: Metadata = { title: "Fix workspace" };

export default async function WorkspacePage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaffSession();
  const { id } = await params;
  return (
    <div className="space-y-6">
      <CaseNav reportId={id} current="workspace" isCase />
      <h1 className="text-2xl font-bold tracking-tight">Fix workspace</h1>
    </div>
  );
}
