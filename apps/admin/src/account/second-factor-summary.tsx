import { formatUtc } from "@disclose/domain";
import { NewRecoveryCodes } from "./new-recovery-codes";
import type { TSecondFactors } from "./types";

/** The authenticator app and the recovery codes left; passkeys follow in their own section. */
export function SecondFactorSummary({ factors }: { factors: TSecondFactors }) {
  const low = factors.recoveryCodesLeft <= 3;
  return (
    <dl className="divide-y divide-slate-100 rounded-lg bg-white shadow-sm">
      <div className="space-y-1 p-4">
        <dt className="font-medium">Authenticator app</dt>
        <dd className="text-slate-700">
          {factors.authenticatorConfirmedAt
            ? `Added ${formatUtc(factors.authenticatorConfirmedAt)}`
            : "Not set up."}
        </dd>
      </div>
      <div className="space-y-2 p-4">
        <dt className="font-medium">Recovery codes</dt>
        <dd className="space-y-2">
          <p className={low ? "text-amber-800" : "text-slate-700"} data-testid="recovery-codes-left">
            {factors.recoveryCodesLeft} of {factors.recoveryCodesTotal} left
            {low && factors.authenticatorConfirmedAt ? ": make new ones before they run out." : "."}
          </p>
          {factors.authenticatorConfirmedAt ? <NewRecoveryCodes /> : null}
        </dd>
      </div>
    </dl>
  );
}
