"use client";

import { Alert, buttonClass, describedBy, Field, inputClass, secondaryButtonClass } from "@disclose/ui";
import { type FormEvent, useState } from "react";
import { portalClient } from "~/trpc/client";

export interface TCreditOfferProps {
  status: "offered" | "accepted" | "declined";
  offeredName: string;
  creditType: string;
  name: string | null;
}

/**
 * "CVE and credit" on the tracking page: each vulnerability's CVE state in words ("CVE-2026-1234 reserved", "CVE
 * requested from GitHub"), and the credit the team offers, which the reporter accepts (maybe with another name) or
 * declines, once.
 */
export function CveAndCredit({
  token,
  cveRequests,
  creditOffer,
}: {
  token: string;
  cveRequests: { position: number; text: string }[];
  creditOffer: TCreditOfferProps | null;
}) {
  if (cveRequests.length === 0 && creditOffer === null) return null;
  return (
    <section aria-labelledby="cve-credit-heading" className="space-y-3">
      <h2 id="cve-credit-heading" className="text-xl font-semibold">
        CVE and credit
      </h2>
      {cveRequests.length > 0 ? (
        <ul className="space-y-1" data-testid="cve-states">
          {cveRequests.map((c) => (
            <li key={c.position}>
              {cveRequests.length > 1 ? `Vulnerability ${c.position}: ` : ""}
              {c.text}
            </li>
          ))}
        </ul>
      ) : null}
      {creditOffer ? <CreditDecision token={token} initial={creditOffer} /> : null}
    </section>
  );
}

function CreditDecision({ token, initial }: { token: string; initial: TCreditOfferProps }) {
  const [offer, setOffer] = useState(initial);
  const [name, setName] = useState(initial.offeredName);
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<{ message: string; field: string | null; n: number } | null>(null);

  async function decide(decision: "accept" | "decline") {
    setPending(true);
    try {
      const result = await portalClient().tracking.decideCredit.mutate({
        token,
        decision,
        ...(decision === "accept" ? { name } : {}),
      });
      setOffer(result);
      setProblem(null);
    } catch (cause) {
      const data = (cause as { data?: { code?: string; appDetails?: { field?: string } } }).data;
      const message =
        cause instanceof Error && data?.code !== "INTERNAL_SERVER_ERROR" && cause.message
          ? cause.message
          : "Your answer could not be saved just now. Please try again.";
      setProblem({ message, field: data?.appDetails?.field ?? null, n: (problem?.n ?? 0) + 1 });
    } finally {
      setPending(false);
    }
  }

  if (offer.status === "accepted") {
    return (
      <p data-testid="credit-state">
        You accepted the credit: the advisory will name you as “{offer.name}” ({offer.creditType}).
      </p>
    );
  }
  if (offer.status === "declined") {
    return <p data-testid="credit-state">You declined the credit: the advisory will not name you.</p>;
  }
  const nameError = problem?.field === "name" ? problem.message : null;
  return (
    <form
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
      noValidate
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        void decide("accept");
      }}
    >
      <p data-testid="credit-state">
        The team would like to credit you in the advisory as “{offer.offeredName}” ({offer.creditType}).
        Accept, with this name or the one you prefer, or decline. You answer once.
      </p>
      {problem && !nameError ? (
        <Alert title="Not saved" focusKey={problem.n}>
          {problem.message}
        </Alert>
      ) : null}
      <Field
        id="credit-name"
        label="Your name in the advisory"
        hint="Leave it as it is to accept the team's wording."
        error={nameError}
      >
        <input
          id="credit-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={200}
          className={inputClass}
          aria-invalid={nameError ? true : undefined}
          aria-describedby={describedBy("credit-name", { hint: true, error: nameError })}
        />
      </Field>
      <div className="flex flex-wrap gap-3">
        <button type="submit" className={buttonClass} disabled={pending}>
          Accept the credit
        </button>
        <button
          type="button"
          className={secondaryButtonClass}
          disabled={pending}
          onClick={() => void decide("decline")}
        >
          Decline
        </button>
      </div>
    </form>
  );
}
