import { createTRPCRouter } from "../trpc";

/** A case's vulnerabilities: CVE, CWE, the Fix Lead's CVSS call, and the decisions that move dates (slow-down, upstream). */
export const vulnerabilitiesRouter = createTRPCRouter({});
