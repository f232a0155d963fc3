import { createHash, randomBytes } from "node:crypto";
import type { Db } from "@disclose/db";
import { EMBARGO_POLICY, MEMBERSHIP_CRITERIA } from "@disclose/domain";

/** Answers meeting every text criterion (long enough, with evidence). */
export function completeAnswers(): Record<string, { answer: string; evidence: string }> {
  return Object.fromEntries(
    MEMBERSHIP_CRITERIA.filter((c) => c.id !== "accepts-embargo" && c.id !== "vouched").map((c) => [
      c.id,
      { answer: `We meet this: ${c.text}`, evidence: `https://example.org/evidence/${c.id}` },
    ]),
  );
}

/**
 * A distributor application as the portal stores it (the portal's form writes these rows): complete answers,
 * the current embargo policy accepted, no vouch yet. Fresh names and addresses unless given.
 */
export async function createTestApplication(
  db: Db,
  overrides: Partial<{
    organizationName: string;
    applicantEmail: string;
    applicantName: string;
    voucherEmail: string;
    voucherUserId: string | null;
    answers: Record<string, { answer: string; evidence: string }>;
    embargoPolicyVersion: string;
    createdAt: Date;
  }> = {},
): Promise<{ id: string; organizationName: string; applicantEmail: string }> {
  const tag = randomBytes(4).toString("hex");
  const row = await db.distributorApplication.create({
    data: {
      organizationName: overrides.organizationName ?? `Distro ${tag}`,
      distribution: `distro-${tag} packages of the project`,
      userBase: "Millions of users of our distribution.",
      trackRecord: "https://example.org/security/advisories",
      downstreamOf: null,
      contribution: "We send patches upstream.",
      answers: overrides.answers ?? completeAnswers(),
      securityContact: `security-${tag}@example.org`,
      emailDelivery: true,
      applicantName: overrides.applicantName ?? `Applicant ${tag}`,
      applicantEmail: overrides.applicantEmail ?? `applicant-${tag}@example.org`,
      teamKeyArmored: "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nxjME\n-----END PGP PUBLIC KEY BLOCK-----\n",
      teamKeyFingerprint: `${tag.toUpperCase()}${"A".repeat(32)}`,
      embargoPolicyVersion: overrides.embargoPolicyVersion ?? EMBARGO_POLICY.version,
      embargoAcceptedAt: overrides.createdAt ?? new Date("2026-11-24T10:00:00Z"),
      voucherEmail: overrides.voucherEmail ?? `voucher-${tag}@example.org`,
      voucherUserId: overrides.voucherUserId ?? null,
      trackingTokenHash: createHash("sha256").update(randomBytes(32)).digest("hex"),
      ...(overrides.createdAt ? { createdAt: overrides.createdAt } : {}),
    },
    select: { id: true, organizationName: true, applicantEmail: true },
  });
  return row;
}
