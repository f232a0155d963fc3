import type { TReportForStaff } from "@disclose/api";
import { describeUnheldKeys, unheldKeysAdvice } from "@disclose/domain";

/**
 * A report by email encrypted only to keys no one here holds: said plainly, with the keys named and what to do,
 * where the report's text would be. It stays triageable (reject, spam, duplicate) without being read.
 */
export function UnheldKeysNotice({ keys }: { keys: TReportForStaff["unheldKeys"] }) {
  return (
    <section
      aria-labelledby="unheld-heading"
      className="space-y-2 rounded-md border-l-4 border-amber-600 bg-amber-50 p-4 text-amber-950"
      data-testid="unheld-keys"
    >
      <h2 id="unheld-heading" className="font-semibold">
        No one here can read this report yet
      </h2>
      <p className="wrap-anywhere">
        It came by email, encrypted only to keys that reports here are not encrypted to.{" "}
        {describeUnheldKeys(keys)}
      </p>
      <ul className="list-disc space-y-1 pl-5 text-sm">
        {unheldKeysAdvice(keys).map((advice) => (
          <li key={advice}>{advice}</li>
        ))}
      </ul>
      <p className="text-sm">
        You can still triage it without reading it: reject it, mark it spam or a duplicate.
      </p>
    </section>
  );
}

/** The inbox's word for such a report, in place of its (missing) title. */
export function UnreadableBadge() {
  return (
    <span className="block text-xs font-semibold text-amber-900" data-testid="inbox-unreadable">
      No one here can read it: encrypted to a key we don&apos;t hold
    </span>
  );
}
