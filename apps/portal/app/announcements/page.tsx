import type { Metadata } from "next";
import { subscribeAction } from "~/announcements/actions";
import { SubscribeForm } from "~/announcements/subscribe-form";

export const metadata: Metadata = {
  title: "Subscribe to security announcements",
  // The site's default is "no-referrer", under which a browser sends `Origin: null` with a form post; the
  // server action's CSRF check needs the real Origin. "same-origin" still sends no referrer to any other site.
  referrer: "same-origin",
};

export default function AnnouncementsPage() {
  return (
    <div className="space-y-8">
      <section className="space-y-3">
        <h1 className="text-3xl font-bold tracking-tight">Subscribe to security announcements</h1>
        <p className="text-slate-700">
          When a security fix is released, the advisory is emailed to you: the CVE, how severe it is, which
          versions are affected and which are fixed, how to upgrade, what to do meanwhile, and who found it.
        </p>
        <p className="text-sm text-slate-600">
          We email you a link to confirm first. Your address is used for these announcements only, and every
          message has a link to unsubscribe; once you unsubscribe, your address is erased after 30 days. The
          advisories are also on the{" "}
          <a href="/advisories" className="underline">
            advisories page
          </a>{" "}
          and in its feeds.
        </p>
      </section>
      <SubscribeForm action={subscribeAction} />
    </div>
  );
}
