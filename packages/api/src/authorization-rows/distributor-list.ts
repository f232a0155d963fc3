import { randomBytes } from "node:crypto";
import { can, DISTRIBUTOR_LIST_COLUMNS, type TActor } from "@disclose/domain";
import type { AuthzRows } from "./fixture";

const manages = (a: TActor) => can(a, "distributor-list.manage", { kind: "system" });

/**
 * Rows of the authorization matrix for the `distributorList` router (the organisations on the list, the CSV
 * import). Each call that reads or changes one organisation gets a fresh one, which none of the callers belongs
 * to: only the PST and admins pass.
 */
export const distributorListRows: AuthzRows = (fx) => {
  const organization = async () =>
    fx.db.distributorOrganization.create({
      data: { name: `Authz ${randomBytes(4).toString("hex")}`, securityContact: "security@authz.example" },
    });
  // A row whose team key is no key: the preview answers with problems, the import with BAD_INPUT (past
  // authorization either way, and nothing is written).
  const csv = `${DISTRIBUTOR_LIST_COLUMNS.join(",")}\nAuthz Linux,pkg,s@authz.example,no,Ana,ana-${randomBytes(4).toString("hex")}@authz.example,"-----BEGIN PGP PUBLIC KEY BLOCK-----\nnot a key\n-----END PGP PUBLIC KEY BLOCK-----"\n`;
  return {
    "distributorList.list": { allowed: manages },
    "distributorList.get": {
      input: async () => ({ organizationId: (await organization()).id }),
      allowed: manages,
    },
    "distributorList.previewImport": { input: async () => ({ csv }), allowed: manages },
    "distributorList.import": { input: async () => ({ csv }), allowed: manages },
    "distributorList.remove": {
      input: async () => ({
        organizationId: (await organization()).id,
        reason: "Criteria lapsed: no releases in two years.",
      }),
      allowed: manages,
    },
  };
};
