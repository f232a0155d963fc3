import { APPLICATION_LIMITS } from "@disclose/api";
import type { Metadata } from "next";
import { applyAction } from "~/distributors/actions";
import { ApplicationForm } from "~/distributors/application-form";

export const metadata: Metadata = {
  title: "Apply to the private distributors list",
  // The site's default is "no-referrer", under which a browser sends `Origin: null` with a form post; the
  // server action's CSRF check needs the real Origin. "same-origin" still sends no referrer to any other site.
  referrer: "same-origin",
};

export default function ApplyPage() {
  return (
    <div className="space-y-8">
      <section className="space-y-3">
        <h1 className="text-3xl font-bold tracking-tight">Apply to the private distributors list</h1>
        <p className="text-slate-700">
          The private distributors list gives actionable information to several distributors at once: vetted
          distributors get a fix early, under embargo, so that their users are protected on release day. It is
          for distributions, not for individuals who want to learn about security issues.
        </p>
        <p className="text-slate-700">
          To join, your distribution must meet all seven membership criteria below, accept the Embargo Policy,
          and have someone already on the list vouch for you. Members carry some water: they review and test
          proposed patches and report back, even when they find nothing. The Product Security Team decides.{" "}
          <a className="underline" href="/policy">
            How the security process works
          </a>
          .
        </p>
        <p className="text-sm text-slate-600">
          You need no account. Everything you write here is read by the Product Security Team; no answer is
          published.
        </p>
      </section>
      <ApplicationForm action={applyAction} limits={APPLICATION_LIMITS} />
    </div>
  );
}
