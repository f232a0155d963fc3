import type { Metadata } from "next";
import { requireStaffSession } from "~/auth/session";
import { CaseNav } from "~/cases/case-nav";

export const metadata: Metadata = { title: "Patches" };

export default async function PatchesPage({ params }: { params: Promise<{ id: string }> }) {
  await requireStaffSession();
  const { id } = await params;
  return (
    <div className="space-y-6">
      <CaseNav reportId={id} current="patches" isCase />
      <h1 className="text-2xl font-bold tracking-tight">Patches</h1>
    </div>
  );
}
