"use client";

import type { TReportForStaff } from "@disclose/api";
import { Alert, Field, inputClass, secondaryButtonClass } from "@disclose/ui";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { requestGrants } from "~/grants/grant-runner";
import { problemOf, type TProblem } from "~/people/problem";
import { adminClient, errorMessage } from "~/trpc/client";

/** The case's Fix Team; its Fix Lead adds and removes members. */
export function FixTeam({
  report,
  staff,
}: {
  report: TReportForStaff;
  staff: { id: string; name: string }[];
}) {
  const router = useRouter();
  const [userId, setUserId] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const candidates = staff.filter(
    (s) => s.id !== report.fixLead?.id && !report.fixTeam.some((m) => m.id === s.id),
  );

  async function change(id: string, member: boolean) {
    setPending(true);
    setError(null);
    try {
      await adminClient().cases.setFixTeamMember.mutate({ reportId: report.id, userId: id, member });
      setUserId("");
      // A new member gets the case through a grant, which this browser makes now if its key is unlocked.
      if (member) requestGrants();
      router.refresh();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPending(false);
    }
  }

  return (
    <section aria-labelledby="team-heading" className="space-y-3 rounded-lg bg-white p-4 shadow-sm">
      <h2 id="team-heading" className="text-lg font-semibold">
        Fix Team
      </h2>
      {error ? <Alert title="Not changed">{error}</Alert> : null}
      {report.fixTeam.length === 0 ? (
        <p className="text-slate-600">No one besides the Fix Lead yet.</p>
      ) : (
        <ul className="space-y-1" data-testid="fix-team">
          {report.fixTeam.map((m) => (
            <li key={m.id} className="flex items-center gap-2">
              {m.name}
              {report.mayManageFixTeam ? (
                <button
                  type="button"
                  className="text-sm text-sky-700 underline"
                  disabled={pending}
                  onClick={() => change(m.id, false)}
                >
                  Remove<span className="sr-only"> {m.name}</span>
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {report.mayManageFixTeam ? (
        <p className="text-sm text-slate-600">
          Someone you add can read the case once it is granted to their key. Someone you remove loses access
          at once; Disclose cannot take back what they have already read.
        </p>
      ) : null}
      {report.mayManageFixTeam ? (
        <form
          noValidate
          className="flex flex-wrap items-end gap-2"
          onSubmit={(event: FormEvent<HTMLFormElement>) => {
            event.preventDefault();
            if (!userId) return setError("Choose someone to add.");
            void change(userId, true);
          }}
        >
          <div className="min-w-48 flex-1">
            <Field id="fix-team-add" label="Add to the Fix Team">
              <select
                id="fix-team-add"
                value={userId}
                onChange={(e) => setUserId(e.target.value)}
                className={inputClass}
              >
                <option value="">Choose a person…</option>
                {candidates.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <button type="submit" className={secondaryButtonClass} disabled={pending}>
            Add
          </button>
        </form>
      ) : null}
      {report.mayManageFixTeam ? <InviteEngineer reportId={report.id} /> : null}
    </section>
  );
}

/** An engineer without an account: invited onto this case's Fix Team only (nothing about the case is mailed). */
function InviteEngineer({ reportId }: { reportId: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [error, setError] = useState<TProblem | null>(null);
  const [pending, setPending] = useState(false);
  const [invited, setInvited] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      await adminClient().caseWorkflow.inviteEngineer.mutate({ reportId, email, name });
      setInvited(email.trim());
      setEmail("");
      setName("");
      setOpen(false);
      router.refresh();
    } catch (e) {
      setError(problemOf(e));
    } finally {
      setPending(false);
    }
  }

  if (!open) {
    return (
      <div className="space-y-1">
        {invited ? (
          <p role="status" className="text-sm text-green-800">
            {invited} was invited and added to the team. They read the case once they set up a key and it is
            granted to them.
          </p>
        ) : null}
        <button type="button" className="text-sm text-sky-700 underline" onClick={() => setOpen(true)}>
          Invite an engineer who has no account yet
        </button>
      </div>
    );
  }
  const fieldError = (field: string) => (error && (error.field ?? "email") === field ? error.message : null);
  return (
    <form noValidate onSubmit={submit} className="space-y-3 rounded bg-slate-50 p-3">
      <Field id="invite-engineer-name" label="Their name" error={fieldError("name")} required>
        <input
          id="invite-engineer-name"
          className={inputClass}
          value={name}
          maxLength={100}
          autoComplete="off"
          onChange={(e) => setName(e.target.value)}
          aria-invalid={fieldError("name") ? true : undefined}
        />
      </Field>
      <Field
        id="invite-engineer-email"
        label="Their email address"
        hint="They get an email saying where to sign in; it says nothing about this case."
        error={fieldError("email")}
        required
      >
        <input
          id="invite-engineer-email"
          type="email"
          className={inputClass}
          value={email}
          maxLength={254}
          autoComplete="off"
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={fieldError("email") ? true : undefined}
        />
      </Field>
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={secondaryButtonClass} disabled={pending}>
          {pending ? "Inviting…" : "Invite and add to the team"}
        </button>
        <button type="button" className="text-sm text-sky-700 underline" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
