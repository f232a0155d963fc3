"use client";

import { Alert, buttonClass, secondaryButtonClass } from "@disclose/ui";
import { type ReactNode, useState } from "react";
import { adminClient, errorMessage } from "~/trpc/client";
import { CheckPassphrase } from "./check-passphrase";
import {
  downloadText,
  Fingerprint,
  formatUtcDate,
  type TKeyOwner,
  type TMine,
  type TMyKey,
  type TTeamKey,
} from "./format";
import { GenerateKeyForm } from "./generate-key-form";
import { ImportKeyForm } from "./import-key-form";
import { RetireKey } from "./retire-key";

type Panel = "none" | "generate" | "import";

/** The caller's keys (current and retired), making or importing one, retiring one, and the team's keys. */
export function KeysManager({
  owner,
  initialMine,
  initialTeam,
}: {
  owner: TKeyOwner;
  initialMine: TMine;
  initialTeam: TTeamKey[];
}) {
  const [mine, setMine] = useState(initialMine);
  const [team, setTeam] = useState(initialTeam);
  const [panel, setPanel] = useState<Panel>("none");
  const [loadError, setLoadError] = useState<string | null>(null);

  async function refresh() {
    try {
      const [nextMine, nextTeam] = await Promise.all([
        adminClient().keys.mine.query(),
        adminClient().keys.team.query(),
      ]);
      setMine(nextMine);
      setTeam(nextTeam);
      setLoadError(null);
    } catch (error) {
      setLoadError(errorMessage(error));
    }
  }

  const current = mine.current;
  const onlyTeamKey = current !== null && team.length === 1 && team[0]?.fingerprint === current.fingerprint;
  return (
    <div className="space-y-8">
      {loadError ? (
        <Alert title="The keys could not be reloaded">
          {loadError} Reload the page to see the latest state.
        </Alert>
      ) : null}

      <section aria-labelledby="current-heading" className="space-y-3">
        <h2 id="current-heading" className="text-xl font-semibold">
          Your current key
        </h2>
        {current ? (
          <KeyCard keyInfo={current}>
            <div className="flex flex-wrap gap-2">
              <button
                type="button"
                className={secondaryButtonClass}
                onClick={() => downloadText(`${current.fingerprint}.pub.asc`, current.armoredPublicKey)}
              >
                Download the public key
              </button>
              <CheckPassphrase fingerprint={current.fingerprint} />
              <RetireKey keyInfo={current} onlyTeamKey={onlyTeamKey} onRetired={refresh} />
            </div>
          </KeyCard>
        ) : (
          <p className="rounded-lg border border-dashed border-slate-300 bg-white p-4 text-slate-700">
            You have no current key. Reports are encrypted to the keys of the PST members, so as a PST member
            you can read only the reports that arrive after you register one.
          </p>
        )}
        {panel === "none" ? (
          <div className="flex flex-wrap gap-2">
            <button type="button" className={buttonClass} onClick={() => setPanel("generate")}>
              {current ? "Replace it with a new key…" : "Make a key in this browser…"}
            </button>
            <button type="button" className={secondaryButtonClass} onClick={() => setPanel("import")}>
              {current ? "Replace it with an imported key…" : "Import a key…"}
            </button>
          </div>
        ) : null}
        {panel === "generate" ? (
          <GenerateKeyForm
            owner={owner}
            current={current}
            onRegistered={refresh}
            onClose={() => setPanel("none")}
          />
        ) : null}
        {panel === "import" ? (
          <ImportKeyForm current={current} onRegistered={refresh} onClose={() => setPanel("none")} />
        ) : null}
      </section>

      <section aria-labelledby="retired-heading" className="space-y-3">
        <h2 id="retired-heading" className="text-xl font-semibold">
          Your retired keys
        </h2>
        <p className="text-sm text-slate-700">
          No new reports are encrypted to these keys. They stay here, locked with their passphrases, so you
          can still read the reports sent to them.
        </p>
        {mine.retired.length === 0 ? (
          <p className="text-slate-600">None.</p>
        ) : (
          <ul className="space-y-2">
            {mine.retired.map((k) => (
              <li key={k.id}>
                <KeyCard keyInfo={k} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="team-heading" className="space-y-3">
        <h2 id="team-heading" className="text-xl font-semibold">
          The team&apos;s keys
        </h2>
        <p className="text-sm text-slate-700">
          New reports are encrypted in the reporter&apos;s browser to exactly these keys: the current keys of
          the active PST members. Reporters see the same fingerprints, so you can confirm them out of band.
        </p>
        {team.length === 0 ? (
          <Alert title="No PST member has a key">
            Reporters cannot send encrypted reports until a PST member registers a key.
          </Alert>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg bg-white shadow-sm">
            {team.map((k) => (
              <li key={k.fingerprint} className="space-y-1 p-3">
                <p className="font-medium">
                  {k.ownerName}
                  {k.mine ? <span className="ml-2 text-sm font-normal text-slate-600">(you)</span> : null}
                </p>
                <p>
                  <Fingerprint value={k.fingerprint} />
                </p>
                <p className="text-sm text-slate-600">Registered {formatUtcDate(k.createdAt)}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function KeyCard({ keyInfo, children }: { keyInfo: TMyKey; children?: ReactNode }) {
  return (
    <div className="space-y-2 rounded-lg bg-white p-4 shadow-sm">
      <p>
        <span className="sr-only">Fingerprint: </span>
        <Fingerprint value={keyInfo.fingerprint} />
      </p>
      <p className="text-sm text-slate-600">
        Registered {formatUtcDate(keyInfo.createdAt)}
        {keyInfo.retiredAt ? ` · retired ${formatUtcDate(keyInfo.retiredAt)}` : ""}
      </p>
      {children}
    </div>
  );
}
