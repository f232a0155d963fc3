import { type Db, Prisma } from "@disclose/db";
import { hasControlCharacters } from "@disclose/domain";
import { z } from "zod";

export const PUBLIC_ADVISORY_PAGE_SIZE = 20;
export const ADVISORY_SEVERITIES = ["Critical", "High", "Medium", "Low", "None"] as const;
const ADVISORY_QUERY_MAX = 200;
// Far beyond any real archive; only keeps OFFSET bounded.
const MAX_PAGE = 10_000;

export const ZPublicAdvisoryListInput = z.object({
  q: z
    .string()
    .max(ADVISORY_QUERY_MAX, `Search for at most ${ADVISORY_QUERY_MAX} characters.`)
    .refine((s) => !hasControlCharacters(s), "A search cannot contain control characters.")
    .optional(),
  severity: z.enum(ADVISORY_SEVERITIES).optional(),
  page: z.number().int().min(1).max(MAX_PAGE).default(1),
});
export type TPublicAdvisoryListInput = z.input<typeof ZPublicAdvisoryListInput>;

export const ZPublicAdvisorySummary = z.object({
  publicId: z.string(),
  title: z.string(),
  summary: z.string(),
  severity: z.enum(ADVISORY_SEVERITIES).nullable(),
  cvssScore: z.number().nullable(),
  cveIds: z.array(z.string()),
  packages: z.array(z.string()),
  publishedAt: z.date(),
  modifiedAt: z.date(),
  withdrawnAt: z.date().nullable(),
});
export type TPublicAdvisorySummary = z.infer<typeof ZPublicAdvisorySummary>;

export const ZPublicAdvisoryList = z.object({
  items: z.array(ZPublicAdvisorySummary),
  page: z.number().int(),
  pageCount: z.number().int(),
  total: z.number().int(),
});
export type TPublicAdvisoryList = z.infer<typeof ZPublicAdvisoryList>;

interface TRow {
  public_id: string;
  title: string;
  summary: string;
  severity: string | null;
  cvss_score: number | null;
  cve_ids: string[] | null;
  packages: string[] | null;
  published_at: Date;
  modified_at: Date;
  withdrawn_at: Date | null;
  total: bigint;
}

/**
 * Published advisories, newest first, PUBLIC_ADVISORY_PAGE_SIZE a page: the list columns only (never the
 * content). The search is a literal substring of the lowercased search_text (strpos: no pattern characters, so
 * `%`, `_`, `\` or a regex in `q` mean themselves).
 */
export async function listPublicAdvisories(
  db: Db,
  input: z.output<typeof ZPublicAdvisoryListInput>,
): Promise<TPublicAdvisoryList> {
  const q = input.q?.trim().toLowerCase() ?? "";
  const conditions: Prisma.Sql[] = [];
  if (q !== "") conditions.push(Prisma.sql`strpos(search_text, ${q}) > 0`);
  if (input.severity) conditions.push(Prisma.sql`severity = ${input.severity}`);
  const where = conditions.length > 0 ? Prisma.sql`WHERE ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
  const offset = (input.page - 1) * PUBLIC_ADVISORY_PAGE_SIZE;
  const rows = await db.$queryRaw<TRow[]>`
    SELECT public_id, title, summary, severity, cvss_score, cve_ids, packages, published_at, modified_at,
           withdrawn_at, count(*) OVER () AS total
      FROM advisories ${where}
     ORDER BY published_at DESC, public_id DESC
     LIMIT ${PUBLIC_ADVISORY_PAGE_SIZE} OFFSET ${offset}`;
  let total = rows[0] ? Number(rows[0].total) : 0;
  if (rows.length === 0 && input.page > 1) {
    // Past the last page: say how many there are, so the page can offer the way back.
    const [count] = await db.$queryRaw<
      { total: bigint }[]
    >`SELECT count(*) AS total FROM advisories ${where}`;
    total = Number(count?.total ?? 0);
  }
  return {
    items: rows.map((r) => ({
      publicId: r.public_id,
      title: r.title,
      summary: r.summary,
      severity: (ADVISORY_SEVERITIES as readonly string[]).includes(r.severity ?? "")
        ? (r.severity as (typeof ADVISORY_SEVERITIES)[number])
        : null,
      cvssScore: r.cvss_score,
      cveIds: r.cve_ids ?? [],
      packages: r.packages ?? [],
      publishedAt: r.published_at,
      modifiedAt: r.modified_at,
      withdrawnAt: r.withdrawn_at,
    })),
    page: input.page,
    pageCount: Math.max(1, Math.ceil(total / PUBLIC_ADVISORY_PAGE_SIZE)),
    total,
  };
}
