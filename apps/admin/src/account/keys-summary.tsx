import { formatUtc } from "@disclose/domain";
import Link from "next/link";
import type { TMine } from "~/keys/format";
import { Fingerprint } from "~/keys/format";

/**
 * The person's OpenPGP keys at a glance (the Keys page manages them), and what to do after a forgotten passphrase:
 * a new key, whose cases a PST member's browser then grants to it; the server cannot.
 */
export function KeysSummary({ mine, casesWaiting }: { mine: TMine; casesWaiting: number | null }) {
  return (
    <div className="space-y-3">
      {mine.current ? (
        <div className="rounded-lg bg-white p-4 shadow-sm">
          <p className="text-sm font-medium text-slate-600">Current key</p>
          <Fingerprint value={mine.current.fingerprint} />
          <p className="text-sm text-slate-700">Created {formatUtc(mine.current.createdAt)}</p>
        </div>
      ) : (
        <p className="rounded-lg bg-white p-4 text-slate-700 shadow-sm">
          You have no current key: reports and case material cannot be encrypted to you yet.
        </p>
      )}
      {mine.retired.length > 0 ? (
        <div className="rounded-lg bg-white p-4 shadow-sm">
          <p className="text-sm font-medium text-slate-600">
            Retired keys (kept to read what was sent to them)
          </p>
          <ul className="space-y-2">
            {mine.retired.map((key) => (
              <li key={key.id}>
                <Fingerprint value={key.fingerprint} />
                <span className="block text-sm text-slate-700">
                  Created {formatUtc(key.createdAt)}
                  {key.retiredAt ? `, retired ${formatUtc(key.retiredAt)}` : ""}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p>
        <Link href="/keys" className="text-sky-700 underline">
          Manage your keys on the Keys page
        </Link>
      </p>
      {/* Only for someone with a key: without one there is no passphrase to forget. */}
      {mine.current ? (
        <div className="rounded-md border-l-4 border-sky-600 bg-sky-50 p-3 text-sm text-sky-950">
          <p>
            <strong>Forgot your key&apos;s passphrase?</strong> Make a new key on the Keys page; what you
            could read is then granted to it by the browser of a PST member or teammate who can read it (the
            server cannot do it).
          </p>
          {casesWaiting !== null && casesWaiting > 0 ? (
            <p className="mt-1" data-testid="cases-waiting">
              {casesWaiting === 1
                ? "1 case is waiting to be granted to your current key."
                : `${casesWaiting} cases are waiting to be granted to your current key.`}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
