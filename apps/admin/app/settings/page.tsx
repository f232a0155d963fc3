import type { Metadata } from "next";
import { requireStaffSession } from "~/auth/session";
import { SettingsForm } from "~/settings/settings-form";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requireStaffSession();
  const settings = await (await serverCaller()).cases.settings();
  return (
    <div className="max-w-xl space-y-6">
      <h1 className="text-2xl font-bold tracking-tight">Settings</h1>
      {settings.mayChange ? (
        <SettingsForm ackDeadlineHours={settings.ackDeadlineHours} />
      ) : (
        <p>
          Reports must be acknowledged within <strong>{settings.ackDeadlineHours} hours</strong> of arrival.
          An admin can change this.
        </p>
      )}
    </div>
  );
}
