"use client";

import type { AdminRouter } from "@disclose/api";
import { REPORT_CREDIT_TYPES } from "@disclose/domain";
import { Alert, buttonClass, describedBy, Field, inputClass, LocalTime } from "@disclose/ui";
import type { inferRouterOutputs } from "@trpc/server";
import { type FormEvent, useState } from "react";
import { adminClient } from "~/trpc/client";
import { useAction } from "./use-action";

type TCreditAdminView = inferRouterOutputs<AdminRouter>["cveRequests"]["credit"];
type TCreditType = (typeof REPORT_CREDIT_TYPES)[number];

/** The credit offered to the reporter (the Fix Lead or the PST offers it; the reporter answers on the tracking page). */
export function CreditOffer({ credit }: { credit: TCreditAdminView }) {
  const offer = credit.offer;
  return (
    <div className="space-y-2 border-t border-slate-200 pt-3" data-testid="reporter-credit">
      <h3 className="font-semibold">The reporter's credit</h3>
      <p data-testid="credit-state">
        {!offer ? (
          "Not offered yet."
        ) : offer.status === "offered" ? (
          <>
            Offered as “{offer.offeredName}” ({offer.creditType}) <LocalTime at={offer.offeredAt} />; waiting
            for the reporter's answer on their tracking page.
          </>
        ) : offer.status === "accepted" ? (
          <>
            Accepted as “{offer.name}” ({offer.creditType})
            {offer.decidedAt ? (
              <>
                {" "}
                <LocalTime at={offer.decidedAt} />
              </>
            ) : null}
            : the advisory's credits start with it.
          </>
        ) : (
          <>Declined by the reporter: the advisory does not name them.</>
        )}
      </p>
      {credit.mayOffer ? <OfferForm credit={credit} /> : null}
    </div>
  );
}

function OfferForm({ credit }: { credit: TCreditAdminView }) {
  const a = useAction();
  const [name, setName] = useState(credit.offer?.offeredName ?? credit.reporterSuggestedName ?? "");
  const [creditType, setCreditType] = useState<TCreditType>(credit.offer?.creditType ?? "finder");
  function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) {
      a.setProblem({ field: "name", message: "Enter the name to credit." });
      return;
    }
    void a.run(() =>
      adminClient().cveRequests.offerCredit.mutate({ reportId: credit.reportId, name, creditType }),
    );
  }
  return (
    <form onSubmit={submit} className="space-y-2" noValidate>
      {a.general ? (
        <Alert title="Not offered" focusKey={a.attempt}>
          {a.general}
        </Alert>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          id="credit-name"
          label="Name, as the advisory would write it"
          hint={
            credit.reporterSuggestedName
              ? `The reporter asked for “${credit.reporterSuggestedName}”.`
              : undefined
          }
          required
          error={a.fieldError("name")}
        >
          <input
            id="credit-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={200}
            className={inputClass}
            aria-invalid={a.fieldError("name") ? true : undefined}
            aria-describedby={describedBy("credit-name", {
              hint: Boolean(credit.reporterSuggestedName),
              error: a.fieldError("name"),
            })}
          />
        </Field>
        <Field id="credit-type" label="Credit type" required error={a.fieldError("creditType")}>
          <select
            id="credit-type"
            value={creditType}
            onChange={(e) => setCreditType(e.target.value as TCreditType)}
            className={inputClass}
          >
            {REPORT_CREDIT_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <button type="submit" className={buttonClass} disabled={a.pending}>
        {a.pending ? "Offering…" : credit.offer ? "Change the offer" : "Offer the credit"}
      </button>
    </form>
  );
}
