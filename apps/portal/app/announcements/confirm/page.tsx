import type { Metadata } from "next";
import { confirmAction } from "~/announcements/actions";
import { ConfirmForm } from "~/announcements/link-forms";

export const metadata: Metadata = {
  title: "Confirm your subscription",
  robots: { index: false, follow: false },
  referrer: "same-origin",
};

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";

/** Opened from the confirmation email. Confirming takes the button: a mail scanner opening the link confirms nothing. */
export default async function ConfirmPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold tracking-tight">Confirm your subscription</h1>
      <p className="text-slate-700">
        Press the button to start receiving the security announcements at your address.
      </p>
      <ConfirmForm
        action={confirmAction}
        token={first(params.t).slice(0, 200)}
        forthcoming={first(params.f) === "1"}
      />
    </div>
  );
}
