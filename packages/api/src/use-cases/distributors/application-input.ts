import { EMBARGO_POLICY, evaluateDistributorApplication, MEMBERSHIP_CRITERIA } from "@disclose/domain";
import { z } from "zod";

/** The criteria answered in free text (an answer and its evidence); the embargo and the vouch have fields. */
export const TEXT_CRITERIA = MEMBERSHIP_CRITERIA.filter(
  (c) => c.id !== "accepts-embargo" && c.id !== "vouched",
).map((c) => c.id);
export type TTextCriterionId = (typeof TEXT_CRITERIA)[number];

/** Bounds of the application's fields, shared with the portal's form (maxLength) so both say the same. */
export const APPLICATION_LIMITS = {
  nameMaxChars: 200,
  distributionMaxChars: 500,
  userBaseMaxChars: 2000,
  trackRecordMaxChars: 4000,
  trackRecordMaxLinks: 20,
  downstreamOfMaxChars: 500,
  contributionMaxChars: 4000,
  answerMaxChars: 4000,
  evidenceMaxChars: 4000,
  emailMaxChars: 254,
  teamKeyMaxChars: 64 * 1024,
} as const;

/** The HTTP body the apply procedure reads at most: every field at its bound, as JSON, with slack. */
export const APPLY_MAX_BODY_BYTES = 160 * 1024;

// A tag, a comment or a CDATA section. Text like "<security@example.org>" or "versions < 1.2" is not one.
const MARKUP = /<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>|<!--|<!\[CDATA\[/i;

/** Whether a text holds HTML markup (refused: every field is plain text, and nobody needs tags to answer). */
export function containsMarkup(text: string): boolean {
  return MARKUP.test(text);
}

const plainText = (label: string, max: number, min = 1) =>
  z
    .string({ error: `${label} must be text.` })
    .trim()
    .min(min, min === 1 ? `${label} is required.` : `${label} needs at least ${min} characters.`)
    .max(max, `${label} is at most ${max.toLocaleString("en")} characters.`)
    .refine((v) => !containsMarkup(v), `${label}: plain text only, please remove the HTML tags.`);

const email = (label: string) =>
  z
    .string({ error: `${label} must be text.` })
    .trim()
    .max(
      APPLICATION_LIMITS.emailMaxChars,
      `${label} is at most ${APPLICATION_LIMITS.emailMaxChars} characters.`,
    )
    .pipe(z.email(`${label} does not look like an email address (name@example.org).`));

const links = z
  .string({ error: "The track record must be text." })
  .max(
    APPLICATION_LIMITS.trackRecordMaxChars,
    `The track record is at most ${APPLICATION_LIMITS.trackRecordMaxChars.toLocaleString("en")} characters.`,
  )
  .transform((v) =>
    v
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== ""),
  )
  .refine((l) => l.length > 0, "Give at least one link to your security advisories or fixes.")
  .refine(
    (l) => l.length <= APPLICATION_LIMITS.trackRecordMaxLinks,
    `At most ${APPLICATION_LIMITS.trackRecordMaxLinks} links.`,
  )
  .refine(
    (l) => l.every((link) => z.url({ protocol: /^https?$/ }).safeParse(link).success),
    "Give one http(s) link per line.",
  );

const criterionAnswer = (label: string) =>
  z.object(
    {
      answer: plainText(`Your answer to "${label}"`, APPLICATION_LIMITS.answerMaxChars),
      evidence: plainText(`The evidence for "${label}"`, APPLICATION_LIMITS.evidenceMaxChars),
    },
    { error: `Answer "${label}".` },
  );

/**
 * An application as the portal's form sends it, checked strictly: each refusal names its field by path
 * (`answers.user-base.evidence`), so the form can show it beside that field.
 */
export const ZDistributorApplicationInput = z.object({
  organizationName: plainText("The organisation's name", APPLICATION_LIMITS.nameMaxChars),
  distribution: plainText("The distribution", APPLICATION_LIMITS.distributionMaxChars),
  userBase: plainText("The user base", APPLICATION_LIMITS.userBaseMaxChars),
  trackRecord: links,
  isDownstream: z.boolean({ error: "Say whether you are a downstream or rebuild." }),
  downstreamOf: z
    .string({ error: "The distributor you rebuild must be text." })
    .trim()
    .max(
      APPLICATION_LIMITS.downstreamOfMaxChars,
      `The distributor you rebuild is at most ${APPLICATION_LIMITS.downstreamOfMaxChars} characters.`,
    )
    .refine(
      (v) => !containsMarkup(v),
      "The distributor you rebuild: plain text only, please remove the HTML tags.",
    ),
  contribution: plainText("How you will contribute", APPLICATION_LIMITS.contributionMaxChars),
  answers: z.object(
    Object.fromEntries(
      MEMBERSHIP_CRITERIA.filter((c) => (TEXT_CRITERIA as readonly string[]).includes(c.id)).map((c) => [
        c.id,
        criterionAnswer(c.text),
      ]),
    ) as Record<TTextCriterionId, ReturnType<typeof criterionAnswer>>,
    { error: "Answer each membership criterion." },
  ),
  securityContact: email("The security contact"),
  emailDelivery: z.boolean({ error: "Say whether copies should also come by email." }),
  applicantName: plainText("Your name", APPLICATION_LIMITS.nameMaxChars),
  applicantEmail: email("Your email address"),
  teamKey: z
    .string({ error: "The team key must be text." })
    .max(APPLICATION_LIMITS.teamKeyMaxChars, "The team key is too large to be one public key.")
    .refine((v) => v.trim() !== "", "Paste the team's OpenPGP public key."),
  embargoPolicyVersion: z
    .string({ error: "Accept the Embargo Policy." })
    .max(40)
    .refine(
      (v) => v === EMBARGO_POLICY.version,
      "The Embargo Policy changed since this page loaded: read it again and accept it.",
    ),
  embargoPolicyAccepted: z
    .boolean({ error: "Accept the Embargo Policy." })
    .refine((v) => v, "Accept the Embargo Policy to apply."),
  voucherEmail: email("The voucher's email address"),
  /** The tracking link also by email: only when asked (as the reporter's). */
  emailTrackingLink: z.boolean({ error: "Say whether to email you the tracking link." }).default(false),
});
export type TDistributorApplicationInput = z.input<typeof ZDistributorApplicationInput>;

/**
 * What the procedure's declared input accepts: the shape only (text, yes/no), so a wrong type is refused early;
 * every bound and rule is checked by ZDistributorApplicationInput, naming the field by its full path.
 */
const loose = z.string().max(APPLY_MAX_BODY_BYTES);
export const ZApplyRequest = z.object({
  organizationName: loose,
  distribution: loose,
  userBase: loose,
  trackRecord: loose,
  isDownstream: z.boolean(),
  downstreamOf: loose,
  contribution: loose,
  answers: z.record(z.string().max(100), z.object({ answer: loose, evidence: loose })),
  securityContact: loose,
  emailDelivery: z.boolean(),
  applicantName: loose,
  applicantEmail: loose,
  teamKey: loose,
  embargoPolicyVersion: loose,
  embargoPolicyAccepted: z.boolean(),
  voucherEmail: loose,
  emailTrackingLink: z.boolean().default(false),
});
export type TApplyRequest = z.input<typeof ZApplyRequest>;

export type TCheckedApplication = z.output<typeof ZDistributorApplicationInput>;

/**
 * Every refusal of an application at once, by field (the first message per field), before any key is parsed:
 * the schema's bounds and the policy's own rules on the answers (a real sentence, some evidence — the domain's,
 * not a copy). The portal's form shows them all after one submit; the use-case refuses with the first.
 */
export function checkApplication(
  input: unknown,
): { ok: true; application: TCheckedApplication } | { ok: false; fieldErrors: Record<string, string> } {
  const fieldErrors: Record<string, string> = {};
  const add = (field: string, message: string) => {
    fieldErrors[field] ??= message;
  };
  const parsed = ZDistributorApplicationInput.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      add(issue.path.map(String).join(".") || "application", issue.message);
  }
  // Across fields, checked on what was sent whatever else is wrong (a refinement of the object would wait).
  const raw = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === "string" ? v.trim() : "");
  if (raw.isDownstream === true && text(raw.downstreamOf) === "") {
    add("downstreamOf", "Say which distributor you are a downstream or rebuild of.");
  }
  if (
    text(raw.voucherEmail) !== "" &&
    text(raw.voucherEmail).toLowerCase() === text(raw.applicantEmail).toLowerCase()
  ) {
    add("voucherEmail", "Name someone already on the list other than yourself.");
  }
  const answers = parsed.success ? parsed.data.answers : answersOf(input);
  const evaluation = evaluateDistributorApplication(
    { organizationName: "-", applicantEmail: "-", answers, embargoPolicyAccepted: true, vouches: [] },
    [],
  );
  for (const problem of evaluation.problems) {
    if (!(TEXT_CRITERIA as readonly string[]).includes(problem.criterion)) continue;
    const part = problem.message.startsWith("Show evidence") ? "evidence" : "answer";
    // Only where the schema found nothing wrong with the same answer (its message is the more precise).
    if (!fieldErrors[`answers.${problem.criterion}`])
      add(`answers.${problem.criterion}.${part}`, problem.message);
  }
  if (Object.keys(fieldErrors).length > 0 || !parsed.success) return { ok: false, fieldErrors };
  return { ok: true, application: parsed.data };
}

/** The well-formed answers of an input that failed the schema elsewhere, for the domain's rules. */
function answersOf(input: unknown): Record<string, { answer: string; evidence: string }> {
  const raw = (input as { answers?: unknown } | null)?.answers;
  if (typeof raw !== "object" || raw === null) return {};
  const out: Record<string, { answer: string; evidence: string }> = {};
  for (const id of TEXT_CRITERIA) {
    const given = Object.hasOwn(raw, id) ? (raw as Record<string, unknown>)[id] : undefined;
    const { answer, evidence } = (given ?? {}) as { answer?: unknown; evidence?: unknown };
    if (typeof answer === "string" && typeof evidence === "string") out[id] = { answer, evidence };
  }
  return out;
}
