"use client";

import type { TReportContent } from "@disclose/crypto";
import { type ReactNode, useEffect, useState } from "react";
import { formatBytes } from "~/lib/format";
import { LockedText, useReporterKey } from "./use-reporter-key";

type Opened =
  | { kind: "report"; content: TReportContent }
  | { kind: "text"; text: string }
  | { kind: "failed" };

/**
 * "What you sent": the report as the reporter sent it, decrypted in this browser with their own key. Shown,
 * never stored; the server only ever had the ciphertext.
 */
export function SentReport({ report }: { report: string | null }) {
  const key = useReporterKey();
  const [opened, setOpened] = useState<Opened | null>(null);

  useEffect(() => {
    if (key.status !== "ready" || report === null) return;
    let cancelled = false;
    (async () => {
      let next: Opened;
      try {
        next = await parse(await key.decrypt(report));
      } catch {
        next = { kind: "failed" };
      }
      if (!cancelled) setOpened(next);
    })();
    return () => {
      cancelled = true;
    };
  }, [key, report]);

  return (
    <section aria-labelledby="sent-heading" className="space-y-3">
      <h2 id="sent-heading" className="text-xl font-semibold">
        What you sent
      </h2>
      {report === null ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-4 text-slate-600">
          This report can&apos;t be shown here: it was sent before reporters got a copy of what they sent, or
          it is a PGP message you encrypted yourself. The security team has it.
        </p>
      ) : (
        <>
          <p className="text-sm text-slate-600">
            Decrypted in this browser with the key in your link; our server cannot read it.
          </p>
          <p role="status" className="sr-only">
            {key.status === "ready" && opened === null ? "Decrypting your report…" : ""}
          </p>
          {key.status !== "ready" ? (
            <LockedText status={key.status} />
          ) : opened === null ? (
            <p className="text-sm text-slate-600">Decrypting…</p>
          ) : opened.kind === "failed" ? (
            <p className="text-sm text-red-700">
              Your report could not be decrypted with this link&apos;s key.
            </p>
          ) : opened.kind === "text" ? (
            <pre className="whitespace-pre-wrap wrap-anywhere rounded-lg border border-slate-200 bg-white p-4 font-sans">
              {opened.text}
            </pre>
          ) : (
            <ReportContent content={opened.content} />
          )}
        </>
      )}
    </section>
  );
}

/** The report's JSON ({version: 1, ...}) read as fields; anything else is shown as the text it is. */
async function parse(text: string): Promise<Opened> {
  const { ZReportContent } = await import("@disclose/crypto");
  try {
    const result = ZReportContent.safeParse(JSON.parse(text));
    if (result.success) return { kind: "report", content: result.data };
  } catch {
    // Not JSON: fall through.
  }
  return { kind: "text", text };
}

function ReportContent({ content }: { content: TReportContent }) {
  const texts: [string, string][] = [
    ["Description", content.description],
    ["Steps to reproduce", content.stepsToReproduce],
    ["Impact", content.impact],
  ];
  return (
    <article
      aria-labelledby="sent-title"
      className="min-w-0 space-y-5 rounded-lg border border-slate-200 bg-white p-4"
      data-testid="sent-report"
    >
      <h3 id="sent-title" className="text-lg font-semibold wrap-anywhere">
        {content.title}
      </h3>
      <dl className="grid gap-y-3 text-sm sm:grid-cols-[max-content_minmax(0,1fr)] sm:gap-x-6">
        <Fact term="Affected component">{content.component}</Fact>
        <Fact term="Affected versions">{content.affectedVersions}</Fact>
        <Fact term="CVSS vector">
          {content.cvssVector ? (
            // A vector is one long word: it breaks anywhere rather than widen the page at 390 px.
            <span className="font-mono break-all">{content.cvssVector}</span>
          ) : (
            "None given"
          )}
        </Fact>
        <Fact term="Already public">
          {!content.alreadyPublic ? (
            "No"
          ) : content.publicUrl ? (
            <>
              Yes, at{" "}
              <a className="break-all underline" href={content.publicUrl} rel="noopener noreferrer nofollow">
                {content.publicUrl}
              </a>
            </>
          ) : (
            "Yes"
          )}
        </Fact>
        <Fact term="Credit">
          {content.credit.mode === "named"
            ? `You asked to be credited as ${content.credit.name}`
            : "You chose to stay anonymous"}
        </Fact>
      </dl>
      {texts.map(([heading, text]) => (
        <div key={heading} className="space-y-1">
          <h4 className="text-sm font-medium text-slate-600">{heading}</h4>
          <p className="whitespace-pre-wrap wrap-anywhere">{text}</p>
        </div>
      ))}
      <div className="space-y-1">
        <h4 className="text-sm font-medium text-slate-600">Attachments</h4>
        {content.attachments.length === 0 ? (
          <p>None.</p>
        ) : (
          <>
            <ul className="divide-y divide-slate-100 rounded-md border border-slate-200">
              {content.attachments.map((a, i) => (
                <li
                  // Two files may share a name; their place in the list is what tells them apart.
                  // biome-ignore lint/suspicious/noArrayIndexKey: the list never changes order.
                  key={i}
                  className="flex flex-wrap items-baseline justify-between gap-x-3 px-3 py-2"
                >
                  <span className="min-w-0 font-medium wrap-anywhere">{a.name}</span>
                  <span className="text-sm text-slate-600">{formatBytes(a.size)}</span>
                </li>
              ))}
            </ul>
            <p className="text-sm text-slate-600">
              Only their names and sizes are shown here; the files themselves can&apos;t be downloaded from
              this page. The security team has them.
            </p>
          </>
        )}
      </div>
    </article>
  );
}

/** One row of the facts list: stacked at 390 px, two columns from `sm` up. */
function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="min-w-0 sm:contents">
      <dt className="font-medium text-slate-600">{term}</dt>
      <dd className="min-w-0 wrap-anywhere">{children}</dd>
    </div>
  );
}
