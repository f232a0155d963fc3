import {
  atomFeed,
  csafFileName,
  csafProviderFiles,
  DEFAULT_FEED_LIMIT,
  jsonFeed,
  type TFeedAdvisory,
  type TProviderFile,
  type TProviderFiles,
} from "@disclose/advisories/publish";
import type { Db } from "@disclose/db";
import { publishedSigningKeys } from "./signing-key";

/**
 * What the portal serves of published advisories without a page: the Atom and JSON feeds, each revision's
 * documents for download, and the CSAF trusted-provider layout. All public; each generated text is cached per
 * the state it was made from (the newest modified_at and the like), so a request costs one tiny query.
 */

export interface TPublicFile {
  contentType: string;
  body: string;
}

const JSON_TYPE = "application/json";
const SIGNATURE_TYPE = "application/pgp-signature";

interface TState {
  newest: Date | null;
  projectName: string;
}

async function feedState(db: Db): Promise<TState> {
  const [row] = await db.$queryRaw<{ newest: Date | null; project_name: string | null }[]>`
    SELECT (SELECT max(modified_at) FROM advisories) AS newest,
           (SELECT project_name FROM settings WHERE id = 1) AS project_name`;
  return { newest: row?.newest ?? null, projectName: row?.project_name?.trim() || "Disclose" };
}

const feedCache = new Map<string, { key: string; body: string }>();

/**
 * The Atom or JSON feed of the newest DEFAULT_FEED_LIMIT advisories by modification (a revision or withdrawal
 * brings an advisory back to the top, which is what a feed reader should see).
 */
export async function advisoryFeed(
  db: Db,
  options: { format: "atom" | "json"; portalUrl: string; now: Date },
): Promise<TPublicFile> {
  const portalUrl = options.portalUrl.replace(/\/+$/, "");
  const state = await feedState(db);
  const key = `${state.newest?.toISOString() ?? "-"}\u0000${state.projectName}\u0000${portalUrl}`;
  const cached = feedCache.get(options.format);
  const contentType =
    options.format === "atom"
      ? "application/atom+xml; charset=utf-8"
      : "application/feed+json; charset=utf-8";
  if (cached?.key === key) return { contentType, body: cached.body };

  const rows = await db.advisory.findMany({
    orderBy: [{ modifiedAt: "desc" }, { publicId: "asc" }],
    take: DEFAULT_FEED_LIMIT,
    select: {
      publicId: true,
      title: true,
      summary: true,
      severity: true,
      cvssScore: true,
      cveIds: true,
      publishedAt: true,
      modifiedAt: true,
      withdrawnAt: true,
      withdrawnReason: true,
    },
  });
  const items: TFeedAdvisory[] = rows.map((r) => ({
    id: r.publicId,
    url: `${portalUrl}/advisories/${encodeURIComponent(r.publicId)}`,
    title: r.title,
    summary: r.summary,
    severity: r.severity,
    cvssScore: r.cvssScore,
    cveIds: r.cveIds,
    published: r.publishedAt,
    modified: r.modifiedAt,
    withdrawn: r.withdrawnAt ? { at: r.withdrawnAt, reason: r.withdrawnReason ?? "" } : null,
  }));
  const feedOptions = {
    title: `${state.projectName} security advisories`,
    description: `Security advisories published by ${state.projectName}.`,
    siteUrl: `${portalUrl}/advisories`,
    feedUrl: `${portalUrl}/advisories/feed.${options.format}`,
    author: { name: state.projectName, url: portalUrl },
    language: "en",
    limit: DEFAULT_FEED_LIMIT,
    // Only used when there is no advisory: the feed then stays the same until the first one.
    now: state.newest ?? new Date(0),
  };
  const body = options.format === "atom" ? atomFeed(items, feedOptions) : jsonFeed(items, feedOptions);
  feedCache.set(options.format, { key, body });
  return { contentType, body };
}

/**
 * A document of an advisory's current revision, by its URL under /advisories/<id>/: `csaf.json`,
 * `osv/<name>.json`, `cve/<name>.json`, each also with `.asc` (its detached signature). Null: no such file.
 */
export async function advisoryDocumentFile(
  db: Db,
  publicId: string,
  segments: readonly string[],
): Promise<TPublicFile | null> {
  if (publicId.length > 64 || segments.length === 0 || segments.length > 2) return null;
  const last = segments[segments.length - 1] ?? "";
  const signature = last.endsWith(".asc");
  const file = signature ? last.slice(0, -".asc".length) : last;
  let format: string;
  let name: string;
  if (segments.length === 1 && file === "csaf.json") {
    format = "csaf";
    name = csafFileName(publicId);
  } else if (segments.length === 2 && (segments[0] === "osv" || segments[0] === "cve")) {
    format = segments[0];
    name = file;
  } else {
    return null;
  }
  if (!/^[a-z0-9][a-z0-9._+-]{0,199}$/.test(name)) return null;
  const [row] = await db.$queryRaw<{ body: string; signature: string | null }[]>`
    SELECT d.body, d.signature
      FROM advisories a
      JOIN advisory_documents d ON d.advisory_id = a.id AND d.revision = a.revision
     WHERE a.public_id = ${publicId} AND d.format = ${format} AND d.name = ${name}`;
  if (!row) return null;
  if (signature) return row.signature ? { contentType: SIGNATURE_TYPE, body: row.signature } : null;
  return { contentType: JSON_TYPE, body: row.body };
}

/**
 * CSAF requires TLS (requirement 3); the layout's URLs are always https. A development portal on http:// gets its
 * host's https URLs in the files, which is what production serves.
 */
export function csafBaseUrl(portalUrl: string): string {
  const url = new URL(portalUrl);
  url.protocol = "https:";
  return `${url.toString().replace(/\/+$/, "")}/.well-known/csaf`;
}

let providerCache: { key: string; files: TProviderFiles } | null = null;

/**
 * The CSAF trusted-provider layout (csafProviderFiles) from the stored CSAF documents of each advisory's current
 * revision and their stored signatures; null while no signing key exists (nothing was ever published). Made
 * again only when an advisory, a key or the project's name changed.
 */
export async function csafProviderFileMap(
  db: Db,
  options: { portalUrl: string; contact: string; now: Date },
): Promise<TProviderFiles | null> {
  const keys = await publishedSigningKeys(db, options.now);
  if (keys.length === 0) return null;
  const [state] = await db.$queryRaw<{ newest: Date | null; count: bigint; project_name: string | null }[]>`
    SELECT (SELECT max(modified_at) FROM advisories) AS newest,
           (SELECT count(*) FROM advisories) AS count,
           (SELECT project_name FROM settings WHERE id = 1) AS project_name`;
  const projectName = state?.project_name?.trim() || "Disclose";
  const baseUrl = csafBaseUrl(options.portalUrl);
  const keyStamp = keys.map((k) => `${k.fingerprint}:${k.retiredAt?.toISOString() ?? ""}`).join(",");
  const key = [
    state?.newest?.toISOString() ?? "-",
    String(state?.count ?? 0),
    keyStamp,
    projectName,
    baseUrl,
    options.contact,
  ].join("\u0000");
  if (providerCache?.key === key) return providerCache.files;

  const rows = await db.$queryRaw<{ body: string; signature: string | null }[]>`
    SELECT d.body, d.signature
      FROM advisories a
      JOIN advisory_documents d ON d.advisory_id = a.id AND d.revision = a.revision AND d.format = 'csaf'
     ORDER BY a.public_id`;
  const signatures = new Map<string, string>();
  const documents = rows.map((row) => {
    const tracking = (JSON.parse(row.body) as { document: { tracking: Record<string, string> } }).document
      .tracking;
    if (row.signature) signatures.set(row.body, row.signature);
    return {
      trackingId: tracking.id ?? "",
      initialReleaseDate: tracking.initial_release_date ?? "",
      currentReleaseDate: tracking.current_release_date ?? "",
      json: row.body,
    };
  });
  // Dated by what it was made from, not the request: the same state gives the same bytes.
  const stamps = [state?.newest?.getTime() ?? 0, ...keys.map((k) => (k.retiredAt ?? k.createdAt).getTime())];
  const files = await csafProviderFiles({
    provider: {
      baseUrl,
      publisher: {
        category: "vendor",
        name: projectName,
        namespace: new URL(options.portalUrl).origin,
        contact_details: options.contact,
      },
      publicKeys: keys.map((k) => ({ fingerprint: k.fingerprint, publicKey: k.publicKey })),
    },
    documents,
    now: new Date(Math.max(...stamps)),
    // The signatures were made when each document was stored (and again at a key rotation): served as stored.
    signer: {
      fingerprint: keys[0]?.fingerprint ?? "",
      async sign(data) {
        const stored = typeof data === "string" ? signatures.get(data) : undefined;
        if (stored === undefined) throw new Error("A stored CSAF document has no signature.");
        return stored;
      },
    },
  });
  providerCache = { key, files };
  return files;
}

/** One file of the provider layout by its path under /.well-known/csaf/ (a directory: its listing). */
export async function csafProviderFile(
  db: Db,
  options: { portalUrl: string; contact: string; now: Date; path: string },
): Promise<TProviderFile | null> {
  const files = await csafProviderFileMap(db, options);
  if (files === null) return null;
  const path = options.path.replace(/^\/+/, "");
  const file = files.get(path);
  if (file) return file;
  // Requirement 14: directory listings. Only the layout's own folders, as plain links.
  const folder = path === "" || path.endsWith("/") ? path : `${path}/`;
  const children = new Set<string>();
  for (const name of files.keys()) {
    if (!name.startsWith(folder)) continue;
    const rest = name.slice(folder.length);
    const slash = rest.indexOf("/");
    children.add(slash === -1 ? rest : rest.slice(0, slash + 1));
  }
  if (children.size === 0) return null;
  const html = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
  const title = `Index of /.well-known/csaf/${html(folder)}`;
  const items = [...children]
    .sort()
    .map((c) => `<li><a href="/.well-known/csaf/${html(folder + c)}">${html(c)}</a></li>`)
    .join("\n");
  return {
    contentType: "text/html; charset=utf-8",
    body: `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>\n<ul>\n${items}\n</ul></body></html>\n`,
  };
}
