import { appendAuditEvent, type Db } from "@disclose/db";
import { CASE_STATES, can, commitHasLgtm, transition } from "@disclose/domain";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { itemKey, loadReaderPackets, serveItem } from "../access/key-packets";
import { displayName } from "../users/display-name";
import {
  authorizeWorkspace,
  FIX_OPEN_STATES,
  maintainersOf,
  mayEditWorkspace,
  readerKeyOut,
  WORKSPACE_OPEN_STATES,
  workspaceReaders,
  ZReaderKeyOut,
} from "./workspace-access";

const ZPerson = z.object({ id: z.string(), name: z.string() });

export const ZWorkspace = z.object({
  reportId: z.string(),
  /** The caller (to tell their own commits and LGTMs apart). */
  viewerId: z.string(),
  state: z.enum(CASE_STATES),
  /** The private repository, branch or GitHub temporary private fork where the fix is made. */
  repositoryUrl: z.string().nullable(),
  branches: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      releaseVersion: z.string().nullable(),
      /** A patch was uploaded for this branch (then it cannot be removed). */
      hasPatch: z.boolean(),
      commits: z.array(
        z.object({
          id: z.string(),
          sha: z.string(),
          url: z.string().nullable(),
          author: ZPerson,
          /** The title with only the caller's own session-key packets; null: not granted to the caller yet. */
          title: z.string().nullable(),
          createdAt: z.date(),
          lgtms: z.array(z.object({ userId: z.string(), name: z.string(), at: z.date() })),
          /** It has an LGTM from a maintainer other than its author (the domain's rule). */
          counted: z.boolean(),
        }),
      ),
    }),
  ),
  /** The keys a new commit title must be encrypted to: everyone who may read the workspace now. */
  readers: z.array(ZReaderKeyOut),
  /** Who may be named as a commit's author: the PST, the case's Fix Lead and its Fix Team. */
  maintainers: z.array(ZPerson),
  may: z.object({
    /** Set the repository, add and remove branches. */
    edit: z.boolean(),
    /** Add and remove fix commits, withdraw LGTMs (until the fix is marked ready). */
    changeCommits: z.boolean(),
    lgtm: z.boolean(),
  }),
  /** "Mark fix ready" for this caller, as the lifecycle's guard says now. */
  markFixReady: z.object({
    allowed: z.boolean(),
    /** Why not, in the domain's words (null when allowed). */
    reason: z.string().nullable(),
    /** The state and the caller's role allow it, only the guard may not yet (show the button, disabled). */
    applies: z.boolean(),
  }),
});
export type TWorkspace = z.infer<typeof ZWorkspace>;

/**
 * A case's fix workspace for one of its people: the repository, release branches and their fix commits with
 * LGTMs, each title served with only the caller's own session-key packets, and what the caller may do. Every read
 * is audited in the same transaction (by counts, never content).
 */
export async function getWorkspace({
  db,
  session,
  reportId,
  now,
}: {
  db: Db;
  session: SessionInfo;
  reportId: string;
  now: Date;
}): Promise<TWorkspace> {
  return db.$transaction(async (tx) => {
    const { facts, actor } = await authorizeWorkspace(tx, session, reportId);
    const kase = await tx.case.findUnique({
      where: { id: facts.id },
      select: {
        repositoryUrl: true,
        branches: {
          orderBy: [{ createdAt: "asc" }, { name: "asc" }],
          select: {
            id: true,
            name: true,
            releaseVersion: true,
            patch: { select: { id: true } },
            commits: {
              orderBy: [{ createdAt: "asc" }, { sha: "asc" }],
              select: {
                id: true,
                sha: true,
                url: true,
                titleCiphertext: true,
                createdAt: true,
                author: { select: { id: true, name: true, email: true } },
                lgtms: {
                  orderBy: { at: "asc" },
                  select: { at: true, user: { select: { id: true, name: true, email: true } } },
                },
              },
            },
          },
        },
      },
    });
    const packets = await loadReaderPackets(tx, {
      reportId: facts.id,
      reader: { reader: "staff", userId: session.userId },
      kinds: ["fix-commit"],
    });
    const branches = await Promise.all(
      (kase?.branches ?? []).map(async (b) => ({
        id: b.id,
        name: b.name,
        releaseVersion: b.releaseVersion,
        hasPatch: b.patch !== null,
        commits: await Promise.all(
          b.commits.map(async (c) => ({
            id: c.id,
            sha: c.sha,
            url: c.url,
            author: { id: c.author.id, name: displayName(c.author) },
            title: await serveItem(c.titleCiphertext, packets.get(itemKey("fix-commit", c.id))),
            createdAt: c.createdAt,
            lgtms: c.lgtms.map((l) => ({ userId: l.user.id, name: displayName(l.user), at: l.at })),
            counted: commitHasLgtm({
              sha: c.sha,
              authorId: c.author.id,
              lgtmBy: c.lgtms.map((l) => l.user.id),
            }),
          })),
        ),
      })),
    );
    const readers = await workspaceReaders(tx, facts, "fix-commit", now);
    const commits = branches.flatMap((b) => b.commits);
    await appendAuditEvent(tx, {
      actorId: session.userId,
      actorKind: "user",
      action: "workspace.read",
      subjectType: "report",
      subjectId: facts.id,
      data: { commits: commits.length, served: commits.filter((c) => c.title !== null).length },
      occurredAt: now,
    });
    const ready = transition(facts, { type: "mark-fix-ready" }, actor, { now });
    const edit = mayEditWorkspace(actor, facts);
    return {
      reportId: facts.id,
      viewerId: session.userId,
      state: facts.state,
      repositoryUrl: kase?.repositoryUrl ?? null,
      branches,
      readers: readers.map(readerKeyOut),
      maintainers: maintainersOf(readers, facts).map((r) => ({ id: r.userId, name: r.name })),
      may: {
        edit,
        changeCommits: edit && FIX_OPEN_STATES.includes(facts.state),
        lgtm:
          can(actor, "fix.lgtm", { kind: "case", case: facts }) &&
          WORKSPACE_OPEN_STATES.includes(facts.state),
      },
      markFixReady: {
        allowed: ready.ok,
        reason: ready.ok ? null : ready.reason,
        applies: ready.ok || ready.code === "guard-failed",
      },
    };
  });
}
