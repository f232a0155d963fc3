import { randomBytes } from "node:crypto";
import { encryptText } from "@disclose/crypto";
import type { SealedItemKind } from "@disclose/domain";
import { loadCaseFacts } from "../use-cases/cases/case-access";
import { workspaceReaders } from "../use-cases/workspace/workspace-access";
import type { AuthzRows } from "./fixture";

/**
 * Rows of the authorization matrix for the `workspace` router. Reads look at case A; changes go to a case of its
 * own shaped like case A (same Fix Lead and Fix Team, so the same callers pass), so that case A stays as the
 * other areas' rows expect it.
 */
export const workspaceRows: AuthzRows = (fx) => {
  let own: Promise<string> | undefined;
  const workspaceCase = () => {
    own ??= (async () => {
      const id = await fx.caseLikeA();
      await fx.db.case.upsert({ where: { id }, create: { id, openedAt: fx.now }, update: {} });
      return id;
    })();
    return own;
  };
  const sealedFor = async (reportId: string, kind: SealedItemKind, text: string) => {
    const facts = await loadCaseFacts(fx.db, reportId);
    if (!facts) throw new Error("the workspace case is missing");
    const readers = await fx.db.$transaction((tx) => workspaceReaders(tx, facts, kind, fx.now));
    return encryptText(
      text,
      readers.flatMap((r) => (r.key ? [r.key.armoredPublicKey] : [])),
    );
  };
  const branch = async () => {
    const reportId = await workspaceCase();
    const created = await fx.db.releaseBranch.create({
      data: { caseId: reportId, name: `authz-${randomBytes(4).toString("hex")}` },
    });
    return { reportId, branchId: created.id };
  };
  /** A commit authored by someone who is none of the matrix's callers past the second factor. */
  const commit = async () => {
    const { reportId, branchId } = await branch();
    const author = await fx.db.user.findUniqueOrThrow({ where: { email: "pst2@demo.disclose.test" } });
    const created = await fx.db.fixCommit.create({
      data: {
        caseId: reportId,
        branchId,
        sha: randomBytes(20).toString("hex"),
        authorId: author.id,
        titleCiphertext: await sealedFor(reportId, "fix-commit", "Authz title"),
      },
    });
    return { reportId, commitId: created.id };
  };
  const fixRead = fx.onCase("fix.read");
  return {
    "workspace.get": { input: async () => ({ reportId: fx.caseA.id }), allowed: fixRead },
    "workspace.notes": {
      input: async () => ({ reportId: fx.caseA.id, topic: "workspace" }),
      allowed: fixRead,
    },
    "workspace.postNote": {
      input: async () => {
        const reportId = await workspaceCase();
        return {
          reportId,
          topic: "workspace",
          ciphertext: await sealedFor(reportId, "note", "Authz note"),
        };
      },
      allowed: fixRead,
    },
    "workspace.setRepository": {
      input: async () => ({
        reportId: await workspaceCase(),
        repositoryUrl: "https://github.com/example/project-ghsa-private",
      }),
      allowed: fixRead,
    },
    "workspace.addBranch": {
      input: async () => ({
        reportId: await workspaceCase(),
        name: `release-${randomBytes(3).toString("hex")}`,
      }),
      allowed: fixRead,
    },
    "workspace.removeBranch": { input: branch, allowed: fixRead },
    "workspace.addCommit": {
      input: async () => {
        const { reportId, branchId } = await branch();
        return {
          reportId,
          branchId,
          sha: randomBytes(20).toString("hex"),
          authorId: fx.caseAFacts.fixLeadId,
          titleCiphertext: await sealedFor(reportId, "fix-commit", "Authz commit"),
          url: "https://github.com/example/project/commit/abc1234",
        };
      },
      allowed: fixRead,
    },
    "workspace.removeCommit": { input: commit, allowed: fixRead },
    "workspace.lgtm": { input: commit, allowed: fx.onCase("fix.lgtm") },
    "workspace.withdrawLgtm": { input: commit, allowed: fx.onCase("fix.lgtm") },
  };
};
