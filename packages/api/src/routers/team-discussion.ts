import { z } from "zod";
import { createTRPCRouter, staffProcedure } from "../trpc";
import { listTeamMessages, ZTeamDiscussion } from "../use-cases/team/list-team-messages";
import { postTeamMessage, ZPostTeamMessageInput } from "../use-cases/team/post-team-message";

const ZReportId = z.object({
  reportId: z.string().trim().min(1, "Choose a report.").max(64, "That is not a report id."),
});
/** An armored message of up to 200,000 characters and a few mentions, as JSON. */
const TEAM_MESSAGE_BODY_BYTES = 256 * 1024;

/**
 * A case's team discussion (the PST, its Fix Lead and Fix Team; never the reporter), end-to-end encrypted in the
 * browser; mentions notify by email without content.
 */
export const teamDiscussionRouter = createTRPCRouter({
  list: staffProcedure
    .input(ZReportId)
    .output(ZTeamDiscussion)
    .query(({ ctx, input }) =>
      listTeamMessages({ db: ctx.db, session: ctx.session, reportId: input.reportId, now: ctx.now }),
    ),
  post: staffProcedure
    .meta({ maxBodyBytes: TEAM_MESSAGE_BODY_BYTES })
    .input(ZPostTeamMessageInput)
    .output(z.object({ messageId: z.string(), createdAt: z.date() }))
    .mutation(({ ctx, input }) =>
      postTeamMessage({ db: ctx.db, session: ctx.session, input, adminUrl: ctx.appUrl, now: ctx.now }),
    ),
});
