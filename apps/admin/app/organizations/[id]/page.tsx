import { DataTable } from "@disclose/ui";
import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireStaffSession } from "~/auth/session";
import { RemoveOrganization } from "~/distributors/remove-organization";
import { formatUtc } from "~/people/types";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "Organisation" };

const STATUS = { active: "On the list", warned: "Warned", removed: "Removed" } as const;

export default async function OrganizationPage({ params }: { params: Promise<{ id: string }> }) {
  const session = await requireStaffSession();
  const { id } = await params;
  const api = await serverCaller();
  const organization = await api.distributorList.get({ organizationId: id }).catch((error: unknown) => {
    // Not there, not a uuid, or not the caller's to see: the same answer.
    if (error instanceof TRPCError && ["NOT_FOUND", "BAD_REQUEST", "FORBIDDEN"].includes(error.code))
      return null;
    throw error;
  });
  if (!organization) notFound();
  // Only shows or hides the control; the server decides.
  const canManageList = session.roles.includes("ADMIN") || session.roles.includes("PST_MEMBER");
  type Member = (typeof organization.members)[number];

  return (
    <div className="space-y-8">
      <div className="space-y-2">
        <p className="text-sm">
          <Link href="/organizations" className="text-sky-700 underline">
            ← Organisations
          </Link>
        </p>
        <h1 className="text-2xl font-bold tracking-tight">{organization.name}</h1>
        <p className="text-slate-700">{organization.distribution || "No distribution given."}</p>
      </div>
      <dl className="grid grid-cols-1 gap-x-6 gap-y-2 rounded-lg bg-white p-4 text-sm shadow-sm sm:grid-cols-[max-content_1fr]">
        <dt className="text-slate-500">Status</dt>
        <dd>
          {STATUS[organization.status]}
          {organization.status === "removed" && organization.removedAt
            ? ` on ${formatUtc(organization.removedAt)}${organization.removedReason ? `: ${organization.removedReason}` : ""}`
            : ""}
        </dd>
        <dt className="text-slate-500">Security contact</dt>
        <dd>
          {organization.securityContact ?? "—"}
          {organization.securityContact
            ? organization.emailDelivery
              ? " (copies also by encrypted email)"
              : " (in the app only)"
            : ""}
        </dd>
        <dt className="text-slate-500">Team key fingerprint</dt>
        <dd className="break-all font-mono text-xs">
          {organization.teamKeyFingerprint?.replace(/(.{4})(?=.)/g, "$1 ") ?? "No team key yet."}
        </dd>
        <dt className="text-slate-500">Joined</dt>
        <dd>
          {formatUtc(organization.createdAt)},{" "}
          {
            {
              manual: "added by an admin",
              import: "imported from the previous list",
              application: "by application",
            }[organization.joinedVia]
          }
        </dd>
      </dl>
      <section aria-labelledby="members-heading" className="space-y-3">
        <h2 id="members-heading" className="text-lg font-semibold">
          Members
        </h2>
        <DataTable<Member>
          caption={`Members of ${organization.name}, in the order they joined`}
          rows={organization.members}
          rowKey={(m) => m.userId}
          empty="No member yet. Admins invite members on the People page."
          columns={[
            { header: "Name", cell: (m) => m.name ?? "—" },
            { header: "Email", cell: (m) => m.email },
            { header: "Membership", cell: (m) => STATUS[m.status] },
          ]}
        />
      </section>
      {canManageList && organization.status !== "removed" ? (
        <section aria-labelledby="remove-heading" className="space-y-3">
          <h2 id="remove-heading" className="text-lg font-semibold">
            Remove from the list
          </h2>
          <p className="text-slate-700">
            When the organisation no longer meets the criteria (or leaked again). Its members lose access at
            once.
          </p>
          <RemoveOrganization organizationId={organization.id} name={organization.name} />
        </section>
      ) : null}
    </div>
  );
}
