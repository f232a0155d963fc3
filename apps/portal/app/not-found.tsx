import type { Metadata } from "next";

export const metadata: Metadata = { title: "Not found", robots: { index: false, follow: false } };

/** One page for every unknown address, tracking links included: a wrong token reveals nothing. */
export default function NotFound() {
  return (
    <div className="space-y-3">
      <h1 className="text-2xl font-bold tracking-tight">This page does not exist</h1>
      <p className="text-slate-700">
        If you followed a tracking link, check that you copied all of it. Tracking links cannot be recovered;
        if you lost yours,{" "}
        <a className="underline" href="/report">
          send a new report
        </a>{" "}
        and mention the old one.
      </p>
    </div>
  );
}
