import { createHash } from "node:crypto";
import { csafSchemaProblems, providerMetadataProblems } from "./schemas";
import { openSigningKey, type TSigner } from "./signing";
import { oneLine } from "./text";

/**
 * The CSAF 2.0 trusted-provider layout (CSAF 2.0 §7.1, roles §7.2.3/§7.2.4): provider-metadata.json, one
 * TLP:WHITE distribution served both as a directory (year folders, index.txt, changes.csv) and as a ROLIE
 * feed, a hash file per algorithm and a detached OpenPGP signature for every document.
 */

export const CSAF_SCHEMA_URL = "https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json";
export const CSAF_WHITE_FOLDER = "white";
export const CSAF_ROLIE_FEED_FILE = "csaf-feed-tlp-white.json";
const ROLIE_INFORMATION_TYPE = "urn:ietf:params:rolie:category:information-type";

export interface TCsafPublisher {
  category: "coordinator" | "discoverer" | "other" | "translator" | "user" | "vendor";
  name: string;
  namespace: string;
  contact_details?: string;
  issuing_authority?: string;
}

export interface TCsafPublicKey {
  /** v4 fingerprint, 40 hex characters. */
  fingerprint: string;
  /** Where the key is served. Default: `openpgp/<FINGERPRINT>.asc` under the base URL, written from `publicKey`. */
  url?: string;
  /** The armored public key; given, it is published under `openpgp/`. */
  publicKey?: string;
}

export interface TCsafProvider {
  /** `https://<host>/.well-known/csaf` (CSAF requirement 9): everything is written under it. */
  baseUrl: string;
  publisher: TCsafPublisher;
  /** Every key that signs or signed documents still served; two during a rotation. */
  publicKeys: readonly TCsafPublicKey[];
  role?: "csaf_publisher" | "csaf_provider" | "csaf_trusted_provider";
  listOnCsafAggregators?: boolean;
  mirrorOnCsafAggregators?: boolean;
}

export interface TCsafDocumentInput {
  trackingId: string;
  initialReleaseDate: Date | string;
  currentReleaseDate: Date | string;
  /** The CSAF document's text, served byte for byte as it is hashed and signed. */
  json: string;
}

export interface TProviderFile {
  contentType: string;
  body: string;
}

export type TProviderFiles = Map<string, TProviderFile>;

const JSON_TYPE = "application/json";
const TEXT_TYPE = "text/plain; charset=utf-8";
const CSV_TYPE = "text/csv; charset=utf-8";
const SIGNATURE_TYPE = "application/pgp-signature";
const KEY_TYPE = "application/pgp-keys";

/**
 * The file name CSAF 2.0 §5.1 gives a document: tracking ID in lower case, every run of characters outside
 * `[+\-a-z0-9]` made one `_`, then `.json`. It also makes the name safe as a path: no `/`, no `..`.
 */
export function csafFileName(trackingId: string): string {
  return `${trackingId.toLowerCase().replace(/[^+\-a-z0-9]+/g, "_")}.json`;
}

/** The provider-metadata.json URL: what security.txt's `CSAF:` line points at (CSAF requirement 8). */
export function csafProviderMetadataUrl(baseUrl: string): string {
  return `${normalizeBaseUrl(baseUrl)}/provider-metadata.json`;
}

/**
 * Every file of the provider layout, keyed by its path under `baseUrl`. Pure: `now` dates provider-metadata.json
 * (and the empty feed); a `signer` adds `<file>.asc` for each document. Refuses, naming the document and field,
 * what must not be published: a document that is not valid CSAF, not TLP:WHITE, whose tracking data disagrees
 * with its JSON, or whose file name another document already takes.
 */
export async function csafProviderFiles(options: {
  provider: TCsafProvider;
  documents: readonly TCsafDocumentInput[];
  now: Date;
  signer?: { lockedPrivateKey: string; secret: string } | TSigner;
}): Promise<TProviderFiles> {
  const { provider, now } = options;
  if (Number.isNaN(now.getTime())) throw new Error("now: not a valid date.");
  const base = normalizeBaseUrl(provider.baseUrl);
  const whiteUrl = `${base}/${CSAF_WHITE_FOLDER}`;
  const feedUrl = `${whiteUrl}/${CSAF_ROLIE_FEED_FILE}`;
  const signer =
    options.signer === undefined
      ? undefined
      : "sign" in options.signer
        ? options.signer
        : await openSigningKey(options.signer);

  const documents = options.documents.map((input, i) => readDocument(input, i));
  const byPath = new Map<string, number>();
  documents.forEach((doc, i) => {
    const other = byPath.get(doc.path);
    if (other !== undefined) {
      throw new Error(
        `documents[${i}].trackingId: "${oneLine(doc.trackingId)}" gets the file name ${doc.path}, as documents[${other}] does.`,
      );
    }
    byPath.set(doc.path, i);
  });
  // Newest current release first, then path: changes.csv's order (requirement 13), and the feed's.
  documents.sort((a, b) => b.current.getTime() - a.current.getTime() || compare(a.path, b.path));

  const files: TProviderFiles = new Map();
  const keys = provider.publicKeys.map((key, i) => publicKeyEntry(key, i, base));
  files.set("provider-metadata.json", {
    contentType: JSON_TYPE,
    body: json(providerMetadata(provider, base, whiteUrl, feedUrl, keys, now)),
  });
  for (const key of keys) {
    if (key.file) files.set(key.file.path, { contentType: KEY_TYPE, body: key.file.body });
  }

  for (const doc of documents) {
    const path = `${CSAF_WHITE_FOLDER}/${doc.path}`;
    const name = doc.path.slice(doc.path.lastIndexOf("/") + 1);
    files.set(path, { contentType: JSON_TYPE, body: doc.json });
    // sha256sum's format (two spaces, then the file name), so `sha256sum -c` checks a downloaded file.
    for (const algorithm of ["sha256", "sha512"] as const) {
      const hex = createHash(algorithm).update(doc.json, "utf8").digest("hex");
      files.set(`${path}.${algorithm}`, { contentType: TEXT_TYPE, body: `${hex}  ${name}\n` });
    }
    if (signer)
      files.set(`${path}.asc`, { contentType: SIGNATURE_TYPE, body: await signer.sign(doc.json, now) });
  }

  // Requirement 12: paths relative to the distribution folder. Newest first too: a reader sees news at the top.
  files.set(`${CSAF_WHITE_FOLDER}/index.txt`, {
    contentType: TEXT_TYPE,
    body: documents.map((doc) => `${doc.path}\n`).join(""),
  });
  files.set(`${CSAF_WHITE_FOLDER}/changes.csv`, {
    contentType: CSV_TYPE,
    body: documents.map((doc) => `"${doc.path}","${isoDate(doc.current)}"\n`).join(""),
  });
  files.set(`${CSAF_WHITE_FOLDER}/${CSAF_ROLIE_FEED_FILE}`, {
    contentType: JSON_TYPE,
    body: json(rolieFeed(provider, documents, whiteUrl, feedUrl, Boolean(signer), now)),
  });
  return files;
}

interface TReadDocument {
  trackingId: string;
  /** `<year>/<file name>`, relative to the distribution folder. */
  path: string;
  initial: Date;
  current: Date;
  title: string;
  summary: string | null;
  json: string;
}

function readDocument(input: TCsafDocumentInput, i: number): TReadDocument {
  const at = `documents[${i}]`;
  if (typeof input.trackingId !== "string" || input.trackingId.trim() === "") {
    throw new Error(`${at}.trackingId: empty.`);
  }
  const initial = toDate(input.initialReleaseDate, `${at}.initialReleaseDate`);
  const current = toDate(input.currentReleaseDate, `${at}.currentReleaseDate`);
  if (current.getTime() < initial.getTime()) {
    throw new Error(`${at}.currentReleaseDate: before the initial release date.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(input.json);
  } catch {
    throw new Error(`${at}.json: not JSON.`);
  }
  const problems = csafSchemaProblems(parsed);
  if (problems.length > 0) {
    throw new Error(`${at}.json is not a valid CSAF 2.0 document: ${problems.slice(0, 5).join("; ")}`);
  }
  const document = (parsed as { document: TCsafDocumentPart }).document;
  // Requirement 4 and 5: only TLP:WHITE is free to publish; anything else here would be a leak.
  const label = document.distribution?.tlp?.label;
  if (label !== "WHITE") {
    throw new Error(
      `${at}.json document.distribution.tlp.label: ${label ? `"${label}"` : "missing"}; only TLP:WHITE documents are published.`,
    );
  }
  const tracking = document.tracking;
  if (tracking.id !== input.trackingId) {
    throw new Error(`${at}.trackingId: "${oneLine(input.trackingId)}" is not the document's tracking.id.`);
  }
  if (new Date(tracking.initial_release_date).getTime() !== initial.getTime()) {
    throw new Error(`${at}.initialReleaseDate: not the document's tracking.initial_release_date.`);
  }
  if (new Date(tracking.current_release_date).getTime() !== current.getTime()) {
    throw new Error(`${at}.currentReleaseDate: not the document's tracking.current_release_date.`);
  }
  const summary = document.notes?.find((note) => note.category === "summary")?.text;
  return {
    trackingId: input.trackingId,
    // Requirement 11: the folder is the year of the initial release (in UTC, as the timestamps are).
    path: `${initial.getUTCFullYear()}/${csafFileName(input.trackingId)}`,
    initial,
    current,
    title: oneLine(document.title) || oneLine(input.trackingId),
    summary: summary && oneLine(summary) !== "" ? oneLine(summary) : null,
    json: input.json,
  };
}

interface TCsafDocumentPart {
  title: string;
  distribution?: { tlp?: { label?: string } };
  notes?: { category: string; text: string }[];
  tracking: { id: string; initial_release_date: string; current_release_date: string };
}

interface TKeyEntry {
  fingerprint: string;
  url: string;
  file: { path: string; body: string } | null;
}

function publicKeyEntry(key: TCsafPublicKey, i: number, base: string): TKeyEntry {
  const fingerprint = key.fingerprint.replace(/\s+/g, "").toUpperCase();
  if (!/^[0-9A-F]{40,}$/.test(fingerprint)) {
    throw new Error(`provider.publicKeys[${i}].fingerprint: not an OpenPGP fingerprint (40 hex characters).`);
  }
  const file = key.publicKey ? { path: `openpgp/${fingerprint}.asc`, body: key.publicKey } : null;
  const url = key.url ?? (file ? `${base}/${file.path}` : undefined);
  if (url === undefined || !isHttpsUrl(url)) {
    throw new Error(`provider.publicKeys[${i}].url: give the https URL of the key, or the key itself.`);
  }
  return { fingerprint, url, file };
}

function providerMetadata(
  provider: TCsafProvider,
  base: string,
  whiteUrl: string,
  feedUrl: string,
  keys: readonly TKeyEntry[],
  now: Date,
): Record<string, unknown> {
  const metadata = {
    canonical_url: csafProviderMetadataUrl(base),
    distributions: [
      {
        directory_url: `${whiteUrl}/`,
        rolie: {
          feeds: [
            {
              summary: `All TLP:WHITE advisories of ${oneLine(provider.publisher.name)}.`,
              tlp_label: "WHITE",
              url: feedUrl,
            },
          ],
        },
      },
    ],
    last_updated: isoDate(now),
    list_on_CSAF_aggregators: provider.listOnCsafAggregators ?? true,
    metadata_version: "2.0",
    mirror_on_CSAF_aggregators: provider.mirrorOnCsafAggregators ?? true,
    public_openpgp_keys: keys.map(({ fingerprint, url }) => ({ fingerprint, url })),
    publisher: provider.publisher,
    role: provider.role ?? "csaf_trusted_provider",
  };
  // A trusted provider signs (requirements 19, 20): without a key to check against, the signatures say nothing.
  if (metadata.role === "csaf_trusted_provider" && keys.length === 0) {
    throw new Error(
      "provider.publicKeys: a trusted provider publishes the key its documents are signed with.",
    );
  }
  const problems = providerMetadataProblems(metadata);
  if (problems.length > 0) throw new Error(`provider-metadata.json is not valid: ${problems.join("; ")}`);
  return metadata;
}

function rolieFeed(
  provider: TCsafProvider,
  documents: readonly TReadDocument[],
  whiteUrl: string,
  feedUrl: string,
  signed: boolean,
  now: Date,
): Record<string, unknown> {
  return {
    feed: {
      id: "csaf-feed-tlp-white",
      title: `${oneLine(provider.publisher.name)} CSAF feed (TLP:WHITE)`,
      link: [{ rel: "self", href: feedUrl }],
      category: [{ scheme: ROLIE_INFORMATION_TYPE, term: "csaf" }],
      updated: isoDate(documents[0]?.current ?? now),
      entry: documents.map((doc) => {
        const url = `${whiteUrl}/${doc.path}`;
        return {
          id: doc.trackingId,
          title: doc.title,
          // Requirement 15: every hash and signature file is listed with the entry.
          link: [
            { rel: "self", href: url },
            { rel: "hash", href: `${url}.sha256` },
            { rel: "hash", href: `${url}.sha512` },
            ...(signed ? [{ rel: "signature", href: `${url}.asc` }] : []),
          ],
          published: isoDate(doc.initial),
          updated: isoDate(doc.current),
          ...(doc.summary ? { summary: { content: doc.summary } } : {}),
          content: { type: "application/json", src: url },
          format: { schema: CSAF_SCHEMA_URL, version: "2.0" },
        };
      }),
    },
  };
}

function normalizeBaseUrl(value: string): string {
  const trimmed = value.replace(/\/+$/, "");
  // Requirement 3: TLS only. No query or fragment: file URLs are made by appending paths.
  if (!isHttpsUrl(trimmed) || /[?#]/.test(trimmed)) {
    throw new Error("provider.baseUrl: must be an https URL without query or fragment.");
  }
  return trimmed;
}

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}

function toDate(value: Date | string, field: string): Date {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`${field}: not a valid date.`);
  return date;
}

/** RFC 3339 in UTC, without milliseconds when there are none (as CSAF's examples write them). */
function isoDate(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, "Z");
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
