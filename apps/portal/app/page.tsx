import { buttonClass, HealthBadge } from "@disclose/ui";
import { connection } from "next/server";
import { serverCaller } from "~/trpc/server";

const steps = [
  [
    "Report privately",
    "Send the details here, never in a public issue. Your report is encrypted before it is stored.",
  ],
  [
    "We acknowledge and triage",
    "A member of the Product Security Team confirms receipt and assesses the report.",
  ],
  ["A Fix Team forms", "Within 24 hours a Fix Lead brings in the engineers who can fix it."],
  [
    "Fix and release",
    "A fix is developed, reviewed and released, usually within 21 days, with a CVE and credit to you.",
  ],
] as const;

export default async function HomePage() {
  await connection();
  const health = await (await serverCaller()).health.check();
  return (
    <div className="space-y-8">
      <section className="space-y-3">
        <h1 className="text-3xl font-bold tracking-tight">Report a security vulnerability</h1>
        <p className="text-lg text-slate-700">
          Found a security problem? Please <strong>do not open a public issue</strong>. Tell the Product
          Security Team here, privately. We will thank you publicly once it is fixed, unless you prefer to
          stay anonymous.
        </p>
        <p className="flex flex-wrap items-center gap-4 pt-2">
          <a href="/report" className={`${buttonClass} text-lg`}>
            Report a vulnerability
          </a>
          <a href="/policy" className="underline">
            How we handle reports
          </a>
          <a href="/distributors/apply" className="underline">
            Distributors: apply to the distributors list
          </a>
          <a href="/announcements" className="underline">
            Subscribe to security announcements
          </a>
        </p>
      </section>
      <section aria-labelledby="what-happens" className="space-y-3">
        <h2 id="what-happens" className="text-xl font-semibold">
          What happens next
        </h2>
        <ol className="grid gap-3 sm:grid-cols-2">
          {steps.map(([title, text], index) => (
            <li key={title} className="rounded-lg border border-slate-200 bg-white p-4">
              <p className="font-medium">
                <span className="mr-2 text-slate-400">{index + 1}.</span>
                {title}
              </p>
              <p className="mt-1 text-sm text-slate-600">{text}</p>
            </li>
          ))}
        </ol>
      </section>
      <footer className="border-t border-slate-200 pt-4">
        <HealthBadge health={health} />
      </footer>
    </div>
  );
}
