"use client";

import { Alert, buttonClass, describedBy, Field, inputClass } from "@disclose/ui";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { adminClient } from "~/trpc/client";
import { checkEmail, checkName, problemOf } from "./problem";
import { RoleFields } from "./role-fields";
import type { TOrganizationRow, TRoleName } from "./types";

type Errors = Partial<Record<"email" | "name" | "roles" | "organizationId", string>>;

/** An admin invites a person: the account is created and an email tells them where to sign in. */
export function InviteForm({ organizations }: { organizations: TOrganizationRow[] }) {
  const router = useRouter();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [roles, setRoles] = useState<TRoleName[]>(["PST_MEMBER"]);
  const [organizationId, setOrganizationId] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const distributor = roles.includes("DISTRIBUTOR_MEMBER");

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(null);
    setFailure(null);
    const found: Errors = {};
    const nameError = checkName(name, { min: 1, max: 100, what: "their name" });
    if (nameError) found.name = nameError;
    const emailError = checkEmail(email);
    if (emailError) found.email = emailError;
    if (distributor && !organizationId)
      found.organizationId = "Choose the organisation this person speaks for.";
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setFailure("Check the fields marked below.");
      setAttempt((n) => n + 1);
      return;
    }
    setPending(true);
    try {
      const invited = await adminClient().users.invite.mutate({
        name,
        email,
        roles,
        organizationId: distributor ? organizationId : null,
      });
      // Cleared only on success: after a failure the person fixes what they typed, not retypes it.
      setName("");
      setEmail("");
      setRoles(["PST_MEMBER"]);
      setOrganizationId("");
      setDone(`Invitation sent to ${invited.email}.`);
      router.refresh();
    } catch (error) {
      const problem = problemOf(error);
      if (problem.field && ["email", "name", "roles", "organizationId"].includes(problem.field)) {
        setErrors({ [problem.field]: problem.message });
        setFailure("Check the fields marked below.");
      } else {
        setFailure(problem.message);
      }
      setAttempt((n) => n + 1);
    } finally {
      setPending(false);
    }
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-busy={pending}
      className="space-y-4 rounded-lg bg-white p-4 shadow-sm"
    >
      {failure ? (
        <Alert title="The invitation was not sent" focusKey={attempt}>
          {failure}
        </Alert>
      ) : null}
      <p role="status" className="text-sm font-medium text-emerald-800">
        {done ?? ""}
      </p>
      <Field id="invite-name" label="Name" required error={errors.name}>
        <input
          id="invite-name"
          name="name"
          autoComplete="off"
          maxLength={200}
          value={name}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={describedBy("invite-name", { error: errors.name })}
          className={inputClass}
        />
      </Field>
      <Field
        id="invite-email"
        label="Email address"
        hint="They sign in with this address. It is their account's name: it cannot be shared with another account."
        required
        error={errors.email}
      >
        <input
          id="invite-email"
          name="email"
          type="email"
          autoComplete="off"
          spellCheck={false}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={errors.email ? true : undefined}
          aria-describedby={describedBy("invite-email", { hint: true, error: errors.email })}
          className={inputClass}
        />
      </Field>
      <RoleFields
        id="invite"
        roles={roles}
        onRolesChange={setRoles}
        rolesError={errors.roles}
        needsOrganization={distributor}
        organizations={organizations}
        organizationId={organizationId}
        onOrganizationChange={setOrganizationId}
        organizationError={errors.organizationId}
      />
      <button type="submit" className={buttonClass} disabled={pending}>
        {pending ? "Sending the invitation…" : "Invite"}
      </button>
    </form>
  );
}
