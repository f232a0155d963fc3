import { apiEnv } from "@disclose/api";
import { HealthBadge } from "@disclose/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { requireStaffSession } from "~/auth/session";
import { showsDevMailbox } from "~/dev/local-demo";
import { MailIntakeSection } from "~/settings/mail-intake-section";
import { SettingsForm } from "~/settings/settings-form";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const session = await requireStaffSession();
  const api = await serverCaller();
  const [settings, health, devMailbox, mailIntake] = await Promise.all([
    api.cases.settings(),
    api.health.check(),
    showsDevMailbox(),
    // The PST and admins run the mailbox; others are not shown it.
    session.roles.some((r) => r === "ADMIN" || r === "PST_MEMBER") ? api.mailIntake.status() : null,
  ]);
  const portalUrl = apiEnv().PORTAL_URL;
  return (
    <div className="max-w-xl space-y-6">
      <h1 className="text-2xl font-bold tracking-tight">Settings</h1>
      {settings.mayChange ? (
        <SettingsForm
          ackDeadlineHours={settings.ackDeadlineHours}
          unlockIdleMinutes={settings.unlockIdleMinutes}
          reporterDataRetentionDays={settings.reporterDataRetentionDays}
          projectName={settings.projectName}
          publicMetrics={settings.publicMetrics}
          portalRecordUrl={`${portalUrl}/record`}
        />
      ) : (
        <p>
          Reports must be acknowledged within <strong>{settings.ackDeadlineHours} hours</strong> of arrival.
          An unlocked key locks after <strong>{settings.unlockIdleMinutes} minutes</strong> without activity.
          Reporters&apos; email addresses are erased{" "}
          <strong>{settings.reporterDataRetentionDays} days</strong> after their case closes.{" "}
          {settings.projectName ? (
            <>
              Notices name the project <strong>{settings.projectName}</strong>.
            </>
          ) : (
            "No project name is set for notices."
          )}{" "}
          {settings.publicMetrics ? (
            <>
              The portal shows the{" "}
              <a href={`${portalUrl}/record`} className="text-sky-700 underline">
                public record
              </a>{" "}
              of released cases.
            </>
          ) : (
            "The portal shows no public record."
          )}{" "}
          An admin can change these.
        </p>
      )}
      {mailIntake ? <MailIntakeSection status={mailIntake} /> : null}
      <section aria-labelledby="system-heading" className="space-y-2">
        <h2 id="system-heading" className="text-lg font-semibold">
          System
        </h2>
        <HealthBadge health={health} />
        {!devMailbox ? null : (
          <p className="text-sm text-slate-600">
            Development: mail goes to the local sink.{" "}
            <Link href="/dev/mailbox" className="text-sky-700 underline">
              Open the mailbox
            </Link>
          </p>
        )}
      </section>
    </div>
  );
}
