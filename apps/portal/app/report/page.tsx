import { REPORT_LIMITS } from "@disclose/crypto";
import { Alert } from "@disclose/ui";
import { PAGE_POST_MAX_BYTES } from "@disclose/ui/next-config";
import type { Metadata } from "next";
import { submitReportAction } from "~/report/actions";
import { ReportForm } from "~/report/report-form";
import { TeamKeys } from "~/report/team-keys";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = {
  title: "Report a vulnerability",
  // The site's default is "no-referrer", under which a browser sends `Origin: null` with a form post; the
  // no-JavaScript submit is a server action whose CSRF check needs the real Origin. "same-origin" still sends no
  // referrer to any other site.
  referrer: "same-origin",
};

export default async function ReportPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // Set by proxy.ts when a form post was too large to read at all.
  const tooLarge = (await searchParams)["too-large"] !== undefined;
  const { retentionDays } = await (await serverCaller()).retention.policy();
  const limits = {
    titleMaxChars: REPORT_LIMITS.titleMaxChars,
    textMaxChars: REPORT_LIMITS.textMaxChars,
    attachmentsMaxCount: REPORT_LIMITS.attachmentsMaxCount,
    attachmentsMaxTotalBytes: REPORT_LIMITS.attachmentsMaxTotalBytes,
    emailMaxChars: REPORT_LIMITS.emailMaxChars,
  };
  return (
    <div className="space-y-8">
      <section className="space-y-3">
        <h1 className="text-3xl font-bold tracking-tight">Report a vulnerability</h1>
        <p className="text-slate-700">
          Tell the Product Security Team privately. Your report and your files are encrypted with OpenPGP to
          the keys of the team&apos;s members: <strong>in this browser</strong> before anything is sent or, if
          JavaScript is off, by our server the moment they arrive. Only the encrypted text is ever stored.
          After sending you get a private tracking link to follow the report and talk with the team.{" "}
          <a className="underline" href="/policy">
            What happens next
          </a>
          .
        </p>
      </section>

      <section
        aria-labelledby="not-encrypted"
        className="rounded-lg border border-slate-300 bg-white p-4 text-sm"
      >
        <h2 id="not-encrypted" className="mb-2 font-semibold text-base">
          What is <em>not</em> encrypted
        </h2>
        <p className="mb-2 text-slate-700">To run the process, the server sees and stores these in clear:</p>
        <ul className="list-disc space-y-1 pl-5 text-slate-700">
          <li>
            the email address for notifications, if you give one: it is erased {retentionDays} days after your
            report is closed, or at once when you ask on your tracking page;
          </li>
          <li>whether the issue is already public, and its public link;</li>
          <li>when you sent the report, and the sizes of the encrypted report and files;</li>
          <li>
            your IP address, to limit abuse: only a hash of it is kept, for a day at most, and never with the
            report.
          </li>
        </ul>
        <p className="mt-2 text-slate-700">
          Everything else — title, component, versions, description, steps, impact, CVSS, how to credit you,
          your files and their names — is encrypted. Without JavaScript the form still works: the server
          encrypts your report the moment it arrives and never writes it down unencrypted.
        </p>
        <TeamKeys />
      </section>

      {tooLarge ? (
        <Alert title="Your report was not sent: it was larger than we can receive.">
          <p>
            Together with its files it came to more than {PAGE_POST_MAX_BYTES / 1024 / 1024} MB, so nothing of
            it was read or kept, and what you typed could not be shown again. Attachments may be{" "}
            {REPORT_LIMITS.attachmentsMaxTotalBytes / 1024 / 1024} MB in total: please fill in the form again
            with fewer or smaller files.
          </p>
        </Alert>
      ) : null}

      <ReportForm action={submitReportAction} limits={limits} />
    </div>
  );
}
