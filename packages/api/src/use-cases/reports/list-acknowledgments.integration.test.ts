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
    const report = await test.db.report.create({
      data: {
        state,
        ciphertext: armor,
        encryption: "browser",
        recipientFingerprints: [],
        trackingSecretHash: randomBytes(32).toString("hex"),
        reporterPublicKey: "k",
        reporterLockedPrivateKey: "k",
        creditName: `Reporter of a ${state} case`,
      },
    });
    if (state === "released") {
      await test.db.case.create({
        data: { id: report.id, vulnerabilities: { create: { position: 1, cveId: "CVE-2026-0001" } } },
      });
      await test.db.report.update({ where: { id: report.id }, data: { caseId: report.id } });
    }
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

  const credits = await listAcknowledgments({ db: test.db });
  expect(credits.map((a) => a.name).sort()).toEqual([
    "Reporter of a closed case",
    "Reporter of a released case",
  ]);
  // The CVE comes from the case's vulnerabilities.
  expect(credits.find((a) => a.name === "Reporter of a released case")?.cveId).toBe("CVE-2026-0001");
});
