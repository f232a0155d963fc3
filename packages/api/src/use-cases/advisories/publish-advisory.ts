import type { TAdvisoryContent } from "@disclose/advisories";
import type { Db } from "@disclose/db";
import { z } from "zod";
import type { SessionInfo } from "../../context";
import { apiEnv, cveServicesConfig } from "../../env";
import { enqueueAnnouncement } from "../announcements/enqueue-announcement";
import type { TCveServicesSettings } from "../cve-requests/cve-services";
import { publishCnaContainers, type TCnaContainerExport } from "../cve-requests/publish-cna-containers";
import { assertMayPublish, authorizeAdvisory, ZReportId, ZRevisionSummary } from "./advisory-access";
import { precheckAdvisoryContent, storePublishedAdvisory } from "./store-published-advisory";

export const ZPublishAdvisoryInput = z.object({
  reportId: ZReportId,
  /** The advisory as the Fix Lead's browser decrypted the draft: checked in full by the model and every export. */
  content: z.unknown(),
  revisionSummary: ZRevisionSummary,
  /** Send the announcement to the security announcement subscribers too. */
  announce: z.boolean().default(false),
});

export const ZPublishAdvisoryResult = z.object({
  publicId: z.string(),
  revision: z.number().int(),
  url: z.string(),
  /** Subscribers the announcement was written for; null when none was sent. */
  announced: z.number().int().nullable(),
  /** CVE Services (a CNA project): each CVE record's outcome. */
  cveRecords: z.array(z.object({ cveId: z.string(), outcome: z.string(), message: z.string().nullable() })),
});

/**
 * The Fix Lead publishes the case's advisory at release (or a new revision of it): the content is checked, every
 * export generated, validated and signed, the advisory written and, if asked, the announcement enqueued for every
 * subscriber, in one transaction. For a project that is a CNA, the CVE records are then published through CVE
 * Services, each outcome recorded on its CVE request (no transaction is held over the network).
 */
export async function publishAdvisory({
  db,
  session,
  input,
  now,
  cveServices,
}: {
  db: Db;
  session: SessionInfo;
  input: z.output<typeof ZPublishAdvisoryInput>;
  now: Date;
  cveServices?: TCveServicesSettings;
}): Promise<z.infer<typeof ZPublishAdvisoryResult>> {
  const portalUrl = apiEnv().PORTAL_URL;
  // Authorized before anything else (the content check below is heavy); again inside the transaction.
  await db.$transaction(async (tx) => {
    const { facts, actor } = await authorizeAdvisory(tx, session, input.reportId);
    assertMayPublish(actor, facts);
  });
  // Refused early, with the field named, without holding a transaction: the first check of a process loads the
  // CWE catalogue and compiles the schemas (seconds); the transaction below checks again, then in milliseconds.
  await precheckAdvisoryContent(input.content, { now });
  const published = await db.$transaction(
    async (tx) => {
      const { facts, actor } = await authorizeAdvisory(tx, session, input.reportId);
      assertMayPublish(actor, facts);
      const stored = await storePublishedAdvisory(tx, {
        caseId: facts.id,
        content: input.content,
        revisionSummary: input.revisionSummary,
        actorId: session.userId,
        now,
      });
      const url = `${portalUrl}/advisories/${stored.publicId}`;
      let announced: number | null = null;
      if (input.announce) {
        const row = await tx.advisory.findUniqueOrThrow({
          where: { id: stored.advisoryId },
          select: { content: true },
        });
        const result = await enqueueAnnouncement(tx, {
          kind: "release",
          advisoryId: stored.advisoryId,
          content: row.content as TAdvisoryContent,
          meta: { id: stored.publicId, url },
          caseId: facts.id,
          actorId: session.userId,
          now,
          portalUrl,
        });
        announced = result.recipients;
      }
      return { ...stored, url, caseId: facts.id, announced };
    },
    // Signing every document and writing ten thousand announcement emails take seconds, not the default five.
    { timeout: 60_000 },
  );

  const documents = await db.advisoryDocument.findMany({
    where: { advisoryId: published.advisoryId, revision: published.revision, format: "cve" },
    select: { body: true },
  });
  const exports: TCnaContainerExport[] = documents.map((d) => {
    const record = JSON.parse(d.body) as {
      cveMetadata: { cveId: string };
      containers: { cna: TCnaContainerExport["container"] };
    };
    return { cveId: record.cveMetadata.cveId, container: record.containers.cna };
  });
  // Only a project that is a CNA publishes CVE records itself; others' CNAs publish theirs.
  const isCna = (cveServices !== undefined ? cveServices : cveServicesConfig()) !== null;
  const outcomes =
    isCna && exports.length > 0
      ? await publishCnaContainers({
          db,
          caseId: published.caseId,
          exports,
          now,
          actorId: session.userId,
          ...(cveServices !== undefined ? { cveServices } : {}),
        })
      : [];
  return {
    publicId: published.publicId,
    revision: published.revision,
    url: published.url,
    announced: published.announced,
    cveRecords: outcomes.map((o) => ({
      cveId: o.cveId,
      outcome: o.outcome,
      message: "message" in o ? o.message : null,
    })),
  };
}
