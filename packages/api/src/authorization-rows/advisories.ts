import { encryptText } from "@disclose/crypto";
import { mayHold } from "@disclose/domain";
import { loadCaseFacts } from "../use-cases/cases/case-access";
import { workspaceReaders } from "../use-cases/workspace/workspace-access";
import type { AuthzRows } from "./fixture";

/**
 * Rows of the authorization matrix for the `advisories` router. Case A's team (who may hold its advisory draft)
 * reads and writes the draft; sharing it is the Fix Lead's; case A is disclosed to no organisation, so no caller
 * reads a distributor's copy or comments (a notified member's rights are in advisories.integration.test.ts).
 */
export const advisoriesRows: AuthzRows = (fx) => {
  const nobody = () => false;
  const team = (a: Parameters<ReturnType<typeof fx.onCase>>[0]) =>
    fx.onCase("fix.read")(a) && mayHold(a, "advisory-draft", fx.caseAFacts);
  const sealed = async () => {
    const facts = await loadCaseFacts(fx.db, fx.caseA.id);
    if (!facts) throw new Error("case A is missing");
    const readers = await fx.db.$transaction((tx) => workspaceReaders(tx, facts, "advisory-draft", fx.now));
    return encryptText(
      '{"version":1}',
      readers.flatMap((r) => (r.key ? [r.key.armoredPublicKey] : [])),
    );
  };
  return {
    "advisories.workspace": { input: async () => ({ reportId: fx.caseA.id }), allowed: team },
    "advisories.saveDraft": {
      // Each allowed caller's save after the first meets a CONFLICT (a newer draft): past authorization.
      input: async () => ({ reportId: fx.caseA.id, ciphertext: await sealed(), previousDraftId: null }),
      allowed: team,
    },
    "advisories.draftRecipients": {
      input: async () => ({ reportId: fx.caseA.id }),
      allowed: fx.onCase("distributors.select"),
    },
    "advisories.shareDraft": {
      input: async () => ({
        reportId: fx.caseA.id,
        draftId: "00000000-0000-4000-8000-000000000000",
        copies: [{ organizationId: "00000000-0000-4000-8000-000000000000", ciphertext: await sealed() }],
      }),
      allowed: fx.onCase("distributors.select"),
    },
    "advisories.comments": { input: async () => ({ reportId: fx.caseA.id }), allowed: team },
    "advisories.distributorDraft": { input: async () => ({ reportId: fx.caseA.id }), allowed: nobody },
    "advisories.comment": {
      input: async () => ({ reportId: fx.caseA.id, ciphertext: await sealed() }),
      allowed: nobody,
    },
    // Case A is not released: the Fix Lead gets past authorization to a CONFLICT, nothing is written.
    // Case A has no published advisory: the Fix Lead gets past authorization to a CONFLICT.
    "advisories.withdraw": {
      input: async () => ({ reportId: fx.caseA.id, reason: "Not a vulnerability after all." }),
      allowed: fx.onCase("advisory.publish"),
    },
    "advisories.publish": {
      input: async () => ({ reportId: fx.caseA.id, content: {}, revisionSummary: "Initial release." }),
      allowed: fx.onCase("advisory.publish"),
    },
  };
};
