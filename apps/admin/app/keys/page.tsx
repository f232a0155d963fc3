import type { Metadata } from "next";
import { requireStaffSession } from "~/auth/session";
import { KeyringSection } from "~/keyring/keyring-section";
import { KeysManager } from "~/keys/keys-manager";
import { TeamKeysSection } from "~/team-keys/team-keys-section";
import { serverCaller } from "~/trpc/server";

export const metadata: Metadata = { title: "OpenPGP keys" };

export default async function KeysPage() {
  const session = await requireStaffSession();
  const api = await serverCaller();
  // Public parts only: locked private keys are fetched (and audited) when the browser needs one.
  const [mine, team] = await Promise.all([api.keys.mine(), api.keys.team()]);
  // Team keys are the PST's alone (the domain's mayHoldTeamKey): nobody else sees the section.
  const teamKeys = session.roles.includes("PST_MEMBER") ? await api.teamKeys.list() : null;
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="text-2xl font-bold tracking-tight">OpenPGP keys</h1>
        <p className="text-slate-700">
          Reports are encrypted to your public key. Your private key is locked with your passphrase in your
          browser before it is uploaded, and unlocked in your browser only when you read a report: the server
          can never read it.
        </p>
      </header>
      <KeyringSection hasCurrentKey={mine.current !== null} />
      <KeysManager
        owner={{ name: session.name ?? session.email, email: session.email }}
        initialMine={mine}
        initialTeam={team}
      />
      {teamKeys ? <TeamKeysSection keys={teamKeys} /> : null}
    </div>
  );
}
