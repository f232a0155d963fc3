import { createHash, randomUUID } from "node:crypto";
import {
  type AdvisoryExports,
  affectedLabel,
  checkExports,
  type ExportProblem,
  markdownToText,
  type TAdvisoryContent,
  type TAdvisoryMeta,
  type TAdvisoryStatus,
} from "@disclose/advisories";
import { csafFileName } from "@disclose/advisories/publish";
import { appendAuditEvent, type DbTx, type Prisma } from "@disclose/db";
import { scoreCvss } from "@disclose/domain";
import { advisorySigningSecret, apiEnv, cveServicesConfig } from "../../env";
import { AppError, AppErrorCode } from "../../errors";
import { projectNameOf } from "../early-disclosure/notify-organization";
import { openCurrentSigner } from "./signing-key";

/** Where a publication gets what is not in the advisory: the environment, unless a caller (a test) says. */
export interface TPublishConfig {
  /** The portal's public URL: the publisher's namespace and the advisory pages' base. */
  portalUrl: string;
  /** ADVISORY_ID_PREFIX. */
  idPrefix: string;
  /** The publisher's contact: SECURITY_CONTACT, else the portal's report page. */
  contact: string;
  /** ADVISORY_SIGNING_SECRET (advisorySigningSecret()). */
  secret: string;
  /** providerMetadata.orgId of the CVE records offered for download. */
  cveOrgId: string;
}

export function publishConfigFromEnv(): TPublishConfig {
  const env = apiEnv();
  const portalUrl = env.PORTAL_URL.replace(/\/+$/, "");
  return {
    portalUrl,
    idPrefix: env.ADVISORY_ID_PREFIX,
    contact: env.SECURITY_CONTACT ?? `${portalUrl}/report`,
    secret: advisorySigningSecret(),
    cveOrgId: cveOrgIdFor(portalUrl, cveServicesConfig()?.org ?? null),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A CVE record names its CNA by UUID. A project that is a CNA has one (CVE_API_ORG, when it is a UUID); any other
 * project's CVE JSON is what it hands its CNA, who puts its own there: a stable name-based UUID (SHA-1 of
 * the portal URL, in the version-4 layout the schema requires) keeps the record valid and the same across revisions.
 */
export function cveOrgIdFor(portalUrl: string, cnaOrg: string | null): string {
  if (cnaOrg !== null && UUID.test(cnaOrg)) return cnaOrg.toLowerCase();
  const hash = createHash("sha1").update(`disclose-cve-org:${portalUrl}`).digest();
  // The CVE schema takes only the version-4 layout, so the name-based bytes carry its version nibble.
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x40;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The advisory_documents name of an OSV record: its id lowercased, `_` (as in "x_") made `-` (the table's CHECK). */
export function osvFileName(id: string): string {
  return `${id
    .toLowerCase()
    .replace(/[^a-z0-9.+-]+/g, "-")
    .replace(/^[^a-z0-9]+/, "")}.json`;
}

/** The advisory_documents name of a CVE record: "cve-2026-10001.json". */
export function cveFileName(cveId: string): string {
  return `${cveId.toLowerCase()}.json`;
}

/** The advisory parsed and every export built and validated (checkExports), with this deployment's prefixes. */
function checkAdvisory(contentInput: unknown, metaInput: unknown, config: TPublishConfig) {
  return checkExports(contentInput, metaInput, { advisoryIdPrefix: config.idPrefix, orgId: config.cveOrgId });
}

/** The refusal of a publication: the first problem's words, its field named as the form knows it. */
function refusal(problems: readonly ExportProblem[]): AppError {
  const first = problems[0] ?? { source: "content", path: "", message: "The advisory cannot be published." };
  let field: string;
  if (first.source === "content") field = first.path === "" ? "content" : `content.${first.path}`;
  else if (first.source === "meta" && /^revisions\[\d+\]\.summary$/.test(first.path))
    field = "revisionSummary";
  else if (first.source === "meta") field = first.path === "" ? "meta" : `meta.${first.path}`;
  else field = "content";
  const where =
    first.source === "content" || first.source === "meta" ? "" : ` (${first.source}, ${first.path})`;
  const more =
    problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? "s" : ""})` : "";
  return new AppError(
    AppErrorCode.BAD_INPUT,
    `${first.path || first.source}: ${first.message}${where}${more}`,
    {
      field,
    },
  );
}

/** The highest CVSS score among the vulnerabilities, with its severity (None…Critical, as the table takes it). */
export function highestSeverity(content: TAdvisoryContent): {
  severity: string | null;
  cvssScore: number | null;
} {
  let best: { score: number; severity: string } | null = null;
  for (const v of content.vulnerabilities) {
    if (v.cvssVector === null) continue;
    const scored = scoreCvss(v.cvssVector);
    if (best === null || scored.score > best.score) best = { score: scored.score, severity: scored.severity };
  }
  return { severity: best?.severity ?? null, cvssScore: best?.score ?? null };
}

/** The list's short names of what is affected: "example-template (npm)", "Example Project libexample". */
export function packageLabels(content: TAdvisoryContent): string[] {
  return content.affected.map((e) =>
    e.kind === "package" ? `${e.name} (${e.ecosystem})` : `${e.vendor} ${e.product}`,
  );
}

const SEARCH_DESCRIPTION_CHARS = 4000;

/** What the list's search looks in, lowercased once here so a search is a plain substring test. */
export function searchTextOf(publicId: string, content: TAdvisoryContent): string {
  return [
    publicId,
    content.title,
    content.summary,
    ...content.vulnerabilities.flatMap((v) => [v.cveId ?? "", v.cweId ?? "", v.title ?? ""]),
    ...content.affected.map(affectedLabel),
    markdownToText(content.description).slice(0, SEARCH_DESCRIPTION_CHARS),
  ]
    .filter((s) => s !== "")
    .join("\n")
    .toLowerCase();
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function hex(algorithm: "sha256" | "sha512", body: string): string {
  return createHash(algorithm).update(body, "utf8").digest("hex");
}

/** The documents of one revision, as served: CSAF, one OSV record per package, one CVE record per CVE. */
function documentsOf(
  meta: TAdvisoryMeta,
  exports: AdvisoryExports,
): { format: string; name: string; body: string }[] {
  return [
    { format: "csaf", name: csafFileName(meta.id), body: json(exports.csaf) },
    ...exports.osv.records.map((r) => ({ format: "osv", name: osvFileName(r.id), body: json(r.record) })),
    ...exports.cve.map((c) => ({ format: "cve", name: cveFileName(c.cveId), body: json(c.record) })),
  ];
}

interface TExisting {
  id: string;
  publicId: string;
  revision: number;
  publishedAt: Date;
  withdrawnAt: Date | null;
}

/**
 * One new revision of an advisory (the first publish too): meta built from the stored history, every export
 * checked, then the list row, the revision and its signed documents written, and audited. Shared by publishing
 * and withdrawing.
 */
async function writeRevision(
  tx: DbTx,
  options: {
    existing: TExisting | null;
    caseId: string | null;
    content: unknown;
    revisionSummary: string;
    status: TAdvisoryStatus;
    actorId: string | null;
    now: Date;
    config: TPublishConfig;
  },
): Promise<{ advisoryId: string; publicId: string; revision: number }> {
  const { existing, now, config } = options;
  const projectName = await projectNameOf(tx);
  const publicId = existing?.publicId ?? (await nextPublicId(tx, config.idPrefix, now));
  const history = existing
    ? await tx.advisoryRevision.findMany({
        where: { advisoryId: existing.id },
        orderBy: { number: "asc" },
        select: { number: true, summary: true, publishedAt: true },
      })
    : [];
  const revision = (existing?.revision ?? 0) + 1;
  const meta = {
    id: publicId,
    publisher: { name: projectName, namespace: config.portalUrl, contact: config.contact },
    projectName,
    initialReleaseDate: (existing?.publishedAt ?? now).toISOString(),
    currentReleaseDate: now.toISOString(),
    revisions: [
      ...history.map((r) => ({
        number: String(r.number),
        date: r.publishedAt.toISOString(),
        summary: r.summary,
      })),
      { number: String(revision), date: now.toISOString(), summary: options.revisionSummary.trim() },
    ],
    status: options.status,
  };
  const checked = await checkAdvisory(options.content, meta, config);
  if (!checked.ok) throw refusal(checked.problems);
  const { content } = checked;

  const { key, signer } = await openCurrentSigner(tx, { secret: config.secret, now });
  const documents = [];
  for (const doc of documentsOf(checked.meta, checked.exports)) {
    documents.push({
      ...doc,
      sha256: hex("sha256", doc.body),
      sha512: hex("sha512", doc.body),
      signature: await signer.sign(doc.body, now),
    });
  }

  const contentJson = content as unknown as Prisma.InputJsonValue;
  const withdrawn = options.status.state === "withdrawn" ? options.status : null;
  const list = {
    title: content.title,
    summary: content.summary,
    ...highestSeverity(content),
    cveIds: content.vulnerabilities.flatMap((v) => (v.cveId === null ? [] : [v.cveId])),
    packages: packageLabels(content),
    searchText: searchTextOf(publicId, content),
    content: contentJson,
    revision,
    modifiedAt: now,
    withdrawnAt: withdrawn ? now : null,
    withdrawnReason: withdrawn ? withdrawn.reason : null,
  };
  const advisoryId = existing?.id ?? randomUUID();
  if (existing) {
    await tx.advisory.update({ where: { id: existing.id }, data: list });
  } else {
    await tx.advisory.create({
      data: {
        id: advisoryId,
        caseId: options.caseId,
        publicId,
        publishedAt: now,
        publishedById: options.actorId,
        ...list,
      },
    });
  }
  await tx.advisoryRevision.create({
    data: {
      advisoryId,
      number: revision,
      summary: options.revisionSummary.trim(),
      content: contentJson,
      publishedAt: now,
      publishedById: options.actorId,
    },
  });
  await tx.advisoryDocument.createMany({
    data: documents.map((d) => ({ advisoryId, revision, createdAt: now, ...d })),
  });
  await appendAuditEvent(tx, {
    actorId: options.actorId,
    actorKind: options.actorId ? "user" : "system",
    action: withdrawn ? "advisory.withdrawn" : revision === 1 ? "advisory.published" : "advisory.revised",
    subjectType: "advisory",
    subjectId: advisoryId,
    data: {
      publicId,
      revision,
      caseId: options.caseId,
      documents: documents.map((d) => `${d.format}/${d.name}`),
      signingKey: key.fingerprint,
      ...(withdrawn ? { reason: withdrawn.reason } : {}),
    },
    occurredAt: now,
  });
  return { advisoryId, publicId, revision };
}

/** The next "<prefix>-<year>-<NNNN>": the year's counter row is taken under its row lock until the commit. */
async function nextPublicId(tx: DbTx, prefix: string, now: Date): Promise<string> {
  const year = now.getUTCFullYear();
  const [row] = await tx.$queryRaw<{ last: number }[]>`
    INSERT INTO advisory_id_counters (year, last) VALUES (${year}, 1)
    ON CONFLICT (year) DO UPDATE SET last = advisory_id_counters.last + 1
    RETURNING last`;
  if (!row) throw new Error("advisory_id_counters: no row returned");
  return `${prefix}-${year}-${String(row.last).padStart(4, "0")}`;
}

/**
 * Publishes the case's advisory, or a new revision of it: what the admin's publish flow calls inside its own
 * transaction, with the plaintext content the Fix Lead's browser decrypted. Refuses (BAD_INPUT, the field named,
 * e.g. "content.affected[0].ranges[0].events") an advisory any export would be invalid for; nothing is written
 * then, as the caller's transaction rolls back (the id counter included).
 */
export async function storePublishedAdvisory(
  tx: DbTx,
  options: {
    caseId: string;
    content: unknown;
    revisionSummary: string;
    actorId: string | null;
    now: Date;
    config?: TPublishConfig;
  },
): Promise<{ advisoryId: string; publicId: string; revision: number }> {
  // One publication of a case at a time: its revisions are numbered in order and its first row made once.
  await tx.$executeRaw`SELECT 1 FROM cases WHERE id = ${options.caseId}::uuid FOR UPDATE`;
  const existing = await tx.advisory.findUnique({
    where: { caseId: options.caseId },
    select: { id: true, publicId: true, revision: true, publishedAt: true, withdrawnAt: true },
  });
  if (existing?.withdrawnAt) {
    throw new AppError(
      AppErrorCode.CONFLICT,
      `${existing.publicId} was withdrawn; a withdrawn advisory is kept as it is.`,
    );
  }
  return writeRevision(tx, {
    existing,
    caseId: options.caseId,
    content: options.content,
    revisionSummary: options.revisionSummary,
    status: { state: "final" },
    actorId: options.actorId,
    now: options.now,
    config: options.config ?? publishConfigFromEnv(),
  });
}

/**
 * Checks content for publishing outside any transaction, as the first revision of an advisory would be checked
 * (a placeholder id, the dates of `now`). Call it before opening the publish transaction: the first check in a
 * process loads the CWE catalogue and compiles the official schemas and CSAF's tests (seconds, once), which must
 * not happen while the transaction holds its locks; and a refusal then costs no transaction at all. Throws the
 * same BAD_INPUT as storePublishedAdvisory, with the field named.
 */
export async function precheckAdvisoryContent(
  content: unknown,
  options: { now: Date; config?: TPublishConfig },
): Promise<void> {
  const config = options.config ?? publishConfigFromEnv();
  const at = options.now.toISOString();
  const checked = await checkAdvisory(
    content,
    {
      id: `${config.idPrefix}-${options.now.getUTCFullYear()}-0001`,
      publisher: { name: "Disclose", namespace: config.portalUrl, contact: config.contact },
      projectName: "Disclose",
      initialReleaseDate: at,
      currentReleaseDate: at,
      revisions: [{ number: "1", date: at, summary: "Initial release." }],
      status: { state: "final" },
    },
    config,
  );
  if (!checked.ok) throw refusal(checked.problems.filter((p) => p.source !== "meta"));
}

/** For withdraw-advisory.ts: the shared revision writer and the row it needs. */
export { type TExisting, writeRevision };
