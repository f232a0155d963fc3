// Issue 4, server half: encrypted intake, the no-JavaScript path, tracking tokens, messages, limits.

import { randomBytes } from "node:crypto";
import {
  armorMessage,
  createReporterKey,
  dearmorMessage,
  decryptWithLockedKey,
  encryptionKeyIdsOfKey,
  encryptionKeyIdsOfMessage,
  encryptReport,
  encryptText,
  REPORT_LIMITS,
} from "@disclose/crypto";
import { type Db, verifyAuditChain } from "@disclose/db";
import { getDemoPrivateKeys, seedDemo, type TDemoPrivateKey } from "@disclose/db/ops";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { CASE_STATES } from "@disclose/domain";
import { installJobQueue } from "@disclose/email";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "./context";
import { PEER_HEADER } from "./http/peer";
import { submitReportForm } from "./http/report-form-action";
import { createReportSubmissionHandler } from "./http/report-submission-handler";
import { buildSecurityTxt, createPgpKeysHandler, createSecurityTxtHandler } from "./http/security-files";
import { createAdminCaller, createPortalCaller } from "./root";
import { type GnuPG, startGnuPG } from "./test-support/gnupg";
import { generateTestKey } from "./test-support/keys";
import { columnsContaining } from "./test-support/marker-scan";
import { sessionFor } from "./test-support/sessions";
import { listPstKeys, type TPstKey } from "./use-cases/keys/list-pst-keys";
import { consumeRateLimit, countersFor } from "./use-cases/rate-limits/consume-rate-limit";

const PORTAL_URL = "http://localhost:3000";
const now = new Date("2026-11-24T12:00:00Z");

let t: TestDatabase;
let db: Db;
let gpg: GnuPG;
let demoKeys: TDemoPrivateKey[];
let pstKeys: TPstKey[];

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await installJobQueue(t.url);
  await seedDemo(db);
  demoKeys = await getDemoPrivateKeys(db);
  pstKeys = await listPstKeys({ db });
  gpg = await startGnuPG(demoKeys.slice(0, 1));
}, 120_000);
afterAll(async () => {
  await gpg?.close();
  await t?.drop();
});

/** A distinct client address per test, so that rate limits of one test do not touch another. */
const newClient = () => `10.${[1, 2, 3].map(() => randomBytes(1)[0]).join(".")}`;

const handler = createReportSubmissionHandler({
  appUrl: PORTAL_URL,
  db: () => db,
  trustProxy: false,
  now: () => now,
});

const CONTENT = {
  title: "Heap overflow in the parser",
  component: "parser",
  affectedVersions: "1.0 to 1.4",
  description: "Parsing a crafted file overflows a heap buffer.",
  stepsToReproduce: "1. Build\n2. Run the PoC",
  impact: "Remote code execution",
  cvssVector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
  alreadyPublic: false,
  credit: { mode: "named" as const, name: "Ada" },
};

async function encryptedForm(
  overrides: Record<string, string> = {},
  options: { attachments?: Uint8Array[]; recipients?: string[] } = {},
) {
  const reporter = await createReporterKey();
  const files = (options.attachments ?? []).map((data, i) => ({
    name: `poc-${i}.bin`,
    type: "application/octet-stream",
    data,
  }));
  // As the portal does: to the PST keys and the reporter's own key (the tracking page shows the report).
  const encrypted = await encryptReport({
    content: CONTENT,
    attachments: files,
    recipientKeys: [...(options.recipients ?? pstKeys.map((k) => k.armoredPublicKey)), reporter.publicKey],
  });
  const form = new FormData();
  const fields: Record<string, string> = {
    message: encrypted.ciphertext,
    summary: encrypted.summary,
    reporterPublicKey: reporter.publicKey,
    reporterLockedPrivateKey: reporter.lockedPrivateKey,
    recipientFingerprints: pstKeys.map((k) => k.fingerprint).join(","),
    alreadyPublic: "false",
    publicUrl: "",
    notifyEmail: "",
    website: "",
    ...overrides,
  };
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  for (const attachment of encrypted.attachments)
    form.append("attachment", new Blob([attachment as Uint8Array<ArrayBuffer>]), "a.pgp");
  return { form, reporter, encrypted };
}

function post(form: FormData | string | ReadableStream, headers: Record<string, string> = {}) {
  return handler(
    new Request(`${PORTAL_URL}/api/reports`, {
      method: "POST",
      body: form,
      headers: { origin: PORTAL_URL, [PEER_HEADER]: newClient(), ...headers },
    }),
  );
}

/** A message as a tool may armor it, with headers (a Comment: can say anything about its sender). */
function withArmorHeaders(armored: string): string {
  const [begin, ...rest] = armored.trim().split("\n");
  const body = rest.join("\n").replace(/^\n/, "");
  expect(body).not.toMatch(/^[A-Za-z]+: /m);
  return [begin, "Version: GnuPG v2", "Comment: sent from a personal laptop in Berlin", "", body, ""].join(
    "\n",
  );
}

/** Stored as plain armor of exactly the pasted packets: no header line survives. */
function expectSamePacketsWithoutHeaders(stored: string, packets: Uint8Array) {
  expect(stored).toBe(armorMessage(packets));
  expect(stored).not.toMatch(/^(Comment|Version|Hash|Charset|MessageID):/im);
  expect(stored).not.toContain("Berlin");
  expect(stored.split("\n")[1]).toBe("");
}

interface TResponseBody {
  reportId: string;
  trackingToken: string;
  error: { code: string; message: string; field?: string };
}
const bodyOf = (response: Response) => response.json() as Promise<TResponseBody>;

async function portalCaller(headers: Record<string, string> = {}) {
  return createPortalCaller(
    await createContext({
      app: "portal",
      appUrl: PORTAL_URL,
      db,
      now,
      headers: new Headers({ origin: PORTAL_URL, [PEER_HEADER]: newClient(), ...headers }),
    }),
  );
}

async function errorOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  const trpc = error as TRPCError;
  return {
    code: trpc.code,
    appCode: (trpc.cause as { code?: string } | undefined)?.code,
    message: trpc.message,
  };
}

describe("POST /api/reports (the JavaScript path)", () => {
  it("stores ciphertext that real gpg decrypts with a PST private key to what was typed", async () => {
    const attachment = randomBytes(200_000);
    const { form } = await encryptedForm(
      { notifyEmail: "reporter@example.test" },
      { attachments: [attachment] },
    );
    const response = await post(form);
    expect(response.status).toBe(201);
    const { reportId, trackingToken } = await bodyOf(response);
    expect(trackingToken).toMatch(new RegExp(`^${reportId}\\.[A-Za-z0-9_-]{43}$`));

    const row = await db.report.findUniqueOrThrow({
      where: { id: reportId },
      include: { attachments: true },
    });
    expect(row).toMatchObject({
      encryption: "browser",
      state: "received",
      notifyEmail: "reporter@example.test",
    });
    expect(row.recipientFingerprints.sort()).toEqual(pstKeys.map((k) => k.fingerprint).sort());
    expect(row.trackingSecretHash).not.toContain(trackingToken.split(".")[1]);
    const report = JSON.parse((await gpg.decrypt(row.ciphertext)).toString("utf8"));
    expect(report).toMatchObject({ ...CONTENT, attachments: [{ name: "poc-0.bin", size: 200_000 }] });
    expect((await gpg.decrypt(row.attachments[0]!.ciphertext)).equals(attachment)).toBe(true);

    // The confirmation email names the report but never carries the link.
    const outbox = await db.outboxMessage.findMany({ where: { toAddress: "reporter@example.test" } });
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.textBody).toContain(reportId);
    expect(outbox[0]!.textBody).not.toContain(trackingToken.split(".")[1]);
    expect(await db.auditEvent.count({ where: { action: "report.received", subjectId: reportId } })).toBe(1);
  });

  it("stores a reporter's own armored PGP message as its packets byte for byte, without armor headers", async () => {
    const ownKey = await generateTestKey({ name: "someone", passphrase: "p" });
    // To the PST key whose private half the test's gpg holds.
    const pstKey = pstKeys.find((k) => k.fingerprint === demoKeys[0]!.fingerprint)!;
    const message = await encryptText("my own report", [ownKey.publicKey, pstKey.armoredPublicKey]);
    const pasted = withArmorHeaders(message);
    const { form } = await encryptedForm({
      message: pasted,
      encryption: "reporter-armored",
      recipientFingerprints: "",
    });
    const response = await post(form);
    expect(response.status).toBe(201);
    const { reportId } = await bodyOf(response);
    const row = await db.report.findUniqueOrThrow({ where: { id: reportId } });
    expectSamePacketsWithoutHeaders(row.ciphertext, await dearmorMessage(pasted));
    expect(row.encryption).toBe("reporter-armored");
    expect(row.recipientFingerprints).toEqual([pstKey.fingerprint]);
    expect((await gpg.decrypt(row.ciphertext)).toString()).toBe("my own report");
  });

  it("refuses a pasted message no current PST key can decrypt, naming the keys to use", async () => {
    const ownKey = await generateTestKey({ name: "someone", passphrase: "p" });
    const formerKey = await generateTestKey({ name: "former PST member", passphrase: "p" });
    const pasted = await encryptText("nobody here can read this", [ownKey.publicKey, formerKey.publicKey]);
    const before = await db.report.count();
    const { form } = await encryptedForm({
      message: pasted,
      encryption: "reporter-armored",
      recipientFingerprints: "",
    });
    const response = await post(form);
    expect(response.status).toBe(400);
    const { error } = await bodyOf(response);
    expect(error).toMatchObject({ code: "BAD_INPUT", field: "message" });
    expect(error.message).toContain("/pgp-keys.asc");
    for (const key of pstKeys) expect(error.message).toContain(key.fingerprint);
    expect(await db.report.count()).toBe(before);
  });

  it.each([
    ["another site's Origin", { origin: "https://evil.example" }],
    ["no Origin", { origin: "" }],
    ["Origin null", { origin: "null" }],
  ])("refuses %s with 403 before reading anything", async (_, headers) => {
    const { form } = await encryptedForm();
    const response = await post(form, headers);
    expect(response.status).toBe(403);
    expect((await bodyOf(response)).error.code).toBe("CROSS_SITE_REQUEST");
  });

  it("refuses a declared oversized body with 413 without reading it", async () => {
    const response = await handler(
      new Request(`${PORTAL_URL}/api/reports`, {
        method: "POST",
        body: "x",
        headers: {
          origin: PORTAL_URL,
          "content-type": "multipart/form-data; boundary=x",
          "content-length": String(REPORT_LIMITS.requestMaxBytes + 1),
        },
      }),
    );
    expect(response.status).toBe(413);
    expect((await bodyOf(response)).error).toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: expect.stringMatching(/MB/),
    });
  });

  it("refuses an oversized streamed body (no Content-Length) with 413", async () => {
    const chunk = new Uint8Array(1024 * 1024);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ > 40) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const response = await handler(
      new Request(`${PORTAL_URL}/api/reports`, {
        method: "POST",
        body: stream,
        duplex: "half",
        headers: {
          origin: PORTAL_URL,
          "content-type": "multipart/form-data; boundary=x",
          [PEER_HEADER]: newClient(),
        },
      }),
    );
    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(40);
  });

  it("refuses an oversized report ciphertext and too many attachments with 413", async () => {
    const big = await encryptedForm({
      message: `-----BEGIN PGP MESSAGE-----\n\n${"A".repeat(REPORT_LIMITS.reportCiphertextMaxBytes)}\n-----END PGP MESSAGE-----`,
    });
    expect((await post(big.form)).status).toBe(413);
    const many = await encryptedForm({}, { attachments: [new Uint8Array([1])] });
    const [first] = many.form.getAll("attachment");
    for (let i = 0; i < 10; i++) many.form.append("attachment", first as File);
    const response = await post(many.form);
    expect(response.status).toBe(413);
    expect((await bodyOf(response)).error.field).toBe("attachment");
  });

  it("refuses a filled honeypot with a clear 400", async () => {
    const { form } = await encryptedForm({ website: "http://spam.example" });
    const response = await post(form);
    expect(response.status).toBe(400);
    expect((await bodyOf(response)).error).toMatchObject({ code: "BAD_INPUT", field: "website" });
  });

  it("refuses a non-multipart body with 400", async () => {
    const response = await post(JSON.stringify({ message: "x" }), { "content-type": "application/json" });
    expect(response.status).toBe(400);
  });

  it.each([
    ["plain text", "this is my report in clear"],
    ["an empty message", ""],
    ["a public key block", "PUBLIC_KEY"],
    ["a truncated message", "TRUNCATED"],
    ["text around the armor", "PREFIXED"],
    ["garbage inside the armor", "-----BEGIN PGP MESSAGE-----\n\nnot base64!!\n-----END PGP MESSAGE-----"],
  ])("refuses %s as the report with 400", async (_, message) => {
    const { form, encrypted } = await encryptedForm();
    const lines = encrypted.ciphertext.trim().split("\n");
    const value =
      message === "PUBLIC_KEY"
        ? pstKeys[0]!.armoredPublicKey
        : message === "TRUNCATED"
          ? [...lines.slice(0, 4), lines.at(-1)].join("\n")
          : message === "PREFIXED"
            ? `Hello team,\n${encrypted.ciphertext}`
            : message;
    form.set("message", value);
    const response = await post(form);
    expect(response.status).toBe(400);
    expect((await bodyOf(response)).error).toMatchObject({ code: "BAD_INPUT", field: "message" });
  });

  it("refuses attachments that are not OpenPGP messages", async () => {
    const { form } = await encryptedForm();
    form.append("attachment", new Blob(["plaintext file"]), "a.txt");
    const response = await post(form);
    expect(response.status).toBe(400);
    expect((await bodyOf(response)).error.field).toBe("attachment");
  });

  it("refuses stale recipients with 409 so the browser re-encrypts", async () => {
    const retired = await generateTestKey({ name: "former member", passphrase: "x" });
    const all = pstKeys.map((k) => k.fingerprint);
    const cases: [string, Awaited<ReturnType<typeof encryptedForm>>][] = [
      ["one key missing", await encryptedForm({ recipientFingerprints: all.slice(1).join(",") })],
      [
        "an extra key",
        await encryptedForm({ recipientFingerprints: [...all, retired.fingerprint].join(",") }),
      ],
      [
        "a retired key instead",
        await encryptedForm({ recipientFingerprints: [retired.fingerprint, ...all.slice(1)].join(",") }),
      ],
      // The fingerprints claim every key but the message is not encrypted to all of them.
      ["a message to one key only", await encryptedForm({}, { recipients: [pstKeys[0]!.armoredPublicKey] })],
    ];
    for (const [name, { form }] of cases) {
      const response = await post(form);
      expect(response.status, name).toBe(409);
      expect((await bodyOf(response)).error.code, name).toBe("STALE_RECIPIENT_KEYS");
    }
    const malformed = await encryptedForm({ recipientFingerprints: "not-a-fingerprint" });
    expect((await post(malformed.form)).status).toBe(400);
  });

  it("refuses broken reporter keys and bad metadata with 400 naming the field", async () => {
    const other = await createReporterKey();
    const cases: [Record<string, string>, string][] = [
      [{ reporterPublicKey: "garbage" }, "reporterPublicKey"],
      [{ reporterPublicKey: other.publicKey }, "reporterPublicKey"],
      [{ publicUrl: "javascript:alert(1)" }, "publicUrl"],
      [{ notifyEmail: "not an email" }, "notifyEmail"],
      [{ alreadyPublic: "maybe" }, "alreadyPublic"],
    ];
    for (const [overrides, field] of cases) {
      const { form } = await encryptedForm(overrides);
      const response = await post(form);
      expect(response.status, field).toBe(400);
      expect((await bodyOf(response)).error.field).toBe(field);
    }
    // An unlocked private key would let the server read the PST's replies: refused.
    const { form } = await encryptedForm({
      reporterLockedPrivateKey:
        "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nAA==\n-----END PGP PRIVATE KEY BLOCK-----",
    });
    expect((await post(form)).status).toBe(400);
  });

  it("limits submissions per client with 429 and Retry-After, and other clients are unaffected", async () => {
    const client = newClient();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      // A cheap invalid body: the limit counts attempts before the body is read.
      const response = await post(JSON.stringify({}), {
        "content-type": "multipart/form-data; boundary=x",
        [PEER_HEADER]: client,
      });
      statuses.push(response.status);
      if (response.status === 429) {
        expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
        expect((await bodyOf(response)).error).toMatchObject({
          code: "RATE_LIMITED",
          message: expect.stringMatching(/wait/),
        });
      }
    }
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(statuses[10]).toBe(429);
    const { form } = await encryptedForm();
    expect((await post(form)).status).toBe(201);
  });

  it("keys the limit by the peer: a client rotating X-Forwarded-For is still one client", async () => {
    const client = newClient();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const response = await post(JSON.stringify({}), {
        "content-type": "multipart/form-data; boundary=x",
        [PEER_HEADER]: client,
        "x-forwarded-for": `198.51.100.${i + 1}`,
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});

describe("the no-JavaScript form", () => {
  const MARKER = `PLAINTEXT-MARKER-${randomBytes(8).toString("hex")}`;

  function formData(fields: Record<string, string>, files: File[] = []) {
    const form = new FormData();
    const all: Record<string, string> = {
      title: `Title ${MARKER}`,
      component: `component ${MARKER}`,
      affectedVersions: `versions ${MARKER}`,
      description: `Description ${MARKER}`,
      stepsToReproduce: `Steps ${MARKER}`,
      impact: `Impact ${MARKER}`,
      cvssVector: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
      creditMode: "named",
      creditName: `Credit ${MARKER}`,
      website: "",
      ...fields,
    };
    for (const [k, v] of Object.entries(all)) form.set(k, v);
    for (const f of files) form.append("attachment", f);
    return form;
  }

  const submit = (form: FormData, client = newClient()) =>
    submitReportForm({
      db,
      now,
      formData: form,
      headers: new Headers({ [PEER_HEADER]: client }),
      portalUrl: PORTAL_URL,
      trustProxy: false,
    });

  it("encrypts on receipt: the plaintext is in no column of any table, and gpg reads it back", async () => {
    const file = new File([`file content ${MARKER}`], `name-${MARKER}.txt`, { type: "text/plain" });
    const result = await submit(formData({ notifyEmail: "nojs@example.test" }, [file]));
    if (!result.ok) throw new Error(result.error.message);
    expect(result.trackingUrl).toBe(`${PORTAL_URL}/track/${result.trackingToken}#${result.keySecret}`);

    expect(await columnsContaining(db, MARKER)).toEqual([]);

    const row = await db.report.findUniqueOrThrow({
      where: { id: result.reportId },
      include: { attachments: true },
    });
    expect(row.encryption).toBe("server");
    const report = JSON.parse((await gpg.decrypt(row.ciphertext)).toString("utf8"));
    expect(report.description).toBe(`Description ${MARKER}`);
    expect(report.attachments).toEqual([{ name: `name-${MARKER}.txt`, type: "text/plain", size: file.size }]);
    expect((await gpg.decrypt(row.attachments[0]!.ciphertext)).toString()).toBe(`file content ${MARKER}`);

    // The link's fragment unlocks the reporter key the server made and then forgot.
    const reply = await encryptText("reply from the PST", [row.reporterPublicKey]);
    expect(
      await decryptWithLockedKey({
        ciphertext: reply,
        lockedPrivateKey: row.reporterLockedPrivateKey,
        passphrase: result.keySecret,
      }),
    ).toBe("reply from the PST");
  });

  it("stores a pasted PGP message as its packets without armor headers, with whether the issue is public", async () => {
    const pasted = withArmorHeaders(await encryptText("pasted", [pstKeys[0]!.armoredPublicKey]));
    const result = await submit(
      formData({
        mode: "armored",
        title: "",
        description: "",
        armoredReport: `\r\n${pasted.replaceAll("\n", "\r\n")}\r\n`,
        alreadyPublic: "true",
        publicUrl: "https://github.com/example/project/issues/1",
      }),
    );
    if (!result.ok) throw new Error(result.error.message);
    const row = await db.report.findUniqueOrThrow({ where: { id: result.reportId } });
    expectSamePacketsWithoutHeaders(row.ciphertext, await dearmorMessage(pasted));
    expect(row.encryption).toBe("reporter-armored");
    expect(row).toMatchObject({
      alreadyPublic: true,
      publicUrl: "https://github.com/example/project/issues/1",
    });
  });

  it.each([
    ["a missing title", { title: "" }, "title"],
    ["an overlong title", { title: "x".repeat(201) }, "title"],
    ["a bad CVSS vector", { cvssVector: "CVSS:3.1/AV:X" }, "cvssVector"],
    ["a filled honeypot", { website: "x" }, "website"],
    [
      "a pasted text that is not a PGP message",
      { mode: "armored", armoredReport: "-----BEGIN PGP MESSAGE-----\nnope" },
      "armoredReport",
    ],
  ])("refuses %s with a message naming the field, echoing nothing", async (_, fields, field) => {
    const result = await submit(formData(fields));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.field).toBe(field);
    expect(result.error.message).not.toContain(MARKER);
  });

  it("refuses a pasted message no current PST key can decrypt, naming the keys to use", async () => {
    const ownKey = await generateTestKey({ name: "someone", passphrase: "p" });
    const pasted = await encryptText("nobody here can read this", [ownKey.publicKey]);
    const before = await db.report.count();
    const result = await submit(
      formData({ mode: "armored", title: "", description: "", armoredReport: pasted }),
    );
    expect(result).toMatchObject({ ok: false, error: { code: "BAD_INPUT", field: "message" } });
    if (result.ok) return;
    expect(result.error.message).toContain("/pgp-keys.asc");
    for (const key of pstKeys) expect(result.error.message).toContain(key.fingerprint);
    expect(await db.report.count()).toBe(before);
  });

  it("refuses more than 25 MB of files", async () => {
    const big = new File([new Uint8Array(REPORT_LIMITS.attachmentsMaxTotalBytes)], "big.bin");
    const result = await submit(formData({}, [big, new File(["x"], "one-more.bin")]));
    expect(result).toMatchObject({ ok: false, error: { code: "PAYLOAD_TOO_LARGE", field: "attachment" } });
  });
});

describe("tracking", () => {
  let token: string;
  let otherToken: string;
  let keySecret: string;

  beforeAll(async () => {
    const submitted = async () => {
      const { form, reporter } = await encryptedForm();
      const body = await bodyOf(await post(form));
      return { token: body.trackingToken as string, keySecret: reporter.keySecret };
    };
    ({ token, keySecret } = await submitted());
    ({ token: otherToken } = await submitted());
  });

  it("shows the state in plain words and the reporter's locked key", async () => {
    const view = await (await portalCaller()).tracking.view({ token });
    expect(view).toMatchObject({
      state: "received",
      stateLabel: expect.stringMatching(/^Received/),
      cveId: null,
    });
    expect(view.reporterLockedPrivateKey).toContain("PRIVATE KEY");
    expect(Object.keys(view)).not.toContain("ciphertext");
    expect(Object.keys(view)).not.toContain("notifyEmail");
    expect(await db.auditEvent.count({ where: { action: "report.viewed_by_reporter" } })).toBeGreaterThan(0);
  });

  it("gives every bad token the same 404", async () => {
    const [id, secret] = token.split(".") as [string, string];
    const [, otherSecret] = otherToken.split(".") as [string, string];
    const bad = [
      "",
      id,
      `${id}.`,
      `${id}.${secret.slice(0, -1)}`,
      `${id}.${secret}A`,
      `${id}.${otherSecret}`,
      `${id}.${"+".repeat(43)}`,
      `${id}.${secret.slice(0, 42)}é`,
      `${id.toUpperCase()}.${secret}`,
      `../${id}.${secret}`,
      `${id}.${secret}/..`,
      `00000000-0000-0000-0000-000000000000.${secret}`,
      "x".repeat(300),
      `${id}.${secret}\u0000`,
      "🙂",
    ];
    const caller = await portalCaller();
    const outcomes = new Set<string>();
    for (const value of bad) {
      for (const attempt of [
        () => caller.tracking.view({ token: value }),
        () => caller.tracking.postMessage({ token: value, ciphertext: "x" }),
        () => caller.tracking.emailLink({ token: value, email: "a@example.test", link: "x" }),
      ]) {
        const error = await errorOf(attempt());
        outcomes.add(JSON.stringify(error));
      }
    }
    expect([...outcomes]).toEqual([
      JSON.stringify({
        code: "NOT_FOUND",
        appCode: "NOT_FOUND",
        message: "No report matches this tracking link.",
      }),
    ]);
    await expect(caller.tracking.view({ token: "x".repeat(1000) })).rejects.toThrow();
  });

  it("shows the reporter the report they sent, decryptable with the link's key only", async () => {
    const view = await (await portalCaller()).tracking.view({ token });
    const report = JSON.parse(
      await decryptWithLockedKey({
        ciphertext: view.report ?? "",
        lockedPrivateKey: view.reporterLockedPrivateKey,
        passphrase: keySecret,
      }),
    );
    expect(report).toMatchObject({ title: CONTENT.title, credit: { mode: "named", name: "Ada" } });
    // Only the reporter's own session key is in what they are served.
    expect(await encryptionKeyIdsOfMessage(view.report ?? "")).toEqual(
      await encryptionKeyIdsOfKey(view.reporterPublicKey),
    );
  });

  it("takes the reporter's replies encrypted to the case's readers and themselves, refuses others, and shows the thread", async () => {
    const caller = await portalCaller();
    const readerKeys = await caller.tracking.readerKeys({ token });
    expect(readerKeys.map((k) => k.fingerprint).sort()).toEqual(pstKeys.map((k) => k.fingerprint).sort());
    const own = (await caller.tracking.view({ token })).reporterPublicKey;
    const ciphertext = await encryptText("a reply", [...readerKeys.map((k) => k.armoredPublicKey), own]);
    const posted = await caller.tracking.postMessage({ token, ciphertext });
    expect(posted.messageId).toBeTruthy();
    expect(
      (
        await gpg.decrypt(
          (
            await db.reportMessage.findUniqueOrThrow({ where: { id: posted.messageId } })
          ).ciphertext,
        )
      ).toString(),
    ).toBe("a reply");

    const toOneKey = await encryptText("a reply", [pstKeys[0]!.armoredPublicKey, own]);
    expect(await errorOf(caller.tracking.postMessage({ token, ciphertext: toOneKey }))).toMatchObject({
      code: "CONFLICT",
      appCode: "STALE_RECIPIENT_KEYS",
    });
    expect(await errorOf(caller.tracking.postMessage({ token, ciphertext: "plain words" }))).toMatchObject({
      code: "BAD_REQUEST",
    });
    // A PST reply, encrypted in a PST member's browser to the reporter's key (which only the link's fragment
    // unlocks) and to the case's readers.
    const view = await caller.tracking.view({ token });
    const pst = await sessionFor(db, "pst1@demo.disclose.test", { now });
    const staff = createAdminCaller(
      await createContext({
        app: "admin",
        appUrl: "http://localhost:3001",
        db,
        // A minute later: the thread is in time order.
        now: new Date(now.getTime() + 60_000),
        headers: new Headers({ cookie: pst.cookie, origin: "http://localhost:3001" }),
      }),
    );
    const forStaff = await staff.cases.get({ reportId: view.reportId });
    await staff.cases.postMessage({
      reportId: view.reportId,
      ciphertext: await encryptText("from the PST", [
        view.reporterPublicKey,
        ...forStaff.recipients.staff.map((k) => k.armoredPublicKey),
      ]),
    });
    const thread = (await caller.tracking.view({ token })).messages;
    expect(thread.map((m) => m.author)).toEqual(["reporter", "pst"]);
    // The reporter reads both: what they wrote, and the team's answer.
    const read = (ciphertext: string | null) =>
      decryptWithLockedKey({
        ciphertext: ciphertext ?? "",
        lockedPrivateKey: view.reporterLockedPrivateKey,
        passphrase: keySecret,
      });
    expect(await read(thread[0]!.ciphertext)).toBe("a reply");
    expect(await read(thread[1]!.ciphertext)).toBe("from the PST");
  });

  it("refuses a cross-site message", async () => {
    const caller = await portalCaller({ origin: "https://evil.example" });
    expect(await errorOf(caller.tracking.postMessage({ token, ciphertext: "x" }))).toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("emails only this report's own link, a few times an hour", async () => {
    const caller = await portalCaller();
    const link = `${PORTAL_URL}/track/${token}#${keySecret}`;
    // Refused links count too: three on the other report's budget (the limit is 3 an hour per report).
    for (const bad of [
      `https://evil.example/track/${otherToken}#${keySecret}`,
      `${PORTAL_URL}/track/${token}#${keySecret}`,
      `${PORTAL_URL}/track/${otherToken}#<b>hi</b>`,
    ]) {
      expect(
        await errorOf(caller.tracking.emailLink({ token: otherToken, email: "me@example.test", link: bad })),
      ).toMatchObject({ code: "BAD_REQUEST" });
    }
    expect(
      await errorOf(
        caller.tracking.emailLink({
          token: otherToken,
          email: "me@example.test",
          link: `${PORTAL_URL}/track/${otherToken}`,
        }),
      ),
    ).toMatchObject({ code: "TOO_MANY_REQUESTS" });

    expect(await errorOf(caller.tracking.emailLink({ token, email: "not an email", link }))).toMatchObject({
      code: "BAD_REQUEST",
    });
    expect(await caller.tracking.emailLink({ token, email: "me@example.test", link })).toEqual({
      queued: true,
    });
    const [mail] = await db.outboxMessage.findMany({ where: { toAddress: "me@example.test" } });
    expect(mail?.textBody).toContain(link);
    expect(
      await caller.tracking.emailLink({ token, email: "me@example.test", link: `${link.split("#")[0]}` }),
    ).toEqual({ queued: true });
    expect(await errorOf(caller.tracking.emailLink({ token, email: "me@example.test", link }))).toMatchObject(
      {
        code: "TOO_MANY_REQUESTS",
      },
    );
  });

  it("lists the PST keys", async () => {
    const keys = await (await portalCaller()).keys.list();
    expect(keys.map((k) => k.fingerprint).sort()).toEqual(demoKeys.map((k) => k.fingerprint).sort());
  });
});

describe("standard files", () => {
  it("serves security.txt per RFC 9116 with Expires ahead", () => {
    const text = buildSecurityTxt({ portalUrl: `${PORTAL_URL}/`, now });
    for (const field of [
      "Contact",
      "Expires",
      "Encryption",
      "Policy",
      "Acknowledgments",
      "Preferred-Languages",
      "Canonical",
    ]) {
      expect(text).toMatch(new RegExp(`^${field}: \\S+$`, "m"));
    }
    const expires = new Date(/^Expires: (.+)$/m.exec(text)![1]!);
    expect(expires.getTime()).toBeGreaterThan(now.getTime() + 30 * 86_400_000);
    expect(expires.getTime()).toBeLessThan(now.getTime() + 365 * 86_400_000);
    expect(text).toContain(`Canonical: ${PORTAL_URL}/.well-known/security.txt`);
  });

  it("serves the PST keys as one armored file that gpg reads", async () => {
    const response = await createPgpKeysHandler({ db: () => db })();
    expect(response.headers.get("content-type")).toContain("application/pgp-keys");
    const listing = await gpg.showKeys(await response.text());
    for (const key of demoKeys) expect(listing).toContain(key.fingerprint);
  });
});

describe("rate limits", () => {
  it("admit exactly the limit under concurrent requests (one atomic statement each)", async () => {
    const rules = [
      { name: "test:concurrent", points: 10, windowMs: 60_000 },
      { name: "test:concurrent-day", points: 1000, windowMs: 86_400_000 },
    ];
    const subject = randomBytes(8).toString("hex");
    // Both rules and a shared counter in one call, from many requests at once: no deadlock, no overshoot.
    const counters = [...countersFor(rules, subject), ...countersFor([rules[1]!], "shared")];
    const outcomes = await Promise.allSettled(
      Array.from({ length: 25 }, () => consumeRateLimit({ db, counters, now })),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(10);
    // A new window starts once the old one has ended.
    await consumeRateLimit({
      db,
      counters: countersFor(rules.slice(0, 1), subject),
      now: new Date(now.getTime() + 60_001),
    });
  });
});

describe("the database", () => {
  it("allows exactly the domain's case states", async () => {
    const [row] = await db.$queryRaw<{ def: string }[]>`
      SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'reports_state_check'`;
    const states = [...(row?.def ?? "").matchAll(/'([a-z-]+)'::text/g)].map((m) => m[1]);
    expect(states.sort()).toEqual([...CASE_STATES].sort());
  });

  it("keeps the audit chain valid", async () => {
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
  });
});

describe("route handlers as the portal exports them", () => {
  it("security.txt is plain text with a future Expires", async () => {
    const response = createSecurityTxtHandler({
      portalUrl: PORTAL_URL,
      contact: "mailto:security@example.test",
      now: () => now,
    })();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    const text = await response.text();
    expect(text).toContain("Contact: mailto:security@example.test");
    expect(text).toContain("Expires: 2027-02-22T00:00:00Z");
  });

  it("pgp-keys.asc is a 404, and submissions a 503, with a clear message when no PST member has a key", async () => {
    const empty = await createTestDatabase();
    try {
      const response = await createPgpKeysHandler({ db: () => empty.db })();
      expect(response.status).toBe(404);
      expect(await response.text()).toMatch(/No security team keys/);
      const { form } = await encryptedForm();
      const submit = createReportSubmissionHandler({
        appUrl: PORTAL_URL,
        db: () => empty.db,
        trustProxy: false,
      });
      const refused = await submit(
        new Request(`${PORTAL_URL}/api/reports`, {
          method: "POST",
          body: form,
          headers: { origin: PORTAL_URL },
        }),
      );
      expect(refused.status).toBe(503);
      expect((await bodyOf(refused)).error.message).toMatch(/no encryption keys/);
    } finally {
      await empty.drop();
    }
  });
});
