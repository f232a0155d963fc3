import { MILESTONE_IDS } from "@disclose/domain";
import { z } from "zod";
import { createTRPCRouter, staffProcedure } from "../trpc";
import { addVulnerability } from "../use-cases/vulnerabilities/add-vulnerability";
import { listVulnerabilities, ZVulnerabilitiesView } from "../use-cases/vulnerabilities/list-vulnerabilities";
import { readReporterProposal } from "../use-cases/vulnerabilities/read-reporter-proposal";
import { recordSlowDown, ZRecordSlowDownInput } from "../use-cases/vulnerabilities/record-slow-down";
import {
  recordUpstreamDependency,
  ZRecordUpstreamDependencyInput,
} from "../use-cases/vulnerabilities/record-upstream-dependency";
import { removeVulnerability } from "../use-cases/vulnerabilities/remove-vulnerability";
import { searchCweCatalogue, ZCweMatches, ZSearchCweInput } from "../use-cases/vulnerabilities/search-cwe";
import { setCvss, ZSetCvssInput } from "../use-cases/vulnerabilities/set-cvss";
import {
  updateVulnerability,
  ZUpdateVulnerabilityInput,
} from "../use-cases/vulnerabilities/update-vulnerability";
import { ZReportId, ZVulnerabilityId } from "../use-cases/vulnerabilities/vulnerability-case";

const ZSeverity = z.enum(["None", "Low", "Medium", "High", "Critical"]);
const ZDecisionRecorded = z.object({
  decisionId: z.string(),
  newDueDates: z.partialRecord(z.enum(MILESTONE_IDS), z.date()),
});

// Case deadlines, milestones and the times recorded on the case read the case clock (ctx.caseNow).
/** A case's vulnerabilities: CVE, CWE, the Fix Lead's CVSS call, and the decisions that move dates (slow-down, upstream). */
export const vulnerabilitiesRouter = createTRPCRouter({
  // MITRE's public catalogue, nothing of any case: any signed-in staff member may search it.
  searchCwe: staffProcedure
    .input(ZSearchCweInput)
    .output(ZCweMatches)
    .query(({ input }) => searchCweCatalogue(input.query)),
  list: staffProcedure
    .input(z.object({ reportId: ZReportId }))
    .output(ZVulnerabilitiesView)
    .query(({ ctx, input }) =>
      listVulnerabilities({ db: ctx.db, session: ctx.session, reportId: input.reportId, now: ctx.caseNow }),
    ),
  /** The encrypted report with the caller's own key packet, for the browser to show the reporter's vector. */
  reporterProposal: staffProcedure
    .input(z.object({ reportId: ZReportId }))
    .output(z.object({ ciphertext: z.string().nullable() }))
    .query(({ ctx, input }) =>
      readReporterProposal({ db: ctx.db, session: ctx.session, reportId: input.reportId, now: ctx.caseNow }),
    ),
  add: staffProcedure
    .input(z.object({ reportId: ZReportId }))
    .output(z.object({ vulnerabilityId: z.string(), position: z.number().int() }))
    .mutation(({ ctx, input }) =>
      addVulnerability({ db: ctx.db, session: ctx.session, reportId: input.reportId, now: ctx.caseNow }),
    ),
  remove: staffProcedure
    .input(z.object({ reportId: ZReportId, vulnerabilityId: ZVulnerabilityId }))
    .output(z.object({ removed: z.literal(true), cvssScoredNow: z.boolean() }))
    .mutation(({ ctx, input }) =>
      removeVulnerability({ db: ctx.db, session: ctx.session, input, now: ctx.caseNow }),
    ),
  update: staffProcedure
    .input(ZUpdateVulnerabilityInput)
    .output(z.object({ cveId: z.string().nullable(), cweId: z.string().nullable() }))
    .mutation(({ ctx, input }) =>
      updateVulnerability({ db: ctx.db, session: ctx.session, input, now: ctx.caseNow }),
    ),
  setCvss: staffProcedure
    .input(ZSetCvssInput)
    .output(
      z.object({
        vector: z.string().nullable(),
        score: z.number().nullable(),
        severity: ZSeverity.nullable(),
        cvssScoredAt: z.date().nullable(),
      }),
    )
    .mutation(({ ctx, input }) => setCvss({ db: ctx.db, session: ctx.session, input, now: ctx.caseNow })),
  recordSlowDown: staffProcedure
    .input(ZRecordSlowDownInput)
    .output(ZDecisionRecorded)
    .mutation(({ ctx, input }) =>
      recordSlowDown({ db: ctx.db, session: ctx.session, input, now: ctx.caseNow }),
    ),
  recordUpstreamDependency: staffProcedure
    .input(ZRecordUpstreamDependencyInput)
    .output(ZDecisionRecorded)
    .mutation(({ ctx, input }) =>
      recordUpstreamDependency({ db: ctx.db, session: ctx.session, input, now: ctx.caseNow }),
    ),
});
