import { connection } from "next/server";
import { Suspense } from "react";
import { serverCaller } from "~/trpc/server";

async function KeyList() {
  await connection();
  let keys: { fingerprint: string; userName: string | null }[];
  try {
    keys = await (await serverCaller()).keys.list();
  } catch {
    return <p className="mt-2 text-slate-600">The list of keys could not be loaded right now.</p>;
  }
  if (keys.length === 0) {
    return <p className="mt-2 text-amber-800">The team has not published any encryption keys yet.</p>;
  }
  return (
    <ul className="mt-2 space-y-1">
      {keys.map((k) => (
        <li key={k.fingerprint} className="break-all">
          {k.userName ? `${k.userName}: ` : ""}
          <code className="text-xs">{k.fingerprint.replace(/(.{4})/g, "$1 ").trim()}</code>
        </li>
      ))}
    </ul>
  );
}

/** The fingerprints a report will be encrypted to, so a careful reporter can check them out of band. */
export function TeamKeys() {
  return (
    <details className="mt-3">
      <summary className="cursor-pointer font-medium">Which keys is my report encrypted to?</summary>
      <Suspense fallback={<p className="mt-2 text-slate-600">Loading the team&apos;s keys…</p>}>
        <KeyList />
      </Suspense>
      <p className="mt-2">
        The same keys as a file:{" "}
        <a className="underline" href="/pgp-keys.asc">
          /pgp-keys.asc
        </a>
        .
      </p>
    </details>
  );
}
