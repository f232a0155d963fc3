import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Not found" };

/**
 * Every unknown address, and a report that does not exist or is not this account's to see: the same words either
 * way, so the page does not tell which ids exist. The start page sends each person on to the page they use most.
 */
export default function NotFound() {
  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-bold tracking-tight">This page does not exist</h1>
      <p className="text-slate-700">
        The link may be mistyped, or what it pointed to was removed or is not shared with your account.
      </p>
      <p>
        <Link href="/" className="font-semibold text-sky-700 underline">
          Back to the start page
        </Link>
      </p>
    </div>
  );
}
