"use client";

import { Alert, buttonClass, secondaryButtonClass } from "@disclose/ui";
import { useRouter } from "next/navigation";
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { adminClient } from "~/trpc/client";
import { problemOf } from "./problem";
import { RoleFields } from "./role-fields";
import type { TOrganizationRow, TPersonRow, TRoleName } from "./types";

type Mode = "idle" | "roles" | "deactivate" | "revoke";

/** An admin's controls for one account: roles, sign out everywhere, deactivate or reactivate. */
export function PersonActions({
  person,
  isYou,
  organizations,
}: {
  person: TPersonRow;
  isYou: boolean;
  organizations: TOrganizationRow[];
}) {
  const router = useRouter();
  const [mode, setMode] = useState<Mode>("idle");
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [done, setDone] = useState("");
  const triggers = useRef<Partial<Record<Mode, HTMLButtonElement | null>>>({});
  const who = person.name ?? person.email;
  const idBase = `person-${person.id}`;

  function open(next: Mode) {
    setFailure(null);
    setDone("");
    setMode(next);
  }
  /** Back to the buttons, with focus on the one that opened the panel (keyboard users keep their place). */
  function close(from: Mode) {
    setMode("idle");
    setFailure(null);
    requestAnimationFrame(() => triggers.current[from]?.focus());
  }

  async function run(from: Mode, action: () => Promise<string>) {
    setPending(true);
    setFailure(null);
    try {
      const message = await action();
      setMode("idle");
      setDone(message);
      router.refresh();
      requestAnimationFrame(() => triggers.current[from]?.focus());
    } catch (error) {
      setFailure(problemOf(error).message);
      setAttempt((n) => n + 1);
    } finally {
      setPending(false);
    }
  }

  const trigger = (target: Mode, label: string, hidden = false) =>
    hidden ? null : (
      <button
        type="button"
        ref={(el) => {
          triggers.current[target] = el;
        }}
        className={secondaryButtonClass}
        aria-expanded={mode === target}
        aria-controls={mode === target ? `${idBase}-${target}` : undefined}
        onClick={() => (mode === target ? close(target) : open(target))}
        disabled={pending}
      >
        {label}
      </button>
    );

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        {trigger("roles", "Change roles")}
        {trigger("revoke", "Sign out everywhere", !person.active)}
        {person.active ? (
          trigger("deactivate", "Deactivate…", isYou)
        ) : (
          <button
            type="button"
            className={secondaryButtonClass}
            disabled={pending}
            onClick={() =>
              run("idle", async () => {
                await adminClient().users.reactivate.mutate({ userId: person.id });
                return `${who} can sign in again.`;
              })
            }
          >
            {pending && mode === "idle" ? "Reactivating…" : "Reactivate"}
          </button>
        )}
      </div>
      <p role="status" className="text-sm text-emerald-800">
        {done}
      </p>
      {failure ? (
        <Alert title="That did not work" focusKey={attempt}>
          {failure}
        </Alert>
      ) : null}
      {mode === "roles" ? (
        <RolesEditor
          id={`${idBase}-roles`}
          person={person}
          isYou={isYou}
          organizations={organizations}
          pending={pending}
          onCancel={() => close("roles")}
          onSave={(roles, organizationId) =>
            run("roles", async () => {
              await adminClient().users.changeRoles.mutate({ userId: person.id, roles, organizationId });
              return `Roles of ${who} saved.`;
            })
          }
        />
      ) : null}
      {mode === "revoke" ? (
        <Confirm
          id={`${idBase}-revoke`}
          confirmLabel={pending ? "Signing out…" : "Sign out everywhere"}
          pending={pending}
          onCancel={() => close("revoke")}
          onConfirm={() =>
            run("revoke", async () => {
              const { sessionsEnded } = await adminClient().users.revokeSessions.mutate({
                userId: person.id,
              });
              return `${who} was signed out of ${sessionsEnded} ${sessionsEnded === 1 ? "session" : "sessions"}.`;
            })
          }
        >
          Sign {who} out of every browser? They can sign in again with a new link and their authenticator.
        </Confirm>
      ) : null}
      {mode === "deactivate" ? (
        <Confirm
          id={`${idBase}-deactivate`}
          confirmLabel={pending ? "Deactivating…" : `Deactivate ${who}`}
          pending={pending}
          danger
          onCancel={() => close("deactivate")}
          onConfirm={() =>
            run("deactivate", async () => {
              await adminClient().users.deactivate.mutate({ userId: person.id });
              return `${who} is deactivated and was signed out.`;
            })
          }
        >
          Deactivate {who}? They are signed out at once and cannot sign in until an admin reactivates the
          account. Their history stays.
        </Confirm>
      ) : null}
    </div>
  );
}

/** A question in place of a dialog: focus moves to it, so a screen reader reads it before the buttons; Escape cancels. */
function Confirm({
  id,
  children,
  confirmLabel,
  pending,
  danger = false,
  onConfirm,
  onCancel,
}: {
  id: string;
  children: ReactNode;
  confirmLabel: string;
  pending: boolean;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLFieldSetElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <fieldset
      id={id}
      ref={ref}
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.key === "Escape" && !pending) onCancel();
      }}
      className="space-y-3 rounded-md border border-slate-300 bg-slate-50 p-3"
    >
      <legend className="float-left mb-3 w-full">{children}</legend>
      <div className="clear-both flex flex-wrap gap-2">
        <button
          type="button"
          className={danger ? `${buttonClass} bg-red-700 hover:bg-red-800` : buttonClass}
          disabled={pending}
          onClick={onConfirm}
        >
          {confirmLabel}
        </button>
        <button type="button" className={secondaryButtonClass} disabled={pending} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </fieldset>
  );
}

function RolesEditor({
  id,
  person,
  isYou,
  organizations,
  pending,
  onSave,
  onCancel,
}: {
  id: string;
  person: TPersonRow;
  isYou: boolean;
  organizations: TOrganizationRow[];
  pending: boolean;
  onSave: (roles: TRoleName[], organizationId: string | null) => void;
  onCancel: () => void;
}) {
  const [roles, setRoles] = useState<TRoleName[]>(person.roles);
  const [organizationId, setOrganizationId] = useState("");
  const [organizationError, setOrganizationError] = useState<string | null>(null);
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => ref.current?.focus(), []);
  // A new distributor member needs an organisation; one that had it keeps it (and its standing on the list).
  const needsOrganization = roles.includes("DISTRIBUTOR_MEMBER") && !person.organizationName;
  const ownAdmin = isYou && person.roles.includes("ADMIN");

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (needsOrganization && !organizationId) {
      setOrganizationError("Choose the organisation this person speaks for.");
      return;
    }
    setOrganizationError(null);
    onSave(roles, needsOrganization ? organizationId : null);
  }

  return (
    <form
      id={id}
      ref={ref}
      tabIndex={-1}
      aria-label={`Roles of ${person.name ?? person.email}`}
      onSubmit={submit}
      onKeyDown={(e) => {
        if (e.key === "Escape" && !pending) onCancel();
      }}
      noValidate
      aria-busy={pending}
      className="space-y-3 rounded-md border border-slate-300 bg-slate-50 p-3"
    >
      <RoleFields
        id={id}
        roles={roles}
        onRolesChange={setRoles}
        lockedRoles={ownAdmin ? ["ADMIN"] : []}
        lockedHint={ownAdmin ? "You cannot remove your own admin role: ask another admin." : undefined}
        needsOrganization={needsOrganization}
        organizations={organizations}
        organizationId={organizationId}
        onOrganizationChange={setOrganizationId}
        organizationError={organizationError}
      />
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={buttonClass} disabled={pending}>
          {pending ? "Saving…" : "Save roles"}
        </button>
        <button type="button" className={secondaryButtonClass} disabled={pending} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
