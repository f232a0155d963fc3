import { z } from "zod";
import { DAY_MS, formatUtc, type Instant, toEpochMs } from "../time/utc";
import { hasControlCharacters } from "../validation/safe-text";
import { CASE_STATE_LABELS, type CaseState, TRIAGE_OUTCOME_STATES } from "./states";

/**
 * What happened to a case outside the team's hands, recorded so the metrics can place it among the case's own
 * milestones (CERT/CC's Vultron orderings: was the fix ready before the exploit was public, before attacks?).
 */
export const CASE_EVENT_KINDS = ["exploit-public", "attacks-observed"] as const;
export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number];

export const CASE_EVENT_KIND_LABELS: Readonly<Record<CaseEventKind, string>> = {
  "exploit-public": "Exploit public",
  "attacks-observed": "Attacks observed",
};

export const CASE_EVENT_KIND_HELP: Readonly<Record<CaseEventKind, string>> = {
  "exploit-public": "A working exploit is publicly available.",
  "attacks-observed": "The vulnerability is being exploited in the wild.",
};

/** A browser's clock runs a little off the server's: "just now" typed there may be minutes ahead here. */
export const CASE_EVENT_CLOCK_SKEW_MS = 10 * 60_000;

/**
 * How long before the report's arrival an event may be dated. An exploit can be public, or attacks seen, before
 * anyone tells the project (a 0-day found in the wild), so earlier than the report must be allowed; but a date
 * years before it is far more likely a mistyped year than history. A year keeps real cases and catches that; the
 * metrics only read such an event as "before the report", which any earlier date would give too.
 */
export const CASE_EVENT_EARLIEST_BEFORE_REPORT_MS = 365 * DAY_MS;

export const CASE_EVENT_SOURCE_MAX = 500;

/** Where the team learned it: a link or a short name. Stored as written, so never the vulnerability's details. */
export const ZCaseEventSource = z
  .string({ error: "Say where this was seen: a link or a short name." })
  .trim()
  .min(1, "Say where this was seen: a link or a short name.")
  .max(
    CASE_EVENT_SOURCE_MAX,
    `Keep the source to ${CASE_EVENT_SOURCE_MAX} characters: a link or a short name.`,
  )
  .refine((text) => !hasControlCharacters(text), "Remove the control characters from the source.");

/** The shape of a recorded event, without the bounds that depend on the case and the clock (see below). */
export const ZCaseEventInput = z.object({
  kind: z.enum(CASE_EVENT_KINDS, { error: "Choose “Exploit public” or “Attacks observed”." }),
  occurredAt: z.date({ error: "Enter when it happened, as a date and time in UTC." }),
  source: ZCaseEventSource,
});
export type TCaseEventInput = z.infer<typeof ZCaseEventInput>;

/**
 * The input schema with its time bounds: not in the future (give or take a browser's clock skew) and not more
 * than a year before the report arrived. Built per call because both bounds depend on the case and on `now`.
 */
export function caseEventInputSchema({ now, reportedAt }: { now: Instant; reportedAt: Instant }) {
  const latest = toEpochMs(now) + CASE_EVENT_CLOCK_SKEW_MS;
  const earliest = toEpochMs(reportedAt) - CASE_EVENT_EARLIEST_BEFORE_REPORT_MS;
  return ZCaseEventInput.extend({
    occurredAt: ZCaseEventInput.shape.occurredAt
      .refine((d) => !Number.isNaN(d.getTime()), "Enter when it happened, as a date and time in UTC.")
      .refine((d) => d.getTime() <= latest, "That is in the future: enter when it happened, in UTC.")
      .refine(
        (d) => d.getTime() >= earliest,
        `That is more than a year before the report arrived (${formatUtc(reportedAt)}): check the year.`,
      ),
  });
}

/** The input's refusal as the field at fault and a sentence, or the parsed input. */
export type CaseEventInputCheck =
  | { readonly ok: true; readonly input: TCaseEventInput }
  | { readonly ok: false; readonly field: keyof TCaseEventInput | null; readonly reason: string };

export function checkCaseEventInput(
  input: unknown,
  ctx: { now: Instant; reportedAt: Instant },
): CaseEventInputCheck {
  const parsed = caseEventInputSchema(ctx).safeParse(input);
  if (parsed.success) return { ok: true, input: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue?.path[0];
  return {
    ok: false,
    field: field === "kind" || field === "occurredAt" || field === "source" ? field : null,
    reason: issue?.message ?? "Check the event.",
  };
}

/**
 * In which states exploitation can be recorded: from acceptance on, release and close included (an exploit often
 * appears after the fix is out, and the metrics still want it). Before acceptance there is no case yet; a triage
 * outcome (duplicate, rejected, …) never becomes one. Null when allowed, else why not.
 */
export function caseEventRefusal(state: CaseState): string | null {
  if (state === "received" || state === "triage") {
    return "Accept the report as a case first: exploitation is recorded on cases.";
  }
  if ((TRIAGE_OUTCOME_STATES as readonly string[]).includes(state)) {
    return `The report was marked ${CASE_STATE_LABELS[state]}: it is not a case, so there is no exploitation to record on it.`;
  }
  return null;
}
