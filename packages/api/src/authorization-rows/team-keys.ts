import { mayHoldTeamKey } from "@disclose/domain";
import type { AuthzRows } from "./fixture";

const NO_SUCH_KEY = "0".repeat(40);

/**
 * Rows of the authorization matrix for team keys: only PST members hold them (the domain's mayHoldTeamKey). The
 * grant step's list is asked by every browser and is empty for everyone else; opening a report with a team key
 * needs both the team key and the report.
 */
export const teamKeysRows: AuthzRows = (fx) => ({
  "teamKeys.list": { allowed: mayHoldTeamKey },
  "teamKeys.import": {
    input: async () => ({ label: "security@", publicKey: "not a key", privateKeyMessage: "not a message" }),
    allowed: mayHoldTeamKey,
  },
  "teamKeys.read": { input: async () => ({ fingerprint: NO_SUCH_KEY }), allowed: mayHoldTeamKey },
  "teamKeys.grantWork": { allowed: () => true },
  "teamKeys.completeGrants": {
    input: async () => ({
      grants: [
        {
          teamKeyFingerprint: NO_SUCH_KEY,
          granteeUserId: fx.pstKeys[0]?.userId ?? "none",
          granteeFingerprint: fx.pstKeys[0]?.fingerprint ?? NO_SUCH_KEY,
          packets: "AAAA",
        },
      ],
    }),
    allowed: mayHoldTeamKey,
  },
  "teamKeys.reportWork": {
    input: async () => ({ reportId: fx.caseA.id }),
    allowed: (a) => mayHoldTeamKey(a) && fx.onCase("report.read")(a),
  },
  "teamKeys.openReport": {
    input: async () => ({
      reportId: fx.caseA.id,
      grants: [
        {
          kind: "report",
          itemId: fx.caseA.id,
          teamKeyFingerprint: NO_SUCH_KEY,
          granteeFingerprint: NO_SUCH_KEY,
          packets: "AAAA",
        },
      ],
    }),
    allowed: (a) => mayHoldTeamKey(a) && fx.onCase("report.read")(a),
  },
  "teamKeys.retire": { input: async () => ({ fingerprint: NO_SUCH_KEY }), allowed: mayHoldTeamKey },
});
