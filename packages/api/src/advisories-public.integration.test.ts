// Issue 14, the public side: advisories published through storePublishedAdvisory (as the admin's publish flow
// calls it), then what the portal serves of them: the list and page procedures, both feeds, each document and its
// signature, the CSAF trusted-provider layout (signatures checked with gpg), a withdrawal, a key rotation, and
// hostile input. Against a real database; the app role's grants are exercised too.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createDb, type Db, type DbTx } from "@disclose/db";
import { seedDemo } from "@disclose/db/ops";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { installJobQueue } from "@disclose/email";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGnuPG, type TGnuPG } from "../../advisories/src/publish/test-gnupg";
import {
  CVE_ORG_ID,
  cContent,
  goContent,
  npmContent,
  pypiContent,
} from "../../advisories/src/test-support/fixtures";
import { createContext } from "./context";
import { AppError } from "./errors";
import {
  createAdvisoryDocumentHandler,
  createAdvisoryFeedHandler,
  createCsafProviderHandler,
} from "./http/advisory-files";
import { buildSecurityTxt } from "./http/security-files";
import { createPortalCaller } from "./root";
import { submitTestReport } from "./test-support/reports";
import { errorOf } from "./test-support/trpc-errors";
import { rotateSigningKey } from "./use-cases/advisories/signing-key";
import {
  precheckAdvisoryContent,
  storePublishedAdvisory,
  type TPublishConfig,
} from "./use-cases/advisories/store-published-advisory";
import { withdrawAdvisory } from "./use-cases/advisories/withdraw-advisory";
import { listPstKeys } from "./use-cases/keys/list-pst-keys";

const run = promisify(execFile);
const PORTAL_URL = "https://portal.example.test";
const config: TPublishConfig = {
  portalUrl: PORTAL_URL,
  idPrefix: "DISCLOSE",
  contact: "mailto:security@example.test",
  secret: "test-advisory-signing-secret-0123456789abcdef",
  cveOrgId: CVE_ORG_ID,
};
const T0 = new Date("2026-11-30T12:00:00Z");
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

let t: TestDatabase;
let db: Db;
let appDb: Db;
let gpg: TGnuPG;
const cases: Record<string, string> = {};
const published: Record<string, { advisoryId: string; publicId: string }> = {};

/** A released case (a report with its case record), as the admin's publish flow has one. */
async function newCase(): Promise<string> {
  const report = await submitTestReport(db, { pstKeys: await listPstKeys({ db, now: T0 }), now: T0 });
  const id = report.reportId;
  await db.report.update({ where: { id }, data: { state: "released" } });
  await db.case.create({ data: { id, openedAt: T0 } });
  await db.report.update({ where: { id }, data: { caseId: id } });
  return id;
}

async function publish(
  database: Db,
  caseId: string,
  content: unknown,
  now: Date,
  revisionSummary = "Initial release.",
) {
  return database.$transaction(
    (tx: DbTx) =>
      storePublishedAdvisory(tx, { caseId, content, revisionSummary, actorId: null, now, config }),
    { timeout: 10_000 },
  );
}

// biome-ignore lint/suspicious/noExplicitAny: the documents' JSON is checked field by field below.
type TJson = any;
async function jsonOf(response: Response | Promise<Response>): Promise<TJson> {
  return (await response).json();
}

async function refusalOf(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function portal(now = minutes(100)) {
  return createPortalCaller(
    await createContext({ app: "portal", appUrl: PORTAL_URL, db, now, headers: new Headers() }),
  );
}

const feed = (format: "atom" | "json") =>
  createAdvisoryFeedHandler({ format, portalUrl: PORTAL_URL, db: () => db })();
const documentFile = (id: string, ...file: string[]) =>
  createAdvisoryDocumentHandler({ db: () => db })(
    new Request(`${PORTAL_URL}/advisories/${id}/${file.join("/")}`),
    {
      params: Promise.resolve({ id, file }),
    },
  );
const csafFile = (path: string, now = minutes(100)) =>
  createCsafProviderHandler({ portalUrl: PORTAL_URL, contact: config.contact, db: () => db, now: () => now })(
    new Request(`${PORTAL_URL}/.well-known/csaf/${path}`),
    { params: Promise.resolve({ path: path === "" ? undefined : path.split("/") }) },
  );

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  appDb = createDb(t.appUrl);
  await installJobQueue(t.url);
  await seedDemo(db);
  await db.settings.upsert({
    where: { id: 1 },
    update: { projectName: "Example Project" },
    create: { id: 1, projectName: "Example Project" },
  });
  gpg = await startGnuPG();
  // Loads the catalogue and compiles the schemas once, outside any transaction, as the publish flow does.
  await precheckAdvisoryContent(npmContent, { now: T0, config });
  for (const name of ["npm", "go", "pypi", "c", "bad"]) cases[name] = await newCase();
  // Published as the app role, as in production: its grants must be enough.
  published.npm = await publish(appDb, cases.npm!, npmContent, minutes(1));
  published.go = await publish(db, cases.go!, goContent, minutes(2));
  published.pypi = await publish(db, cases.pypi!, pypiContent, minutes(3));
  published.c = await publish(db, cases.c!, cContent, minutes(4));
}, 120_000);
afterAll(async () => {
  await gpg?.close();
  await appDb?.$disconnect();
  await t?.drop();
});

describe("storePublishedAdvisory", () => {
  it("numbers advisories per year and writes the list row, the revision and signed documents", async () => {
    expect(Object.values(published).map((p) => p.publicId)).toEqual([
      "DISCLOSE-2026-0001",
      "DISCLOSE-2026-0002",
      "DISCLOSE-2026-0003",
      "DISCLOSE-2026-0004",
    ]);
    const pypi = await db.advisory.findUniqueOrThrow({ where: { id: published.pypi!.advisoryId } });
    expect(pypi).toMatchObject({
      caseId: cases.pypi,
      title: pypiContent.title,
      revision: 1,
      cveIds: ["CVE-2026-10003", "CVE-2026-10004"],
      packages: ["example-parser (PyPI)", "example-parser-cli (PyPI)"],
      withdrawnAt: null,
    });
    // The highest of a 3.1 (7.5) and a 4.0 score.
    expect(pypi.cvssScore).toBeGreaterThanOrEqual(7.5);
    expect(pypi.severity).toMatch(/^(High|Critical)$/);
    const docs = await db.advisoryDocument.findMany({
      where: { advisoryId: published.pypi!.advisoryId },
      orderBy: [{ format: "asc" }, { name: "asc" }],
    });
    expect(docs.map((d) => `${d.format}/${d.name}`)).toEqual([
      "csaf/disclose-2026-0003.json",
      "cve/cve-2026-10003.json",
      "cve/cve-2026-10004.json",
      "osv/x-disclose-2026-0003-1.json",
      "osv/x-disclose-2026-0003-2.json",
    ]);
    for (const d of docs) {
      expect(d.signature).toMatch(/^-----BEGIN PGP SIGNATURE-----/);
      expect(d.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(d.sha512).toMatch(/^[0-9a-f]{128}$/);
    }
    const osv = JSON.parse(docs[3]!.body);
    expect(osv.id).toBe("x_DISCLOSE-2026-0003-1");
    const events = await db.auditEvent.findMany({ where: { subjectId: published.pypi!.advisoryId } });
    expect(events.map((e) => e.action)).toEqual(["advisory.published"]);
    // The C project's product has a GIT range: an OSV record; its CVE-less vulnerability has no CVE record.
    const c = await db.advisoryDocument.findMany({ where: { advisoryId: published.c!.advisoryId } });
    expect(c.map((d) => d.format).sort()).toEqual(["csaf", "cve", "osv"]);
  });

  it("publishes a new revision of the same case under the same id, keeping the history", async () => {
    const revised = await publish(
      db,
      cases.npm!,
      { ...npmContent, summary: `${npmContent.summary} Also affects 3.0.0.` },
      minutes(10),
      "Clarified the affected versions.",
    );
    expect(revised).toEqual({ ...published.npm, revision: 2 });
    const csaf = await documentFile("DISCLOSE-2026-0001", "csaf.json");
    const tracking = (await jsonOf(csaf)).document.tracking;
    expect(tracking.revision_history.map((r: { summary: string }) => r.summary)).toEqual([
      "Initial release.",
      "Clarified the affected versions.",
    ]);
    expect(tracking.initial_release_date).toBe(minutes(1).toISOString());
    expect(tracking.current_release_date).toBe(minutes(10).toISOString());
    expect(await db.advisoryDocument.count({ where: { advisoryId: published.npm!.advisoryId } })).toBe(6);
  });

  it("refuses content an export would be invalid for, naming the field, and writes nothing", async () => {
    const before = {
      advisories: await db.advisory.count(),
      counter: await db.advisoryIdCounter.findUnique({ where: { year: 2026 } }),
      events: await db.auditEvent.count(),
    };
    const badRange = {
      ...npmContent,
      affected: [
        {
          kind: "package",
          ecosystem: "npm",
          name: "example-template",
          ranges: [{ type: "SEMVER", events: [{ introduced: "v1.0" }, { fixed: "2.4.1" }] }],
        },
      ],
    };
    const refused = await refusalOf(publish(db, cases.bad!, badRange, minutes(20)));
    expect(refused.code).toBe("BAD_INPUT");
    expect(refused.details.field).toBe("content.affected[0].ranges[0].events[0].introduced");
    expect(refused.message).toContain("v1.0");

    const noDescription = await refusalOf(
      publish(db, cases.bad!, { ...npmContent, description: undefined }, minutes(20)),
    );
    expect(noDescription.details.field).toBe("content.description");
    const unknownCwe = await refusalOf(
      publish(
        db,
        cases.bad!,
        { ...npmContent, vulnerabilities: [{ ...npmContent.vulnerabilities[0], cweId: "CWE-999999" }] },
        minutes(20),
      ),
    );
    expect(unknownCwe.details.field).toBe("content.vulnerabilities[0].cweId");
    const namelessCredit = await refusalOf(
      publish(db, cases.bad!, { ...npmContent, credits: [{ name: " ", type: "finder" }] }, minutes(20)),
    );
    expect(namelessCredit.details.field).toBe("content.credits[0].name");
    const longSummary = await refusalOf(publish(db, cases.bad!, npmContent, minutes(20), "x".repeat(301)));
    expect(longSummary.details.field).toBe("revisionSummary");
    for (const hostile of [null, "{}", [], { title: "<script>" }]) {
      expect((await refusalOf(publish(db, cases.bad!, hostile, minutes(20)))).code).toBe("BAD_INPUT");
    }

    expect(await db.advisory.count()).toBe(before.advisories);
    expect(await db.advisoryIdCounter.findUnique({ where: { year: 2026 } })).toEqual(before.counter);
    expect(await db.auditEvent.count()).toBe(before.events);
  });
});

describe("portal advisories.list and advisories.get", () => {
  it("lists published advisories newest first, with the list columns only", async () => {
    const list = await (await portal()).advisories.list({});
    expect(list.total).toBe(4);
    expect(list.pageCount).toBe(1);
    expect(list.items.map((i) => i.publicId)).toEqual([
      "DISCLOSE-2026-0004",
      "DISCLOSE-2026-0003",
      "DISCLOSE-2026-0002",
      "DISCLOSE-2026-0001",
    ]);
    expect(list.items[3]).toMatchObject({
      title: npmContent.title,
      severity: "Medium",
      cvssScore: 6.1,
      cveIds: ["CVE-2026-10001"],
      packages: ["example-template (npm)"],
      withdrawnAt: null,
    });
    expect(Object.keys(list.items[0]!)).not.toContain("content");
  });

  it("searches literally (CVE, package, text; pattern and SQL characters mean themselves) and filters severity", async () => {
    const api = await portal();
    const ids = async (input: Parameters<typeof api.advisories.list>[0]) =>
      (await api.advisories.list(input)).items.map((i) => i.publicId);
    expect(await ids({ q: "cve-2026-10002" })).toEqual(["DISCLOSE-2026-0002"]);
    expect(await ids({ q: "  Example-Parser-CLI " })).toEqual(["DISCLOSE-2026-0003"]);
    expect(await ids({ q: "disclose-2026-0004" })).toEqual(["DISCLOSE-2026-0004"]);
    // "%2e%2e" is in the Go advisory's description, "ex_decode_chunk" in the C one's: % and _ are literal.
    expect(await ids({ q: "%" })).toEqual(["DISCLOSE-2026-0002"]);
    expect(await ids({ q: "_" })).toEqual(["DISCLOSE-2026-0004"]);
    for (const q of [".*", "\\", "' OR 1=1 --", "'; DROP TABLE advisories; --", "[a-z]+", "%%", "$1"]) {
      expect(await ids({ q })).toEqual([]);
    }
    expect(await db.advisory.count()).toBe(4);
    expect(await ids({ severity: "Medium" })).toEqual(["DISCLOSE-2026-0001"]);
    expect(await ids({ severity: "Low" })).toEqual([]);
    expect(await ids({ q: "xss", severity: "Critical" })).toEqual([]);
    const far = await api.advisories.list({ page: 9 });
    expect(far).toMatchObject({ items: [], total: 4, pageCount: 1, page: 9 });
    expect((await errorOf(api.advisories.list({ q: "x".repeat(201) }))).code).toBe("BAD_REQUEST");
    expect((await errorOf(api.advisories.list({ severity: "Severe" as unknown as "Low" }))).code).toBe(
      "BAD_REQUEST",
    );
    expect((await errorOf(api.advisories.list({ page: 0 }))).code).toBe("BAD_REQUEST");
  });

  it("gets one advisory with rendered Markdown, scores, affected versions, history and downloads", async () => {
    const go = await (await portal()).advisories.get({ publicId: "DISCLOSE-2026-0002" });
    expect(go).toMatchObject({
      publicId: "DISCLOSE-2026-0002",
      title: goContent.title,
      cveIds: ["CVE-2026-10002"],
      revision: 1,
      withdrawn: null,
      revisions: [{ number: 1, summary: "Initial release.", publishedAt: minutes(2) }],
    });
    expect(go.descriptionHtml).toContain("<code>StaticHandler</code>");
    expect(go.vulnerabilities).toEqual([
      {
        title: null,
        cveId: "CVE-2026-10002",
        cweId: "CWE-22",
        cweName: expect.stringContaining("Path"),
        cvss: expect.objectContaining({ version: "4.0", vector: goContent.vulnerabilities[0]!.cvssVector }),
        csafCvssInNote: true,
      },
    ]);
    expect(go.affected[0]).toMatchObject({
      label: "Go package github.com/example/gateway",
      ranges: [{ type: "SEMVER", repo: null, intervals: [">= 1.2.0, < 1.5.3"] }],
      patchedVersions: ["1.5.3"],
    });
    expect(go.documents).toEqual({
      csaf: expect.objectContaining({ path: "/advisories/DISCLOSE-2026-0002/csaf.json" }),
      osv: [
        expect.objectContaining({
          path: "/advisories/DISCLOSE-2026-0002/osv/x-disclose-2026-0002.json",
          label: "OSV: Go package github.com/example/gateway",
        }),
      ],
      cve: [expect.objectContaining({ path: "/advisories/DISCLOSE-2026-0002/cve/cve-2026-10002.json" })],
    });
    const npm = await (await portal()).advisories.get({ publicId: "DISCLOSE-2026-0001" });
    expect(npm.revisions.map((r) => r.number)).toEqual([1, 2]);
    expect(npm.vulnerabilities[0]!.csafCvssInNote).toBe(false);
    expect(npm.upgradeHtml).toContain("<code>npm install");
  });

  it("answers an unknown or malformed id with NOT_FOUND", async () => {
    const api = await portal();
    for (const publicId of [
      "DISCLOSE-2026-9999",
      "disclose-2026-0001",
      "../etc/passwd",
      "",
      "x".repeat(64),
    ]) {
      expect((await errorOf(api.advisories.get({ publicId }))).code).toBe("NOT_FOUND");
    }
    expect((await errorOf(api.advisories.get({ publicId: "x".repeat(65) }))).code).toBe("BAD_REQUEST");
  });
});

describe("feeds and documents", () => {
  it("serves Atom and JSON Feed of the advisories, newest modified first", async () => {
    const atom = await feed("atom");
    expect(atom.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    expect(atom.headers.get("cache-control")).toBe("public, max-age=300");
    const xml = await atom.text();
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(xml).toContain(`${PORTAL_URL}/advisories/DISCLOSE-2026-0003`);
    expect(xml.indexOf("DISCLOSE-2026-0001")).toBeLessThan(xml.indexOf("DISCLOSE-2026-0004"));
    const json = await jsonOf(feed("json"));
    expect(json.version).toBe("https://jsonfeed.org/version/1.1");
    expect(json.title).toBe("Example Project security advisories");
    expect(json.items.map((i: { id: string }) => i.id)).toEqual([
      `${PORTAL_URL}/advisories/DISCLOSE-2026-0001`,
      `${PORTAL_URL}/advisories/DISCLOSE-2026-0004`,
      `${PORTAL_URL}/advisories/DISCLOSE-2026-0003`,
      `${PORTAL_URL}/advisories/DISCLOSE-2026-0002`,
    ]);
    // Cached per newest modification: the same bytes again.
    expect(await (await feed("atom")).text()).toBe(xml);
  });

  it("serves each document and its signature, which gpg verifies; anything else is a 404", async () => {
    const keyFile = await csafFile("provider-metadata.json");
    const fingerprint = (await jsonOf(keyFile)).public_openpgp_keys[0].fingerprint;
    await gpg.importKey(await (await csafFile(`openpgp/${fingerprint}.asc`)).text());
    for (const file of [
      ["csaf.json"],
      ["osv", "x-disclose-2026-0003-2.json"],
      ["cve", "cve-2026-10004.json"],
    ]) {
      const doc = await documentFile("DISCLOSE-2026-0003", ...file);
      expect(doc.status).toBe(200);
      expect(doc.headers.get("content-type")).toBe("application/json");
      const body = await doc.text();
      const asc = await documentFile("DISCLOSE-2026-0003", ...file.slice(0, -1), `${file.at(-1)}.asc`);
      expect(asc.headers.get("content-type")).toBe("application/pgp-signature");
      expect(await gpg.verify(await asc.text(), body)).toContain("[GNUPG:] GOODSIG");
    }
    for (const file of [
      ["osv", "cve-2026-10004.json"],
      ["cve", "../csaf.json"],
      ["csaf.json", "x"],
      ["osv.json"],
      ["osv", "X-DISCLOSE-2026-0003-2.json"],
      ["osv", "x-disclose-2026-0001.json"],
      ["osv", "%E0%A4%A"],
      ["cve", "cve-2026-10004.json%00"],
    ]) {
      expect((await documentFile("DISCLOSE-2026-0003", ...file)).status).toBe(404);
    }
    expect((await documentFile("DISCLOSE-2026-9999", "csaf.json")).status).toBe(404);
    expect((await documentFile("'; SELECT 1; --", "csaf.json")).status).toBe(404);
  });
});

describe("the CSAF trusted-provider layout", () => {
  it("serves provider-metadata.json, the folder, ROLIE feed, hashes and signatures that gpg verifies", async () => {
    const metadata = await jsonOf(csafFile("provider-metadata.json"));
    expect(metadata).toMatchObject({
      canonical_url: `${PORTAL_URL}/.well-known/csaf/provider-metadata.json`,
      role: "csaf_trusted_provider",
      publisher: { name: "Example Project", namespace: PORTAL_URL, category: "vendor" },
    });
    const index = await (await csafFile("white/index.txt")).text();
    expect(index.trim().split("\n").sort()).toEqual([
      "2026/disclose-2026-0001.json",
      "2026/disclose-2026-0002.json",
      "2026/disclose-2026-0003.json",
      "2026/disclose-2026-0004.json",
    ]);
    expect(await (await csafFile("white/changes.csv")).text()).toMatch(/^"2026\/disclose-2026-0001.json","/);
    const rolie = await jsonOf(csafFile("white/csaf-feed-tlp-white.json"));
    expect(rolie.feed.entry).toHaveLength(4);
    const doc = await csafFile("white/2026/disclose-2026-0002.json");
    expect(doc.headers.get("content-type")).toBe("application/json");
    const body = await doc.text();
    expect(body).toBe(await (await documentFile("DISCLOSE-2026-0002", "csaf.json")).text());
    const sig = await (await csafFile("white/2026/disclose-2026-0002.json.asc")).text();
    expect(await gpg.verify(sig, body)).toContain("[GNUPG:] VALIDSIG");
    expect(await (await csafFile("white/2026/disclose-2026-0002.json.sha256")).text()).toMatch(
      /^[0-9a-f]{64} {2}disclose-2026-0002\.json\n$/,
    );
    const listing = await csafFile("white");
    expect(listing.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await listing.text()).toContain('href="/.well-known/csaf/white/2026/"');
    for (const path of [
      "white/../provider-metadata.json",
      "nope.json",
      "white/2026/unknown.json",
      "white/%E0%A4%A",
      "white/2026%2Fdisclose-2026-0002.json",
    ]) {
      expect((await csafFile(path)).status).toBe(404);
    }
  });
});

describe("security.txt", () => {
  it("points at the CSAF provider metadata (CSAF requirement 8)", () => {
    const text = buildSecurityTxt({ portalUrl: `${PORTAL_URL}/`, now: T0 });
    expect(text).toMatch(
      /^CSAF: https:\/\/portal\.example\.test\/\.well-known\/csaf\/provider-metadata\.json$/m,
    );
  });
});

describe("precheckAdvisoryContent", () => {
  it("refuses bad content before any transaction, with the same field, and passes good content", async () => {
    await expect(precheckAdvisoryContent(goContent, { now: T0, config })).resolves.toBeUndefined();
    const refused = await refusalOf(
      precheckAdvisoryContent(
        { ...goContent, references: [{ url: "javascript:alert(1)" }] },
        { now: T0, config },
      ),
    );
    expect(refused.details.field).toBe("content.references[0].url");
  });
});

describe("withdrawAdvisory", () => {
  it("makes a withdrawn revision (OSV withdrawn, CSAF note), shown as such everywhere; history kept", async () => {
    const result = await db.$transaction((tx: DbTx) =>
      withdrawAdvisory(tx, {
        advisoryId: published.pypi!.advisoryId,
        reason: "Duplicate of DISCLOSE-2026-0009.",
        actorId: null,
        now: minutes(30),
        config,
      }),
    );
    expect(result).toEqual({ ...published.pypi, revision: 2 });
    const osv = await jsonOf(documentFile("DISCLOSE-2026-0003", "osv", "x-disclose-2026-0003-1.json"));
    expect(osv.withdrawn).toBe(minutes(30).toISOString());
    const csaf = await jsonOf(documentFile("DISCLOSE-2026-0003", "csaf.json"));
    expect(JSON.stringify(csaf.document.notes)).toContain("Duplicate of DISCLOSE-2026-0009.");
    const page = await (await portal()).advisories.get({ publicId: "DISCLOSE-2026-0003" });
    expect(page.withdrawn).toEqual({ at: minutes(30), reason: "Duplicate of DISCLOSE-2026-0009." });
    expect(page.revisions.map((r) => r.summary)).toEqual([
      "Initial release.",
      "Withdrawn: Duplicate of DISCLOSE-2026-0009.",
    ]);
    const listed = (await (await portal()).advisories.list({ q: "DISCLOSE-2026-0003" })).items[0];
    expect(listed?.withdrawnAt).toEqual(minutes(30));
    expect(await (await feed("atom")).text()).toContain("Withdrawn: DISCLOSE-2026-0003");
    // The first revision's documents are still stored.
    expect(
      await db.advisoryDocument.count({ where: { advisoryId: published.pypi!.advisoryId, revision: 1 } }),
    ).toBe(5);
    const events = await db.auditEvent.findMany({ where: { subjectId: published.pypi!.advisoryId } });
    expect(events.map((e) => e.action)).toEqual(["advisory.published", "advisory.withdrawn"]);

    const again = await refusalOf(
      db.$transaction((tx: DbTx) =>
        withdrawAdvisory(tx, {
          advisoryId: published.pypi!.advisoryId,
          reason: "x",
          actorId: null,
          now: minutes(31),
          config,
        }),
      ),
    );
    expect(again.code).toBe("CONFLICT");
    expect((await refusalOf(publish(db, cases.pypi!, pypiContent, minutes(32)))).code).toBe("CONFLICT");
    for (const [advisoryId, reason, code] of [
      [randomUUID(), "Gone.", "NOT_FOUND"],
      ["not-a-uuid", "Gone.", "NOT_FOUND"],
      [published.go!.advisoryId, "   ", "BAD_INPUT"],
      [published.go!.advisoryId, "x".repeat(301), "BAD_INPUT"],
      [published.go!.advisoryId, "bell\u0007", "BAD_INPUT"],
    ] as const) {
      const refused = await refusalOf(
        db.$transaction((tx: DbTx) =>
          withdrawAdvisory(tx, { advisoryId, reason, actorId: null, now: minutes(33), config }),
        ),
      );
      expect(refused.code).toBe(code);
    }
  });
});

describe("rotating the signing key", () => {
  it("retires the old key, re-signs every document, and publishes both keys through the overlap", async () => {
    const before = await jsonOf(csafFile("provider-metadata.json", minutes(40)));
    const oldFingerprint = before.public_openpgp_keys[0].fingerprint;
    const rotation = await appDb.$transaction(
      (tx: DbTx) => rotateSigningKey(tx, { secret: config.secret, now: minutes(40) }),
      { timeout: 60_000 },
    );
    expect(rotation.retired).toEqual([oldFingerprint]);
    expect(rotation.resigned).toBe(await db.advisoryDocument.count());
    const after = await jsonOf(csafFile("provider-metadata.json", minutes(41)));
    expect(after.public_openpgp_keys.map((k: { fingerprint: string }) => k.fingerprint)).toEqual([
      rotation.fingerprint,
      oldFingerprint,
    ]);
    await gpg.importKey(await (await csafFile(`openpgp/${rotation.fingerprint}.asc`, minutes(41))).text());
    const body = await (await csafFile("white/2026/disclose-2026-0004.json", minutes(41))).text();
    const sig = await (await csafFile("white/2026/disclose-2026-0004.json.asc", minutes(41))).text();
    expect(await gpg.verify(sig, body)).toContain(`VALIDSIG ${rotation.fingerprint}`);
    // After the overlap, only the new key is published.
    const later = await jsonOf(csafFile("provider-metadata.json", minutes(40 + 31 * 24 * 60)));
    expect(later.public_openpgp_keys).toHaveLength(1);
    // New publications are signed by the new key.
    const next = await publish(db, await newCase(), goContent, minutes(50));
    expect(next.publicId).toBe("DISCLOSE-2026-0005");
    const asc = await (await documentFile("DISCLOSE-2026-0005", "csaf.json.asc")).text();
    const doc = await (await documentFile("DISCLOSE-2026-0005", "csaf.json")).text();
    expect(await gpg.verify(asc, doc)).toContain(`VALIDSIG ${rotation.fingerprint}`);
  });

  it("runs as `pnpm advisories:rotate-signing-key` against the app role", async () => {
    const before = await db.signingKey.count();
    const { stdout } = await run("pnpm", ["-s", "advisories:rotate-signing-key"], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      env: {
        ...process.env,
        DATABASE_URL: t.appUrl,
        ADVISORY_SIGNING_SECRET: config.secret,
        DISCLOSE_ENV: "development",
      },
      encoding: "utf8",
    });
    expect(stdout).toMatch(/^New signing key: [0-9A-F]{40}$/m);
    expect(stdout).toContain(`Documents re-signed: ${await db.advisoryDocument.count()}`);
    expect(await db.signingKey.count()).toBe(before + 1);
    expect(await db.signingKey.count({ where: { retiredAt: null } })).toBe(1);
  }, 60_000);
});
