import { z } from "zod";
import { createTRPCRouter, staffProcedure } from "../trpc";
import {
  LIST_IMPORT_BODY_BYTES,
  ZListedOrganization,
  ZListImported,
  ZListImportInput,
  ZListImportPreview,
} from "../use-cases/distributor-list/distributor-list";
import {
  getDistributorOrganization,
  ZDistributorOrganizationDetail,
  ZGetDistributorOrganizationInput,
} from "../use-cases/distributor-list/get-distributor-organization";
import { importDistributorList } from "../use-cases/distributor-list/import-distributor-list";
import { listDistributorOrganizations } from "../use-cases/distributor-list/list-distributor-organizations";
import { previewListImport } from "../use-cases/distributor-list/preview-list-import";
import {
  removeDistributorOrganization,
  ZRemoveOrganizationInput,
} from "../use-cases/distributor-list/remove-distributor-organization";

// The use-cases ask the domain ("distributor-list.manage", "organization.view"): PST members and admins run the
// list; an organisation's own members may see it (get) while they are on it.

/** The private distributors list: its organisations, the CSV import, removal. */
export const distributorListRouter = createTRPCRouter({
  list: staffProcedure
    .output(z.object({ organizations: z.array(ZListedOrganization) }))
    .query(async ({ ctx }) => ({
      organizations: await listDistributorOrganizations({ db: ctx.db, session: ctx.session }),
    })),
  get: staffProcedure
    .input(ZGetDistributorOrganizationInput)
    .output(ZDistributorOrganizationDetail)
    .query(({ ctx, input }) =>
      getDistributorOrganization({ db: ctx.db, session: ctx.session, organizationId: input.organizationId }),
    ),
  previewImport: staffProcedure
    .meta({ maxBodyBytes: LIST_IMPORT_BODY_BYTES })
    .input(ZListImportInput)
    .output(ZListImportPreview)
    .mutation(({ ctx, input }) =>
      previewListImport({ db: ctx.db, session: ctx.session, input, now: ctx.now }),
    ),
  import: staffProcedure
    .meta({ maxBodyBytes: LIST_IMPORT_BODY_BYTES })
    .input(ZListImportInput)
    .output(ZListImported)
    .mutation(({ ctx, input }) =>
      importDistributorList({ db: ctx.db, session: ctx.session, input, adminUrl: ctx.appUrl, now: ctx.now }),
    ),
  remove: staffProcedure
    .input(ZRemoveOrganizationInput)
    .output(ZListedOrganization)
    .mutation(({ ctx, input }) =>
      removeDistributorOrganization({ db: ctx.db, session: ctx.session, input, now: ctx.now }),
    ),
});
