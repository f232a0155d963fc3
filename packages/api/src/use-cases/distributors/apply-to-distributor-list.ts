import { checkTeamPublicKey } from "@disclose/crypto";
import { appendAuditEvent, type Db, Role } from "@disclose/db";
import { EMBARGO_POLICY } from "@disclose/domain";
import { enqueueEmail, renderEmail } from "@disclose/email";
import { apiEnv, isProduction } from "../../env";
import { AppError, AppErrorCode } from "../../errors";
import type { TRateLimitRule } from "../rate-limits/consume-rate-limit";
import { checkApplication } from "./application-input";
import { newApplicationToken } from "./application-token";
import { queueVouchRequest } from "./request-vouch";

/** The portal's limits on applications: a few per client address, and a backstop for all together. */
export const APPLY_RATE_LIMITS = {
  perClient: [
    { name: "distributor-apply:client:hour", points: 10, windowMs: 3_600_000 },
    { name: "distributor-apply:client:day", points: 30, windowMs: 86_400_000 },
  ],
  all: [{ name: "distributor-apply:all:hour", points: 200, windowMs: 3_600_000 }],
  /** Tracking-page reads per client address (tokens cannot be guessed; this only caps load). */
  trackPerClient: [{ name: "distributor-track:client:minute", points: 120, windowMs: 60_000 }],
} as const satisfies Record<string, readonly TRateLimitRule[]>;

const bad = (field: string, message: string) => new AppError(AppErrorCode.BAD_INPUT, message, { field });

/** The path of the application's tracking page on the portal. */
export const applicationTrackingPath = (token: string) => `/distributors/applications/${token}`;

/**
 * Stores an application to the private distributors list, made on the portal without an account. Checks every
 * field (refusals name the field), the team key (a public key that can encrypt now; never a private one) and the
 * embargo policy's acceptance of the current version; then, in one transaction, the application, its audit event,
 * the emails (the applicant's receipt, the PST's alert) and the job that asks the voucher when they are on the
 * list (requestVouch). Nothing here depends on who the voucher is, so the form never tells anyone who is on it.
 */
export async function applyToDistributorList({
  db,
  now,
  portalUrl,
  input,
}: {
  db: Db;
  now: Date;
  portalUrl: string;
  input: unknown;
}): Promise<{ applicationId: string; trackingToken: string; trackingLink: string }> {
  const checked = checkApplication(input);
  if (!checked.ok) {
    const [field, message] = Object.entries(checked.fieldErrors)[0] ?? [
      "application",
      "The application is not valid.",
    ];
    throw bad(field, message);
  }
  const a = checked.application;
  const key = await checkTeamPublicKey({ armoredKey: a.teamKey, now });
  if (!key.ok) throw bad("teamKey", key.reason);

  const { secret, hash } = newApplicationToken();
  const trackingLink = `${new URL(portalUrl).origin}${applicationTrackingPath(secret)}`;
  const adminUrl = apiEnv().ADMIN_URL;
  const applicationId = await db.$transaction(async (tx) => {
    const row = await tx.distributorApplication.create({
      data: {
        organizationName: a.organizationName,
        distribution: a.distribution,
        userBase: a.userBase,
        trackRecord: a.trackRecord.join("\n"),
        downstreamOf: a.isDownstream ? a.downstreamOf : null,
        contribution: a.contribution,
        answers: a.answers,
        securityContact: a.securityContact,
        emailDelivery: a.emailDelivery,
        applicantName: a.applicantName,
        applicantEmail: a.applicantEmail,
        teamKeyArmored: key.publicKey,
        teamKeyFingerprint: key.fingerprint,
        embargoPolicyVersion: EMBARGO_POLICY.version,
        embargoAcceptedAt: now,
        voucherEmail: a.voucherEmail,
        trackingTokenHash: hash,
        createdAt: now,
      },
      select: { id: true },
    });
    const applicationUrl = `${adminUrl}/distributors/applications/${row.id}`;
    await enqueueEmail(tx, {
      to: a.applicantEmail,
      ...renderEmail("distributorApplicationReceived", {
        organizationName: a.organizationName,
        submittedAt: now,
        trackingLink: a.emailTrackingLink ? trackingLink : null,
      }),
    });
    // Whether the voucher is on the list is found out by a job, after this answer: the request does the same
    // work either way, so neither its answer nor its time tells.
    await queueVouchRequest(tx, { applicationId: row.id });
    const pst = await tx.user.findMany({
      where: {
        active: true,
        roles: { some: { role: Role.PST_MEMBER } },
        ...(isProduction() ? { isDemo: false } : {}),
      },
      select: { email: true },
      orderBy: { id: "asc" },
    });
    const alert = renderEmail("distributorApplicationAlert", {
      organizationName: a.organizationName,
      submittedAt: now,
      applicationUrl,
    });
    for (const member of pst) await enqueueEmail(tx, { to: member.email, ...alert });
    // No addresses and no answers in the log: it is kept forever. The key's fingerprint and the policy version
    // are what an acceptance is later checked against.
    await appendAuditEvent(tx, {
      actorKind: "applicant",
      action: "distributor_application.submitted",
      subjectType: "distributor_application",
      subjectId: row.id,
      data: {
        embargoPolicyVersion: EMBARGO_POLICY.version,
        teamKeyFingerprint: key.fingerprint,
      },
      occurredAt: now,
    });
    return row.id;
  });
  return { applicationId, trackingToken: secret, trackingLink };
}
