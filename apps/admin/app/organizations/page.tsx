import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { requireStaffSession } from "~/auth/session";
import { OrganizationForm } from "~/people/organization-form";
import { formatUtc } from "~/people/types";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "Organisations" };

export default async function OrganizationsPage() {
  const session = await requireStaffSession();
  const api = await serverCaller();
  const organizations = await api.users.organizations
    .list()
    .then((result) => result.organizations)
    .catch((error: unknown) => {
      if (error instanceof TRPCError && error.code === "FORBIDDEN") return null;
      throw error;
    });
  // Only shows or hides the form; the server decides who may add one.
  const canManage = session.roles.includes("ADMIN");

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
                No organisation yet.{canManage ? " Add the first one above." : ""}
              </p>
            ) : (
              <div className="overflow-x-auto rounded-lg bg-white shadow-sm">
                <table className="w-full text-left text-sm">
                  <caption className="sr-only">
                    {organizations.length} {organizations.length === 1 ? "organisation" : "organisations"}, by
                    name. Times in UTC.
                  </caption>
                  <thead className="bg-slate-50 text-slate-600">
                    <tr>
                      <th scope="col" className="px-3 py-2 font-medium">
                        Name
                      </th>
                      <th scope="col" className="px-3 py-2 font-medium">
                        Members
                      </th>
                      <th scope="col" className="px-3 py-2 font-medium">
                        Added (UTC)
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {organizations.map((organization) => (
                      <tr key={organization.id} className="border-t border-slate-100">
                        <th scope="row" className="px-3 py-2 font-medium">
                          {organization.name}
                        </th>
                        <td className="px-3 py-2">{organization.memberCount}</td>
                        <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">
                          {formatUtc(organization.createdAt)}
                        </td>
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
