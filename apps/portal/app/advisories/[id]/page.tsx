import type { TPublicAdvisory } from "@disclose/api";
import { formatUtc } from "@disclose/domain";
import { TRPCError } from "@trpc/server";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ADVISORY_FEED_ALTERNATES } from "~/advisories/feeds";
import { RenderedMarkdown } from "~/advisories/markdown";
import { SeverityBadge, WithdrawnBadge } from "~/advisories/severity-badge";
import { serverCaller } from "~/trpc/server";

type TParams = { params: Promise<{ id: string }> };

// One read per request, shared by the metadata and the page.
const loadAdvisory = cache(async (rawId: string): Promise<TPublicAdvisory> => {
  let id: string;
  try {
    id = decodeURIComponent(rawId);
  } catch {
    notFound();
  }
  try {
    return await (await serverCaller()).advisories.get({ publicId: id });
  } catch (error) {
    // Unknown, malformed or overlong ids alike: the portal's one 404.
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST"))
      notFound();
    throw error;
  }
});

export async function generateMetadata({ params }: TParams): Promise<Metadata> {
  const advisory = await loadAdvisory((await params).id);
  return {
    title: `${advisory.publicId}: ${advisory.title}`,
    description: advisory.summary,
    alternates: ADVISORY_FEED_ALTERNATES,
  };
}

const CREDIT_LABELS: Record<string, string> = {
  finder: "Found by",
  reporter: "Reported by",
  analyst: "Analysis",
  coordinator: "Coordination",
  "remediation developer": "Fix developed by",
  "remediation reviewer": "Fix reviewed by",
  "remediation verifier": "Fix verified by",
  tool: "Found with",
  sponsor: "Sponsored by",
  other: "Thanks to",
};

function isWebUrl(value: string): boolean {
  return /^https?:\/\/\S+$/i.test(value);
}

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-2">
      <h2 id={id} className="text-xl font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

function Download({ path, label, sha256 }: { path: string; label: string; sha256: string }) {
  return (
    <li className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
      <a className="underline wrap-anywhere" href={path} download>
        {label}
      </a>
      <a className="text-sm underline" href={`${path}.asc`} download>
        signature (.asc)
      </a>
      <span className="font-mono text-xs text-slate-500 wrap-anywhere" title="SHA-256">
        {sha256}
      </span>
    </li>
  );
}

export default async function AdvisoryPage({ params }: TParams) {
  const a = await loadAdvisory((await params).id);
  const onlyV4 = a.vulnerabilities.filter((v) => v.csafCvssInNote);
  return (
    <article className="space-y-8">
      <header className="space-y-3">
        <p className="text-sm">
          <a href="/advisories" className="underline">
            ← All advisories
          </a>
        </p>
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <SeverityBadge severity={a.severity} score={a.cvssScore} />
          {a.withdrawn ? <WithdrawnBadge /> : null}
          <span className="font-mono text-slate-600">{a.publicId}</span>
          {a.cveIds.map((cve) => (
            <span key={cve} className="font-mono text-slate-600">
              {cve}
            </span>
          ))}
        </div>
        <h1 className="text-3xl font-bold tracking-tight wrap-anywhere">{a.title}</h1>
        <p className="text-lg text-slate-700 wrap-anywhere">{a.summary}</p>
        <p className="text-sm text-slate-600">
          Published {formatUtc(a.publishedAt)}
          {a.revision > 1 ? ` · revision ${a.revision}, ${formatUtc(a.modifiedAt)}` : ""}
        </p>
        {a.withdrawn ? (
          <div
            role="note"
            className="rounded-lg border border-slate-400 bg-slate-100 p-4"
            data-testid="withdrawn"
          >
            <p className="font-semibold">This advisory was withdrawn on {formatUtc(a.withdrawn.at)}.</p>
            <p className="mt-1 wrap-anywhere">{a.withdrawn.reason}</p>
          </div>
        ) : null}
      </header>

      <Section id="severity" title="Severity">
        <ul className="space-y-2">
          {a.vulnerabilities.map((v, i) => (
            <li key={v.cveId ?? `v${i}`} className="rounded-lg border border-slate-200 bg-white p-3">
              <p className="font-medium wrap-anywhere">
                {v.cveId ?? "No CVE yet"}
                {v.title ? `: ${v.title}` : ""}
              </p>
              {v.cvss ? (
                <p className="mt-1 flex flex-wrap items-center gap-2 text-sm">
                  <SeverityBadge severity={v.cvss.severity} score={v.cvss.score} />
                  <code className="font-mono text-xs wrap-anywhere">{v.cvss.vector}</code>
                </p>
              ) : (
                <p className="mt-1 text-sm text-slate-600">Not scored.</p>
              )}
              {v.cweId ? (
                <p className="mt-1 text-sm">
                  <a
                    className="underline"
                    href={`https://cwe.mitre.org/data/definitions/${v.cweId.slice(4)}.html`}
                  >
                    {v.cweId}
                  </a>
                  {v.cweName ? `: ${v.cweName}` : ""}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
        {onlyV4.length > 0 ? (
          <p className="text-sm text-slate-600" data-testid="cvss4-note">
            {onlyV4.map((v) => v.cveId ?? "One vulnerability").join(", ")}{" "}
            {onlyV4.length === 1 ? "is" : "are"} scored in CVSS 4.0 only. CSAF 2.0 has no CVSS 4.0, so the
            CSAF document carries the vector and score in a note.
          </p>
        ) : null}
      </Section>

      <Section id="affected" title="Affected and patched versions">
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-left text-sm">
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="py-2 pr-4">
                  Package or product
                </th>
                <th scope="col" className="py-2 pr-4">
                  Affected
                </th>
                <th scope="col" className="py-2">
                  Patched
                </th>
              </tr>
            </thead>
            <tbody>
              {a.affected.map((entry) => (
                <tr key={entry.label} className="border-b border-slate-200 align-top">
                  <th scope="row" className="py-2 pr-4 font-normal">
                    <span className="font-medium wrap-anywhere">{entry.name}</span>
                    {entry.ecosystem ? <span className="block text-slate-600">{entry.ecosystem}</span> : null}
                    {entry.cveIds.length > 0 && entry.cveIds.length < a.cveIds.length ? (
                      <span className="block text-xs text-slate-600">{entry.cveIds.join(", ")}</span>
                    ) : null}
                  </th>
                  <td className="py-2 pr-4">
                    <ul>
                      {entry.ranges.flatMap((r, ri) =>
                        r.intervals.map((text, ti) => (
                          // biome-ignore lint/suspicious/noArrayIndexKey: positions in a fixed list
                          <li key={`${ri}-${ti}`} className="font-mono text-xs wrap-anywhere">
                            {r.type === "GIT" ? `${r.repo ?? "git"}: ` : ""}
                            {text}
                          </li>
                        )),
                      )}
                      {entry.versions.length > 0 ? (
                        <li className="font-mono text-xs wrap-anywhere">{entry.versions.join(", ")}</li>
                      ) : null}
                    </ul>
                  </td>
                  <td className="py-2 font-mono text-xs wrap-anywhere">
                    {entry.patchedVersions.length > 0 ? entry.patchedVersions.join(", ") : "None yet"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>

      <Section id="description" title="Description">
        <RenderedMarkdown html={a.descriptionHtml} />
      </Section>

      {a.upgradeHtml ? (
        <Section id="upgrade" title="How to upgrade">
          <RenderedMarkdown html={a.upgradeHtml} />
        </Section>
      ) : null}

      {a.workaroundsHtml ? (
        <Section id="workarounds" title="Workarounds">
          <RenderedMarkdown html={a.workaroundsHtml} />
        </Section>
      ) : null}

      {a.fixes.length > 0 ? (
        <Section id="fixes" title="Fixes">
          <ul className="list-disc space-y-1 pl-5">
            {a.fixes.map((f) => (
              <li key={f.url} className="wrap-anywhere">
                <a className="underline" href={f.url} rel="noopener noreferrer">
                  {f.title ?? f.url}
                </a>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}

      {a.credits.length > 0 ? (
        <Section id="credits" title="Credits">
          <ul className="space-y-1">
            {a.credits.map((c) => (
              <li key={`${c.type}-${c.name}`} className="wrap-anywhere">
                <span className="text-slate-600">{CREDIT_LABELS[c.type] ?? "Thanks to"}</span>{" "}
                {c.contact && isWebUrl(c.contact) ? (
                  <a className="underline" href={c.contact} rel="noopener noreferrer nofollow">
                    {c.name}
                  </a>
                ) : (
                  c.name
                )}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}

      {a.references.length > 0 ? (
        <Section id="references" title="References">
          <ul className="list-disc space-y-1 pl-5">
            {a.references.map((r) => (
              <li key={r.url} className="wrap-anywhere">
                <a className="underline" href={r.url} rel="noopener noreferrer nofollow">
                  {r.url}
                </a>
                {r.tags.length > 0 ? (
                  <span className="text-sm text-slate-600"> ({r.tags.join(", ")})</span>
                ) : null}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}

      <Section id="downloads" title="Machine-readable versions">
        <p className="text-sm text-slate-700">
          Each file is signed by the project&apos;s advisory key (
          <a className="underline" href="/.well-known/csaf/provider-metadata.json">
            listed in the CSAF provider metadata
          </a>
          ). Check one with <code className="font-mono text-xs">gpg --verify file.json.asc file.json</code>.
        </p>
        <ul className="space-y-2">
          {a.documents.csaf ? <Download {...a.documents.csaf} /> : null}
          {a.documents.osv.map((d) => (
            <Download key={d.path} {...d} />
          ))}
          {a.documents.cve.map((d) => (
            <Download key={d.path} {...d} />
          ))}
        </ul>
      </Section>

      <Section id="history" title="Revision history">
        <ol className="space-y-1 text-sm">
          {a.revisions.map((r) => (
            <li key={r.number}>
              <span className="font-medium">Revision {r.number}</span>{" "}
              <span className="text-slate-600">({formatUtc(r.publishedAt)})</span>:{" "}
              <span className="wrap-anywhere">{r.summary}</span>
            </li>
          ))}
        </ol>
      </Section>
    </article>
  );
}
