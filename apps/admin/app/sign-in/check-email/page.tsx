import type { Metadata } from "next";
import Link from "next/link";
import { showsDevMailbox } from "~/dev/local-demo";

export const metadata: Metadata = { title: "Check your email" };

export default async function CheckEmailPage() {
  return (
    <div className="mx-auto max-w-md space-y-4">
      <h1 className="text-2xl font-bold tracking-tight">Check your email</h1>
      <p className="text-slate-700">
        If this address belongs to a Disclose account, a sign-in link is on its way. It works once, within 15
        minutes. At most five links are sent to one address per hour.
      </p>
      {!(await showsDevMailbox()) ? null : (
        <p className="text-sm text-slate-600">
          Development: the email is in the{" "}
          <Link href="/dev/mailbox" className="text-sky-700 underline">
            local mailbox
          </Link>
          .
        </p>
      )}
      <p>
        <Link href="/sign-in" className="text-sky-700 underline">
          Use another address
        </Link>
      </p>
    </div>
  );
}
