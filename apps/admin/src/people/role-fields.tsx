import { describedBy, fieldIds } from "@disclose/ui";
import { ROLE_NAMES, ROLE_TEXT, type TOrganizationRow, type TRoleName } from "./types";

/** Role checkboxes, and the organisation to pick when the account becomes a distributor member. */
export function RoleFields({
  id,
  roles,
  onRolesChange,
  lockedRoles = [],
  lockedHint,
  rolesError,
  needsOrganization,
  organizations,
  organizationId,
  onOrganizationChange,
  organizationError,
}: {
  id: string;
  roles: TRoleName[];
  onRolesChange: (roles: TRoleName[]) => void;
  /** Roles the caller cannot take away here (an admin's own admin role). */
  lockedRoles?: TRoleName[];
  lockedHint?: string;
  rolesError?: string | null;
  /** Show the organisation choice (distributor member without an organisation yet). */
  needsOrganization: boolean;
  organizations: TOrganizationRow[];
  organizationId: string;
  onOrganizationChange: (id: string) => void;
  organizationError?: string | null;
}) {
  const rolesIds = fieldIds(`${id}-roles`);
  const orgId = `${id}-organization`;
  return (
    <>
      <fieldset
        className="space-y-2"
        aria-describedby={describedBy(`${id}-roles`, { hint: true, error: rolesError })}
      >
        <legend className="font-medium">Roles</legend>
        <p id={rolesIds.hint} className="text-sm text-slate-600">
          Leave all unticked for someone who only joins Fix Teams of single cases.
          {lockedHint ? ` ${lockedHint}` : ""}
        </p>
        {ROLE_NAMES.map((role) => {
          const boxId = `${id}-role-${role}`;
          const locked = lockedRoles.includes(role);
          return (
            <div key={role} className="flex items-start gap-2">
              <input
                id={boxId}
                type="checkbox"
                className="mt-1.5 h-4 w-4"
                checked={roles.includes(role)}
                disabled={locked}
                aria-describedby={`${boxId}-description`}
                onChange={(e) =>
                  onRolesChange(e.target.checked ? [...roles, role] : roles.filter((r) => r !== role))
                }
              />
              <div>
                <label htmlFor={boxId} className="font-medium">
                  {ROLE_TEXT[role].label}
                </label>
                <p id={`${boxId}-description`} className="text-sm text-slate-600">
                  {ROLE_TEXT[role].description}
                </p>
              </div>
            </div>
          );
        })}
        {rolesError ? (
          <p id={rolesIds.error} className="text-sm font-medium text-red-700">
            <span aria-hidden="true">⚠ </span>
            {rolesError}
          </p>
        ) : null}
      </fieldset>
      {needsOrganization ? (
        <div className="space-y-1">
          <label htmlFor={orgId} className="block font-medium">
            Organisation <span className="ml-1 text-sm font-normal text-slate-500">(required)</span>
          </label>
          <p id={fieldIds(orgId).hint} className="text-sm text-slate-600">
            The distributor this person speaks for.{" "}
            <a href="/organizations" className="text-sky-700 underline">
              Add an organisation
            </a>{" "}
            if it is not listed.
          </p>
          <select
            id={orgId}
            value={organizationId}
            onChange={(e) => onOrganizationChange(e.target.value)}
            aria-invalid={organizationError ? true : undefined}
            aria-describedby={describedBy(orgId, { hint: true, error: organizationError })}
            className="block w-full min-w-0 rounded-md border border-slate-400 bg-white px-3 py-2 text-base shadow-sm aria-[invalid=true]:border-red-600"
          >
            <option value="">Choose an organisation…</option>
            {organizations.map((organization) => (
              <option key={organization.id} value={organization.id}>
                {organization.name}
              </option>
            ))}
          </select>
          {organizationError ? (
            <p id={fieldIds(orgId).error} className="text-sm font-medium text-red-700">
              <span aria-hidden="true">⚠ </span>
              {organizationError}
            </p>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
