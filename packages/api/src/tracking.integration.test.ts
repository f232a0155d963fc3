// Issue 9, reporter side: what the tracking page can show the reporter of what they sent and wrote, and what it
// says it cannot (a message they encrypted themselves, anything from before reporters got a copy).
import { randomBytes } from "node:crypto";
import { createReporterKey, decryptWithLockedKey, encryptText } from "@disclose/crypto";
import type { Db } from "@disclose/db";
import { seedDemo } from "@disclose/db/ops";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { installJobQueue } from "@disclose/email";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "./context";
import { PEER_HEADER } from "./http/peer";
import { createPortalCaller } from "./root";
import { submitTestReport } from "./test-support/reports";
import { errorOf } from "./test-support/trpc-errors";
import { listPstKeys, type TPstKeyWithOwner } from "./use-cases/keys/list-pst-keys";
import { submitReport } from "./use-cases/reports/submit-report";

const PORTAL_URL = "http://localhost:3000";
const now = new Date("2026-12-01T12:00:00Z");

let t: TestDatabase;
let db: Db;
let pstKeys: TPstKeyWithOwner[];

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  await installJobQueue(t.url);
  await seedDemo(db);
  pstKeys = await listPstKeys({ db, now });
}, 120_000);
afterAll(async () => {
  await t?.drop();
});

async function portal() {
  return createPortalCaller(
    await createContext({
      app: "portal",
      appUrl: PORTAL_URL,
      db,
      now,
      // A distinct client per call, so the per-client tracking limit never decides a test.
      headers: new Headers({
        origin: PORTAL_URL,
        [PEER_HEADER]: `10.9.${randomBytes(1)[0]}.${randomBytes(1)[0]}`,
      }),
    }),
  );
}

const toPst = (text: string) =>
  encryptText(
    text,
    pstKeys.map((k) => k.armoredPublicKey),
  );

describe("the tracking page's copy for the reporter", () => {
  it("has no report for a PGP message the reporter encrypted themselves", async () => {
    const reporter = await createReporterKey();
    const { trackingToken } = await submitReport({
      db,
      now,
      input: {
        ciphertext: await toPst("my own report"),
        encryption: "reporter-armored",
        attachments: [],
        recipientFingerprints: [],
        reporterPublicKey: reporter.publicKey,
        reporterLockedPrivateKey: reporter.lockedPrivateKey,
        alreadyPublic: false,
      },
    });
    const view = await (await portal()).tracking.view({ token: trackingToken });
    expect(view.report).toBeNull();
    expect(view.messages).toEqual([]);
  });

  it("has nothing for a report or reply from before reporters got a copy, and still the team's answers", async () => {
    const { reportId, trackingToken, reporter } = await submitTestReport(db, { pstKeys, now });
    // As an older report was stored: the report and the reporter's reply to the PST keys only, not yet indexed.
    await db.keyPacket.deleteMany({ where: { reportId } });
    await db.report.update({
      where: { id: reportId },
      data: { ciphertext: await toPst("an older report"), keyPacketsIndexed: false },
    });
    await db.reportMessage.create({
      data: { reportId, author: "reporter", ciphertext: await toPst("an older reply"), createdAt: now },
    });
    await db.reportMessage.create({
      data: {
        reportId,
        author: "pst",
        ciphertext: await encryptText("the team's answer", [
          reporter.publicKey,
          ...pstKeys.map((k) => k.armoredPublicKey),
        ]),
        createdAt: new Date(now.getTime() + 1000),
      },
    });

    const view = await (await portal()).tracking.view({ token: trackingToken });
    expect(view.report).toBeNull();
    expect(view.messages.map((m) => [m.author, m.ciphertext === null])).toEqual([
      ["reporter", true],
      ["pst", false],
    ]);
    expect(
      await decryptWithLockedKey({
        ciphertext: view.messages[1]?.ciphertext ?? "",
        lockedPrivateKey: view.reporterLockedPrivateKey,
        passphrase: reporter.keySecret,
      }),
    ).toBe("the team's answer");
  });

  it("refuses a reply that leaves out the reporter's own key as a mistake, not as a stale key list", async () => {
    const { trackingToken } = await submitTestReport(db, { pstKeys, now });
    const caller = await portal();
    const readers = await caller.tracking.readerKeys({ token: trackingToken });
    // Refetching the readers' keys would not help here, so the browser must not retry it as stale.
    expect(
      await errorOf(
        caller.tracking.postMessage({
          token: trackingToken,
          ciphertext: await encryptText(
            "to the team only",
            readers.map((k) => k.armoredPublicKey),
          ),
        }),
      ),
    ).toMatchObject({
      code: "BAD_REQUEST",
      appCode: "BAD_INPUT",
      message: "This is not encrypted to the reporter's key.",
    });
    expect((await caller.tracking.view({ token: trackingToken })).messages).toEqual([]);
  });
});
