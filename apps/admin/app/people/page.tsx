import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import Link from "next/link";
import { requireStaffSession } from "~/auth/session";
import { InviteForm } from "~/people/invite-form";
import { OutOfOffice } from "~/people/out-of-office";
import { PersonActions } from "~/people/person-actions";
import { ReminderPreference } from "~/people/reminder-preference";
import { formatUtc, ROLE_TEXT, type TOrganizationRow, type TPersonRow } from "~/people/types";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "People" };

export default async function PeoplePage() {
  const session = await requireStaffSession();
  const api = await serverCaller();
  const { unavailableUntil } = await api.users.availability();
  const { digestOnly } = await api.notifications.preferences();
  // The list is for admins and the PST; anyone else still manages their own availability here.
  const list = await api.users.list().catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "FORBIDDEN") return null;
    throw error;
  });
  const organizations: TOrganizationRow[] = list?.canManage
    ? (await api.users.organizations.list()).organizations
    : [];
  // Accounts that only speak for a distributor are not on the team (the server refuses them too).
  const onTeam = !(session.roles.length > 0 && session.roles.every((role) => role === "DISTRIBUTOR_MEMBER"));

  return (
    <div className="space-y-8">
      <div className="space-y-2">
        <h1 className="text-2xl font-bold tracking-tight">People</h1>
        <p className="text-slate-700">
          Accounts are by invitation only, and every account needs an authenticator app.
          {list ? (
            <>
              {" "}
              Distributors belong to{" "}
              <Link href="/organizations" className="text-sky-700 underline">
                organisations
              </Link>
              .
            </>
          ) : null}
        </p>
      </div>

      {onTeam ? <OutOfOffice initialUntil={unavailableUntil} today={new Date()} /> : null}
      {onTeam ? <ReminderPreference initialDigestOnly={digestOnly} /> : null}

      {list?.canManage ? (
        <section aria-labelledby="invite-heading" className="space-y-3">
          <h2 id="invite-heading" className="text-lg font-semibold">
            Invite someone
          </h2>
          <InviteForm organizations={organizations} />
        </section>
      ) : null}

      {list ? (
        <section aria-labelledby="people-heading" className="space-y-3">
          <h2 id="people-heading" className="text-lg font-semibold">
            Everyone with an account
          </h2>
          {list.canManage ? null : (
            <p className="text-sm text-slate-600">
              You can see this list; only an admin can change accounts.
            </p>
          )}
          {list.people.length === 0 ? (
            <p className="rounded-md border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
              Nobody has an account yet.{list.canManage ? " Invite the first member above." : ""}
            </p>
          ) : (
            <PeopleTable
              people={list.people}
              canManage={list.canManage}
              youId={session.userId}
              organizations={organizations}
            />
          )}
        </section>
      ) : (
        <p className="rounded-md bg-white p-4 text-slate-700 shadow-sm">
          Only admins and PST members can see the list of people.
        </p>
      )}
    </div>
  );
}

function PeopleTable({
  people,
  canManage,
  youId,
  organizations,
}: {
  people: TPersonRow[];
  canManage: boolean;
  youId: string;
  organizations: TOrganizationRow[];
}) {
  const active = people.filter((p) => p.active).length;
  return (
    <div className="overflow-x-auto rounded-lg bg-white shadow-sm">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">
          {people.length} {people.length === 1 ? "account" : "accounts"}, {active} active. Times in UTC.
        </caption>
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Person
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Roles
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Status
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Authenticator
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Invited (UTC)
            </th>
            {canManage ? (
              <th scope="col" className="px-3 py-2 font-medium">
                Actions
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {people.map((person) => (
            <tr
              key={person.id}
              className={`border-t border-slate-100 align-top ${person.active ? "" : "bg-slate-50"}`}
            >
              <th scope="row" className="px-3 py-2 font-normal">
                <span className="block font-medium">
                  {person.name ?? "(no name)"}
                  {person.id === youId ? <span className="ml-1 text-slate-500">(you)</span> : null}
                </span>
                <span className="block break-all text-slate-600">{person.email}</span>
              </th>
              <td className="px-3 py-2">
                {person.roles.length === 0 ? (
                  <span className="text-slate-600">No role (Fix Teams only)</span>
                ) : (
                  <ul>
                    {person.roles.map((role) => (
                      <li key={role}>{ROLE_TEXT[role].label}</li>
                    ))}
                  </ul>
                )}
                {person.organizationName ? (
                  <span className="block text-slate-600">Organisation: {person.organizationName}</span>
                ) : null}
              </td>
              <td className="px-3 py-2">
                {person.active ? "Active" : <strong className="text-red-800">Deactivated</strong>}
                {person.unavailableUntil ? (
                  <span className="block text-amber-800">
                    Out of office until {formatUtc(person.unavailableUntil)}
                  </span>
                ) : null}
              </td>
              <td className="px-3 py-2">{person.hasAuthenticator ? "Set up" : "Not yet"}</td>
              <td className="whitespace-nowrap px-3 py-2 font-mono text-xs">{formatUtc(person.createdAt)}</td>
              {canManage ? (
                <td className="px-3 py-2">
                  <PersonActions person={person} isYou={person.id === youId} organizations={organizations} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
