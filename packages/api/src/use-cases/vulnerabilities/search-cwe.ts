import { searchCwe } from "@disclose/advisories/cwe";
import { z } from "zod";

export const ZSearchCweInput = z.object({
  query: z.string().max(200, "Search with at most 200 characters."),
});

export const ZCweMatches = z.array(z.object({ id: z.string(), name: z.string() }));

/** The CWE catalogue (MITRE's, CWE 4.15) searched by number or words, for the CWE field's suggestions. */
export function searchCweCatalogue(query: string): z.infer<typeof ZCweMatches> {
  return searchCwe(query, 12).map((e) => ({ id: e.id, name: e.name }));
}
