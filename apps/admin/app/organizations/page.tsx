import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { requireStaffSession } from "~/auth/session";
import { RemoveOrganization } from "~/distributors/remove-organization";
import { OrganizationForm } from "~/people/organization-form";
import { formatUtc } from "~/people/types";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "Organisations" };

export default async function OrganizationsPage() {
  const session = await requireStaffSession();
  const api = await serverCaller();
  const organizations = await api.distributorList
    .list()
    .then((result) => result.organizations)
    .catch((error: unknown) => {
      if (error instanceof TRPCError && error.code === "FORBIDDEN") return null;
      throw error;
    });
  // Only shows or hides the form; the server decides who may add one.
  const canManage = session.roles.includes("ADMIN");
  // PST members and admins run the list (import, removal); the server checks again.
  const canManageList = canManage || session.roles.includes("PST_MEMBER");
  const statusLabel = { active: "On the list", warned: "Warned", removed: "Removed" } as const;

  return (
    <div className="space-y-8">
      <div className="space-y-2">
        <p className="text-sm">
          <Link href="/people" className="text-sky-700 underline">
            ← People
          </Link>
        </p>
        <h1 className="text-2xl font-bold tracking-tight">Distributor organisations</h1>
        <p className="text-slate-700">
          The organisations on the private distributors list. Each distributor member speaks for one of them.
        </p>
      </div>

      {organizations === null ? (
        <p className="rounded-md bg-white p-4 text-slate-700 shadow-sm">
          Only admins and PST members can see the organisations.
        </p>
      ) : (
        <>
          {canManageList ? (
            <section aria-labelledby="import-list-heading" className="space-y-2">
              <h2 id="import-list-heading" className="text-lg font-semibold">
                Bring today's list along
              </h2>
              <p className="text-slate-700">
                Import the organisations, their contacts and their team keys from a CSV file: each contact
                gets an account and an invitation.{" "}
                <Link href="/organizations/import" className="font-medium text-sky-700 underline">
                  Import the list from CSV
                </Link>
              </p>
            </section>
          ) : null}
          {canManage ? (
            <section aria-labelledby="add-organization-heading" className="space-y-3">
              <h2 id="add-organization-heading" className="text-lg font-semibold">
                Add an organisation
              </h2>
              <OrganizationForm />
            </section>
          ) : null}
          <section aria-labelledby="organizations-heading" className="space-y-3">
            <h2 id="organizations-heading" className="text-lg font-semibold">
              Organisations
            </h2>
            {organizations.length === 0 ? (
              <p className="rounded-md border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
                No organisation yet.
                {canManage
                  ? " Import today's list from CSV, or add one above."
                  : canManageList
                    ? " Import today's list from CSV."
                    : ""}
              </p>
            ) : (
              <div className="overflow-x-auto rounded-lg bg-white shadow-sm">
                <table className="w-full text-left text-sm">
                  <caption className="sr-only">
                    {organizations.length} {organizations.length === 1 ? "organisation" : "organisations"},
                    those on the list by name, then the removed ones. Times in UTC.
                  </caption>
                  <thead className="bg-slate-50 text-slate-600">
                    <tr>
                      <th scope="col" className="px-3 py-2 font-medium">
                        Name
                      </th>
                      <th scope="col" className="px-3 py-2 font-medium">
                        Status
                      </th>
                      <th scope="col" className="px-3 py-2 font-medium">
                        Distribution
                      </th>
                      <th scope="col" className="px-3 py-2 font-medium">
                        Security contact
                      </th>
                      <th scope="col" className="px-3 py-2 font-medium">
                        Team key fingerprint
                      </th>
                      <th scope="col" className="px-3 py-2 font-medium">
                        Members
                      </th>
                      <th scope="col" className="px-3 py-2 font-medium">
                        Added (UTC)
                      </th>
                      {canManageList ? (
                        <th scope="col" className="px-3 py-2 font-medium">
                          <span className="sr-only">Actions</span>
                        </th>
                      ) : null}
                    </tr>
                  </thead>
                  <tbody>
                    {organizations.map((organization) => (
                      <tr
                        key={organization.id}
                        className={`border-t border-slate-100 align-top ${organization.status === "removed" ? "text-slate-500" : ""}`}
                        data-testid="organization-row"
                      >
                        <th scope="row" className="px-3 py-2 font-medium">
                          <Link href={`/organizations/${organization.id}`} className="text-sky-700 underline">
                            {organization.name}
                          </Link>
                          {organization.joinedVia === "import" ? (
                            <span className="block text-xs font-normal text-slate-500">imported</span>
                          ) : null}
                        </th>
                        <td className="px-3 py-2">
                          <span
                            className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${
                              organization.status === "active"
                                ? "bg-emerald-100 text-emerald-900"
                                : organization.status === "warned"
                                  ? "bg-amber-100 text-amber-900"
                                  : "bg-slate-200 text-slate-800"
                            }`}
                          >
                            {statusLabel[organization.status]}
                          </span>
                          {organization.status === "removed" && organization.removedAt ? (
                            <span className="mt-1 block text-xs">
                              {formatUtc(organization.removedAt)}
                              {organization.removedReason ? `: ${organization.removedReason}` : ""}
                            </span>
                          ) : null}
                        </td>
                        <td className="px-3 py-2">{organization.distribution || "—"}</td>
                        <td className="px-3 py-2">
                          {organization.securityContact ?? "—"}
                          {organization.securityContact && organization.emailDelivery ? (
                            <span className="block text-xs text-slate-500">copies by encrypted email</span>
                          ) : null}
                        </td>
                        <td className="px-3 py-2 font-mono text-xs break-all">
                          {organization.teamKeyFingerprint
                            ? organization.teamKeyFingerprint.replace(/(.{4})(?=.)/g, "$1 ")
                            : "—"}
                        </td>
                        <td className="px-3 py-2">{organization.memberCount}</td>
                        <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">
                          {formatUtc(organization.createdAt)}
                        </td>
                        {canManageList ? (
                          <td className="px-3 py-2">
                            {organization.status !== "removed" ? (
                              <RemoveOrganization organizationId={organization.id} name={organization.name} />
                            ) : null}
                          </td>
                        ) : null}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </div>
  );
}
