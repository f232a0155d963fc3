import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  csafFileName,
  csafProviderFiles,
  csafProviderMetadataUrl,
  type TCsafDocumentInput,
  type TCsafProvider,
} from "./csaf-provider";
import { providerMetadataProblems } from "./schemas";
import { createSigningKey, type TSigningKey } from "./signing";
import { startGnuPG, type TGnuPG } from "./test-gnupg";

const run = promisify(execFile);
const BASE = "https://security.example.org/.well-known/csaf";
// In the past: GnuPG refuses signatures dated after its own clock.
const NOW = new Date("2026-03-01T12:00:00Z");
const SECRET = "dGVzdC1zaWduaW5nLXNlY3JldC1mb3ItY3NhZi1wcm92aWRlcg==";
const FINGERPRINT = "8F5F267907B2C4559DB360DB2294BA7D2B2298B1";

const PROVIDER: TCsafProvider = {
  baseUrl: `${BASE}/`,
  publisher: {
    category: "vendor",
    name: "Example Project",
    namespace: "https://example.org",
    contact_details: "security@example.org",
  },
  publicKeys: [{ fingerprint: FINGERPRINT, url: `https://keys.example.org/${FINGERPRINT}.asc` }],
  role: "csaf_trusted_provider",
};

/** A minimal valid CSAF 2.0 document (csaf_base) with the tracking data given. */
function csafDocument(options: {
  id: string;
  initial: string;
  current: string;
  title?: string;
  tlp?: string | null;
  summary?: string;
}): TCsafDocumentInput {
  const document = {
    document: {
      category: "csaf_base",
      csaf_version: "2.0",
      ...(options.tlp === null ? {} : { distribution: { tlp: { label: options.tlp ?? "WHITE" } } }),
      ...(options.summary ? { notes: [{ category: "summary", text: options.summary }] } : {}),
      publisher: PROVIDER.publisher,
      title: options.title ?? `Advisory ${options.id}`,
      tracking: {
        current_release_date: options.current,
        id: options.id,
        initial_release_date: options.initial,
        revision_history: [{ date: options.initial, number: "1", summary: "Initial release." }],
        status: "final",
        version: "1",
      },
    },
  };
  return {
    trackingId: options.id,
    initialReleaseDate: options.initial,
    currentReleaseDate: options.current,
    json: `${JSON.stringify(document, null, 2)}\n`,
  };
}

const DOCUMENTS: TCsafDocumentInput[] = [
  csafDocument({ id: "EXAMPLE-2025-0007", initial: "2025-11-02T09:00:00Z", current: "2026-02-01T10:00:00Z" }),
  // Released late on New Year's Eve in UTC−2: the year folder is the UTC year, 2026.
  csafDocument({
    id: "Example Project - 2026:YH#01",
    initial: "2025-12-31T23:30:00-02:00",
    current: "2026-01-05T08:00:00Z",
    title: "Heap overflow\nin the parser",
    summary: "A crafted file\ncrashes the parser.",
  }),
  csafDocument({
    id: "../../../etc/passwd",
    initial: "2026-01-10T00:00:00Z",
    current: "2026-02-20T00:00:00Z",
  }),
];

describe("csafFileName", () => {
  it("follows CSAF 2.0 §5.1 (the spec's own examples)", () => {
    expect(csafFileName("cisco-sa-20190513-secureboot")).toBe("cisco-sa-20190513-secureboot.json");
    expect(csafFileName("Example Company - 2019-YH3234")).toBe("example_company_-_2019-yh3234.json");
    expect(csafFileName("RHBA-2019:0024")).toBe("rhba-2019_0024.json");
    expect(csafFileName("2022_#01-A")).toBe("2022_01-a.json");
  });

  it("makes any tracking ID a plain file name", () => {
    expect(csafFileName("../../../etc/passwd")).toBe("_etc_passwd.json");
    expect(csafFileName("a\nb\u0000c")).toBe("a_b_c.json");
    expect(csafFileName("ÄBC+1")).toBe("_bc+1.json");
    expect(csafFileName("..")).toBe("_.json");
  });
});

describe("csafProviderFiles", () => {
  let gnupg: TGnuPG;
  let key: TSigningKey;
  let files: Awaited<ReturnType<typeof csafProviderFiles>>;
  let dir: string;

  beforeAll(async () => {
    gnupg = await startGnuPG();
    key = await createSigningKey({
      name: "Example Project CSAF",
      secret: SECRET,
      now: new Date("2026-01-01T00:00:00Z"),
    });
    await gnupg.importKey(key.publicKey);
    files = await csafProviderFiles({
      provider: { ...PROVIDER, publicKeys: [{ fingerprint: key.fingerprint, publicKey: key.publicKey }] },
      documents: DOCUMENTS,
      now: NOW,
      signer: { lockedPrivateKey: key.lockedPrivateKey, secret: SECRET },
    });
    dir = await mkdtemp(join(tmpdir(), "disclose-csaf-"));
    for (const [path, file] of files) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), file.body);
    }
  });
  afterAll(async () => {
    await gnupg.close();
    await rm(dir, { recursive: true, force: true });
  });

  const documentPaths = [
    "white/2026/_etc_passwd.json",
    "white/2025/example-2025-0007.json",
    "white/2026/example_project_-_2026_yh_01.json",
  ];

  it("writes the trusted-provider layout, with spec file names and safe paths", () => {
    expect([...files.keys()].sort()).toEqual(
      [
        "provider-metadata.json",
        `openpgp/${key.fingerprint}.asc`,
        "white/index.txt",
        "white/changes.csv",
        "white/csaf-feed-tlp-white.json",
        ...documentPaths.flatMap((p) => [p, `${p}.sha256`, `${p}.sha512`, `${p}.asc`]),
      ].sort(),
    );
    for (const path of files.keys()) {
      for (const segment of path.split("/")) expect(segment).toMatch(/^[A-Za-z0-9+_-]+(\.[a-z0-9]+)*$/);
    }
    expect(files.get("white/2025/example-2025-0007.json")?.contentType).toBe("application/json");
    expect(files.get("white/changes.csv")?.contentType).toBe("text/csv; charset=utf-8");
    expect(files.get(`${documentPaths[0]}.asc`)?.contentType).toBe("application/pgp-signature");
  });

  it("serves each document byte for byte", () => {
    expect(files.get("white/2025/example-2025-0007.json")?.body).toBe(DOCUMENTS[0]?.json);
  });

  it("writes a provider-metadata.json valid under the official schema", () => {
    const metadata = JSON.parse(files.get("provider-metadata.json")?.body ?? "");
    expect(providerMetadataProblems(metadata)).toEqual([]);
    expect(metadata).toEqual({
      canonical_url: `${BASE}/provider-metadata.json`,
      distributions: [
        {
          directory_url: `${BASE}/white/`,
          rolie: {
            feeds: [
              {
                summary: "All TLP:WHITE advisories of Example Project.",
                tlp_label: "WHITE",
                url: `${BASE}/white/csaf-feed-tlp-white.json`,
              },
            ],
          },
        },
      ],
      last_updated: "2026-03-01T12:00:00Z",
      list_on_CSAF_aggregators: true,
      metadata_version: "2.0",
      mirror_on_CSAF_aggregators: true,
      public_openpgp_keys: [{ fingerprint: key.fingerprint, url: `${BASE}/openpgp/${key.fingerprint}.asc` }],
      publisher: PROVIDER.publisher,
      role: "csaf_trusted_provider",
    });
    expect(files.get(`openpgp/${key.fingerprint}.asc`)?.body).toBe(key.publicKey);
    expect(csafProviderMetadataUrl(`${BASE}//`)).toBe(metadata.canonical_url);
  });

  it("checks provider metadata for real: the schema refuses a broken one, naming the field", () => {
    const metadata = JSON.parse(files.get("provider-metadata.json")?.body ?? "");
    expect(providerMetadataProblems({ ...metadata, role: "csaf_superhero" })).toEqual([
      "role: must be equal to one of the allowed values",
    ]);
    expect(providerMetadataProblems({ ...metadata, publisher: { name: "x" } }).join("\n")).toMatch(
      /publisher: must have required property 'category'/,
    );
  });

  it("lists documents in index.txt and changes.csv, newest current release first", () => {
    expect(files.get("white/index.txt")?.body).toBe(
      "2026/_etc_passwd.json\n2025/example-2025-0007.json\n2026/example_project_-_2026_yh_01.json\n",
    );
    expect(files.get("white/changes.csv")?.body).toBe(
      [
        '"2026/_etc_passwd.json","2026-02-20T00:00:00Z"',
        '"2025/example-2025-0007.json","2026-02-01T10:00:00Z"',
        '"2026/example_project_-_2026_yh_01.json","2026-01-05T08:00:00Z"',
        "",
      ].join("\n"),
    );
  });

  it("writes a ROLIE feed in CSAF's shape, listing hashes and signatures", () => {
    const feed = JSON.parse(files.get("white/csaf-feed-tlp-white.json")?.body ?? "");
    // The shape CSAF 2.0 section 7.1.15 gives a ROLIE feed: the required members of the feed and of each entry.
    expect(Object.keys(feed.feed).sort()).toEqual(["category", "entry", "id", "link", "title", "updated"]);
    expect(feed.feed.id).toMatch(/^[a-zA-Z0-9+\-_.]+$/);
    expect(feed.feed.category).toContainEqual({
      scheme: "urn:ietf:params:rolie:category:information-type",
      term: "csaf",
    });
    for (const entry of feed.feed.entry) {
      for (const key of ["id", "title", "link", "published", "updated", "content", "format"]) {
        expect(entry, key).toHaveProperty(key);
      }
      expect(entry.content.type).toBe("application/json");
      expect(entry.content.src).toMatch(/^https:\/\/.+\.json$/);
      expect(entry.format).toEqual({
        schema: "https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json",
        version: "2.0",
      });
    }
    expect(feed.feed.updated).toBe("2026-02-20T00:00:00Z");
    expect(feed.feed.link).toEqual([{ rel: "self", href: `${BASE}/white/csaf-feed-tlp-white.json` }]);
    expect(feed.feed.entry.map((e: { id: string }) => e.id)).toEqual([
      "../../../etc/passwd",
      "EXAMPLE-2025-0007",
      "Example Project - 2026:YH#01",
    ]);
    const hostile = feed.feed.entry[2];
    const url = `${BASE}/white/2026/example_project_-_2026_yh_01.json`;
    expect(hostile).toEqual({
      id: "Example Project - 2026:YH#01",
      title: "Heap overflow in the parser",
      link: [
        { rel: "self", href: url },
        { rel: "hash", href: `${url}.sha256` },
        { rel: "hash", href: `${url}.sha512` },
        { rel: "signature", href: `${url}.asc` },
      ],
      published: "2026-01-01T01:30:00Z",
      updated: "2026-01-05T08:00:00Z",
      summary: { content: "A crafted file crashes the parser." },
      content: { type: "application/json", src: url },
      format: { schema: "https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json", version: "2.0" },
    });
    expect(feed.feed.link[0].rel).toBe("self");
  });

  it("writes hash files that sha256sum -c and sha512sum -c accept", async () => {
    for (const path of documentPaths) {
      const body = files.get(path)?.body ?? "";
      const name = path.split("/").at(-1);
      expect(files.get(`${path}.sha256`)?.body).toBe(
        `${createHash("sha256").update(body).digest("hex")}  ${name}\n`,
      );
      expect(files.get(`${path}.sha512`)?.body).toBe(
        `${createHash("sha512").update(body).digest("hex")}  ${name}\n`,
      );
      const cwd = dirname(join(dir, path));
      await run("sha256sum", ["--check", "--strict", `${name}.sha256`], { cwd });
      await run("sha512sum", ["--check", "--strict", `${name}.sha512`], { cwd });
    }
    await writeFile(join(dir, documentPaths[1] as string), "tampered");
    await expect(
      run("sha256sum", ["--check", "example-2025-0007.json.sha256"], { cwd: join(dir, "white/2025") }),
    ).rejects.toThrow(/did NOT match/);
  });

  it("signs every document so that gpg --verify accepts it", async () => {
    for (const path of documentPaths) {
      const status = await gnupg.verify(files.get(`${path}.asc`)?.body ?? "", files.get(path)?.body ?? "");
      expect(status).toContain(`[GNUPG:] VALIDSIG ${key.fingerprint}`);
    }
  });

  it("gives the same files for the same documents in any order", async () => {
    const provider = { ...PROVIDER };
    const a = await csafProviderFiles({ provider, documents: DOCUMENTS, now: NOW });
    const b = await csafProviderFiles({ provider, documents: [...DOCUMENTS].reverse(), now: NOW });
    expect([...b.entries()]).toEqual([...a.entries()]);
    // No signer: no signatures, and the feed lists none.
    expect([...a.keys()].some((p) => p.endsWith(".asc"))).toBe(false);
    expect(a.get("white/csaf-feed-tlp-white.json")?.body).not.toContain('"signature"');
  });

  it("dates an empty feed `now`", async () => {
    const empty = await csafProviderFiles({ provider: PROVIDER, documents: [], now: NOW });
    expect(JSON.parse(empty.get("white/csaf-feed-tlp-white.json")?.body ?? "").feed).toMatchObject({
      updated: "2026-03-01T12:00:00Z",
      entry: [],
    });
    expect(empty.get("white/index.txt")?.body).toBe("");
  });
});

describe("csafProviderFiles refuses", () => {
  const doc = csafDocument({ id: "EX-1", initial: "2026-01-01T00:00:00Z", current: "2026-01-01T00:00:00Z" });
  const refuse = (documents: TCsafDocumentInput[], provider: TCsafProvider = PROVIDER) =>
    csafProviderFiles({ provider, documents, now: NOW });

  it("a document that is not TLP:WHITE (it would leak)", async () => {
    const amber = csafDocument({
      id: "EX-2",
      initial: "2026-01-01T00:00:00Z",
      current: "2026-01-01T00:00:00Z",
      tlp: "AMBER",
    });
    await expect(refuse([doc, amber])).rejects.toThrow(
      'documents[1].json document.distribution.tlp.label: "AMBER"; only TLP:WHITE documents are published.',
    );
    const unlabeled = csafDocument({
      id: "EX-2",
      initial: "2026-01-01T00:00:00Z",
      current: "2026-01-01T00:00:00Z",
      tlp: null,
    });
    await expect(refuse([unlabeled])).rejects.toThrow(
      "documents[0].json document.distribution.tlp.label: missing",
    );
  });

  it("a tracking ID or dates that disagree with the document", async () => {
    await expect(refuse([{ ...doc, trackingId: "EX-9" }])).rejects.toThrow(
      `documents[0].trackingId: "EX-9" is not the document's tracking.id.`,
    );
    await expect(refuse([{ ...doc, currentReleaseDate: "2026-02-01T00:00:00Z" }])).rejects.toThrow(
      "documents[0].currentReleaseDate: not the document's tracking.current_release_date.",
    );
    await expect(refuse([{ ...doc, initialReleaseDate: "yesterday" }])).rejects.toThrow(
      "documents[0].initialReleaseDate: not a valid date.",
    );
  });

  it("a newline in a tracking ID, as the CSAF schema does, naming the field", async () => {
    const hostile = csafDocument({
      id: "EX-1\n../x",
      initial: "2026-01-01T00:00:00Z",
      current: "2026-01-01T00:00:00Z",
    });
    await expect(refuse([hostile])).rejects.toThrow(
      /documents\[0\]\.json is not a valid CSAF 2\.0 document: document\.tracking\.id/,
    );
  });

  it("text that is not a CSAF document", async () => {
    await expect(refuse([{ ...doc, json: "{" }])).rejects.toThrow("documents[0].json: not JSON.");
    await expect(refuse([{ ...doc, json: '{"document":{}}' }])).rejects.toThrow(
      /documents\[0\]\.json is not a valid CSAF 2\.0 document: document: must have required property/,
    );
  });

  it("two documents with the same file name", async () => {
    const a = csafDocument({ id: "EX 1", initial: "2026-01-01T00:00:00Z", current: "2026-01-01T00:00:00Z" });
    const b = csafDocument({ id: "ex_1", initial: "2026-02-01T00:00:00Z", current: "2026-02-01T00:00:00Z" });
    await expect(refuse([a, b])).rejects.toThrow(
      'documents[1].trackingId: "ex_1" gets the file name 2026/ex_1.json, as documents[0] does.',
    );
  });

  it("a provider without TLS, a bad key, or a trusted provider without a key", async () => {
    await expect(
      refuse([doc], { ...PROVIDER, baseUrl: "http://example.org/.well-known/csaf" }),
    ).rejects.toThrow("provider.baseUrl: must be an https URL");
    await expect(
      refuse([doc], { ...PROVIDER, publicKeys: [{ fingerprint: "ABCD", url: "https://k.test/a" }] }),
    ).rejects.toThrow("provider.publicKeys[0].fingerprint");
    await expect(refuse([doc], { ...PROVIDER, publicKeys: [] })).rejects.toThrow(
      "provider.publicKeys: a trusted provider publishes the key",
    );
  });

  it("signing with the wrong secret", async () => {
    const key = await createSigningKey({ name: "K", secret: SECRET, now: new Date("2026-01-01T00:00:00Z") });
    await expect(
      csafProviderFiles({
        provider: PROVIDER,
        documents: [doc],
        now: NOW,
        signer: { lockedPrivateKey: key.lockedPrivateKey, secret: `${SECRET}-wrong` },
      }),
    ).rejects.toThrow(/signing secret does not unlock the signing key/);
  });
});
