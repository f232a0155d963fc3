import { CASE_STATES, ZCaseCommand, ZRetentionDays } from "@disclose/domain";
import { z } from "zod";
import { createTRPCRouter, staffProcedure } from "../trpc";
import { applyCaseCommand, ZCommandExtras } from "../use-cases/cases/apply-case-command";
import { getReport, ZReportForStaff } from "../use-cases/cases/get-report";
import { getTriageContext, ZTriageContext } from "../use-cases/cases/get-triage-context";
import { listCaseHistory, ZCaseHistory, ZHistoryFilter } from "../use-cases/cases/list-case-history";
import { listInbox, ZInbox, ZInboxFilter } from "../use-cases/cases/list-inbox";
import { setFixTeamMember } from "../use-cases/cases/manage-fix-team";
import { postMessageToReporter } from "../use-cases/cases/post-message-to-reporter";
import { reassignFixLead } from "../use-cases/cases/reassign-fix-lead";
import { writeSummary } from "../use-cases/cases/write-summary";
import { getSettings, ZProjectName } from "../use-cases/settings/get-settings";
import { mayChangeSettings, updateSettings } from "../use-cases/settings/update-settings";

const ZReportId = z.object({
  reportId: z.string().trim().min(1, "Choose a report.").max(64, "That is not a report id."),
});
const ZAccountId = z.string().trim().min(1, "Choose an account.").max(64, "That is not an account id.");
const ZCiphertext = z.string().min(1, "The message is empty.").max(200_000, "The message is too long.");
/** An armored message of up to 200,000 characters (and, for a decision, a public bug text) as JSON. */
const CIPHERTEXT_BODY_BYTES = 256 * 1024;

/** The inbox, reading a report, triage decisions, the Fix Lead and the thread with the reporter. */
// Case deadlines, decisions and their records read the case clock (ctx.caseNow: the wall clock outside test mode).
export const casesRouter = createTRPCRouter({
  inbox: staffProcedure
    .input(ZInboxFilter)
    .output(ZInbox)
    .query(({ ctx, input }) =>
      listInbox({ db: ctx.db, session: ctx.session, filter: input, now: ctx.caseNow }),
    ),
  history: staffProcedure
    .input(ZHistoryFilter)
    .output(ZCaseHistory)
    .query(({ ctx, input }) => listCaseHistory({ db: ctx.db, session: ctx.session, filter: input })),
  get: staffProcedure
    .input(ZReportId)
    .output(ZReportForStaff)
    .query(({ ctx, input }) =>
      getReport({ db: ctx.db, session: ctx.session, reportId: input.reportId, now: ctx.caseNow }),
    ),
  decide: staffProcedure
    .meta({ maxBodyBytes: CIPHERTEXT_BODY_BYTES })
    .input(ZReportId.extend({ command: ZCaseCommand, extras: ZCommandExtras.default({}) }))
    .output(
      z.object({
        state: z.enum(CASE_STATES),
        fixLeadId: z.string().nullable(),
        messageId: z.string().nullable(),
      }),
    )
    .mutation(({ ctx, input }) =>
      applyCaseCommand({
        db: ctx.db,
        session: ctx.session,
        reportId: input.reportId,
        command: input.command,
        extras: input.extras,
        now: ctx.caseNow,
      }),
    ),
  reassignFixLead: staffProcedure
    .input(
      ZReportId.extend({
        toMemberId: ZAccountId.nullable(),
        note: z
          .string()
          .trim()
          .min(1, "Say why the Fix Lead changes.")
          .max(2000, "Say why in at most 2,000 characters."),
      }),
    )
    .output(z.object({ fixLeadId: z.string() }))
    .mutation(({ ctx, input }) =>
      reassignFixLead({
        db: ctx.db,
        session: ctx.session,
        reportId: input.reportId,
        toMemberId: input.toMemberId,
        note: input.note,
        now: ctx.caseNow,
      }),
    ),
  setFixTeamMember: staffProcedure
    .input(ZReportId.extend({ userId: ZAccountId, member: z.boolean() }))
    .output(z.object({ fixTeam: z.array(z.string()) }))
    .mutation(({ ctx, input }) =>
      setFixTeamMember({
        db: ctx.db,
        session: ctx.session,
        reportId: input.reportId,
        userId: input.userId,
        member: input.member,
        now: ctx.caseNow,
      }),
    ),
  /** The list summary of an older report, encrypted in a reader's browser to the case's readers. */
  writeSummary: staffProcedure
    .meta({ maxBodyBytes: CIPHERTEXT_BODY_BYTES })
    .input(ZReportId.extend({ summary: ZCiphertext }))
    .output(z.object({ written: z.boolean() }))
    .mutation(({ ctx, input }) =>
      writeSummary({
        db: ctx.db,
        session: ctx.session,
        reportId: input.reportId,
        summary: input.summary,
        now: ctx.now,
      }),
    ),
  postMessage: staffProcedure
    .meta({ maxBodyBytes: CIPHERTEXT_BODY_BYTES })
    .input(
      ZReportId.extend({
        ciphertext: ZCiphertext,
        /** Only for a reporter who wrote by email without a key: the reply in clear, after the member confirmed. */
        clear: z
          .object({
            text: z.string().max(100_000, "The message is too long to send by email."),
            confirmed: z.boolean(),
          })
          .optional(),
      }),
    )
    .output(z.object({ messageId: z.string(), mailedAs: z.enum(["encrypted", "in clear"]).nullable() }))
    .mutation(({ ctx, input }) =>
      postMessageToReporter({
        db: ctx.db,
        session: ctx.session,
        reportId: input.reportId,
        ciphertext: input.ciphertext,
        ...(input.clear ? { clear: input.clear } : {}),
        now: ctx.caseNow,
      }),
    ),
  /** Who may lead or join a case, for those who decide it (empty lists for everyone else). */
  triageContext: staffProcedure
    .input(ZReportId)
    .output(ZTriageContext)
    .query(({ ctx, input }) =>
      getTriageContext({ db: ctx.db, session: ctx.session, reportId: input.reportId, now: ctx.caseNow }),
    ),
  settings: staffProcedure
    .output(
      z.object({
        ackDeadlineHours: z.number().int(),
        unlockIdleMinutes: z.number().int(),
        reporterDataRetentionDays: z.number().int(),
        projectName: z.string(),
        publicMetrics: z.boolean(),
        mayChange: z.boolean(),
      }),
    )
    .query(async ({ ctx }) => ({
      ...(await getSettings({ db: ctx.db })),
      mayChange: mayChangeSettings(ctx.session),
    })),
  updateSettings: staffProcedure
    .input(
      z
        .object({
          ackDeadlineHours: z
            .number()
            .int()
            .min(1, "At least 1 hour.")
            .max(720, "At most 30 days.")
            .optional(),
          unlockIdleMinutes: z
            .number("Enter the idle time in whole minutes.")
            .int("Enter the idle time in whole minutes.")
            .min(1, "Keys must stay unlocked for at least 1 idle minute.")
            .max(480, "Keys may stay unlocked for at most 480 idle minutes (8 hours).")
            .optional(),
          reporterDataRetentionDays: ZRetentionDays.optional(),
          /** Empty clears it. */
          projectName: ZProjectName.optional(),
          publicMetrics: z.boolean("Choose whether the portal shows the public record.").optional(),
        })
        .refine(
          (v) =>
            v.ackDeadlineHours !== undefined ||
            v.unlockIdleMinutes !== undefined ||
            v.reporterDataRetentionDays !== undefined ||
            v.projectName !== undefined ||
            v.publicMetrics !== undefined,
          "Nothing to change.",
        ),
    )
    .output(
      z.object({
        ackDeadlineHours: z.number().int(),
        unlockIdleMinutes: z.number().int(),
        reporterDataRetentionDays: z.number().int(),
        projectName: z.string(),
        publicMetrics: z.boolean(),
      }),
    )
    .mutation(({ ctx, input }) =>
      updateSettings({
        db: ctx.db,
        session: ctx.session,
        ackDeadlineHours: input.ackDeadlineHours,
        unlockIdleMinutes: input.unlockIdleMinutes,
        reporterDataRetentionDays: input.reporterDataRetentionDays,
        projectName: input.projectName,
        publicMetrics: input.publicMetrics,
        now: ctx.now,
      }),
    ),
});
