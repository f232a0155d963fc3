import { appendAuditEvent, type DbTx } from "@disclose/db";
import { formatUtc } from "@disclose/domain";
import { type EmailTemplates, enqueueEmail, renderEmail } from "@disclose/email";
import { apiEnv } from "../../env";

/**
 * Records a change to a person's passkeys in the audit log and tells them by email, in the caller's transaction:
 * a factor added or removed by someone else must not go unnoticed.
 */
export async function recordPasskeyChange(
  tx: DbTx,
  {
    userId,
    change,
    passkey,
    now,
  }: {
    userId: string;
    change: EmailTemplates["passkeyChanged"]["change"];
    passkey: { id: string; name: string } | null;
    now: Date;
  },
): Promise<void> {
  const user = await tx.user.findUniqueOrThrow({
    where: { id: userId },
    select: { email: true, name: true },
  });
  await appendAuditEvent(tx, {
    actorId: userId,
    actorKind: "user",
    action: {
      added: "auth.passkey_added",
      removed: "auth.passkey_removed",
      "sign-in-on": "auth.passkey_sign_in_on",
      "sign-in-off": "auth.passkey_sign_in_off",
    }[change],
    subjectType: "user",
    subjectId: userId,
    data: passkey ? { passkeyId: passkey.id, name: passkey.name } : {},
    occurredAt: now,
  });
  await enqueueEmail(tx, {
    to: user.email,
    ...renderEmail("passkeyChanged", {
      name: user.name ?? user.email,
      change,
      passkeyName: passkey?.name ?? null,
      at: formatUtc(now),
      adminUrl: apiEnv().ADMIN_URL,
    }),
  });
}
