import { can, type TActor } from "@disclose/domain";
import type { AuthzRows } from "./fixture";

const system = (action: "audit.read" | "audit.verify") => (a: TActor) => can(a, action, { kind: "system" });

/**
 * Rows of the authorization matrix for the `audit` router: the PST and admins read the global log and its
 * status and ask for a verification (the domain's "audit.read" and "audit.verify"); nobody else, whatever the
 * input (a hostile filter is refused as FORBIDDEN before it is looked at). The whole log, unfiltered: an admin
 * outside the PST gets case events without the case's id (the matrix checks no response names a case it may not
 * read).
 */
export const auditRows: AuthzRows = (_fx) => ({
  "audit.events": { input: async () => ({}), allowed: system("audit.read") },
  "audit.status": { allowed: system("audit.read") },
  "audit.verify": { allowed: system("audit.verify") },
});
