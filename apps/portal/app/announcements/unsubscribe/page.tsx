import type { Metadata } from "next";
import { unsubscribeAction } from "~/announcements/actions";
import { UnsubscribeForm } from "~/announcements/link-forms";

export const metadata: Metadata = {
  title: "Unsubscribe from security announcements",
  robots: { index: false, follow: false },
  referrer: "same-origin",
};

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? "";

/**
 * Opened from an announcement's unsubscribe link. Unsubscribing takes the button (or the mail client's one-click
 * POST to ./one-click): a GET never changes anything, since mail scanners open every link.
 */
export default async function UnsubscribePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-bold tracking-tight">Unsubscribe from security announcements</h1>
      <p className="text-slate-700">
        Press the button to stop receiving the security announcements (and the forthcoming-fix notices) at
        this address.
      </p>
      <UnsubscribeForm
        action={unsubscribeAction}
        s={first(params.s).slice(0, 100)}
        t={first(params.t).slice(0, 200)}
      />
    </div>
  );
}
