import { randomBytes } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "@disclose/db/testing";
import { CASE_STATES } from "@disclose/domain";
import { afterAll, beforeAll, expect, it } from "vitest";
import { listAcknowledgments } from "./list-acknowledgments";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.drop());

const armor = "-----BEGIN PGP MESSAGE-----\n\nx\n-----END PGP MESSAGE-----\n";

it("credits reporters of released cases only, never of embargoed or refused ones", async () => {
  for (const state of CASE_STATES) {
    await test.db.report.create({
      data: {
        state,
        ciphertext: armor,
        encryption: "browser",
        recipientFingerprints: [],
        trackingSecretHash: randomBytes(32).toString("hex"),
        reporterPublicKey: "k",
        reporterLockedPrivateKey: "k",
        creditName: `Reporter of a ${state} case`,
        cveId: state === "released" ? "CVE-2026-0001" : null,
      },
    });
  }
  await test.db.report.create({
    data: {
      state: "released",
      ciphertext: armor,
      encryption: "browser",
      recipientFingerprints: [],
      trackingSecretHash: randomBytes(32).toString("hex"),
      reporterPublicKey: "k",
      reporterLockedPrivateKey: "k",
      creditName: null, // anonymous
    },
  });

  const names = (await listAcknowledgments({ db: test.db })).map((a) => a.name).sort();
  expect(names).toEqual(["Reporter of a closed case", "Reporter of a released case"]);
});
