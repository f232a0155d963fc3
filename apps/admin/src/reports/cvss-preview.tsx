"use client";

import { CvssCalculator } from "@disclose/ui/cvss";

/**
 * The reporter's vector with its score, beside the shared calculator to try the Fix Lead's own. A preview:
 * nothing here is saved until vulnerabilities (each with its vector, every change audited) exist.
 */
export function CvssPreview({ reporterVector }: { reporterVector: string | null }) {
  return (
    <section aria-labelledby="cvss-heading" className="space-y-3 rounded-lg bg-white p-4 shadow-sm">
      <h2 id="cvss-heading" className="text-lg font-semibold">
        CVSS
      </h2>
      <p className="text-sm text-slate-600">
        {reporterVector
          ? "The reporter's vector and its score. Try your own below: "
          : "The reporter gave no vector. Try one below: "}
        this is a preview and nothing here is saved yet.
      </p>
      <CvssCalculator
        id="cvss-try"
        label="Vector to try (not saved)"
        hint={null}
        defaultValue={reporterVector ?? ""}
        reporterVector={reporterVector}
      />
    </section>
  );
}
