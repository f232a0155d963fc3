import { DISTRIBUTOR_LIST_COLUMNS } from "@disclose/domain";
import { describe, expect, it } from "vitest";
import { LIST_CSV_COLUMNS, LIST_CSV_EXAMPLE } from "./list-csv-example";

describe("the import page's description of the CSV", () => {
  it("names the columns the server reads, in its order", () => {
    expect(LIST_CSV_COLUMNS.map((c) => c.name)).toEqual([...DISTRIBUTOR_LIST_COLUMNS]);
  });

  it("starts its example with that header, and gives the key on each organisation's first row", () => {
    const [header, ...rest] = LIST_CSV_EXAMPLE.split(/\r?\n/);
    expect(header).toBe(DISTRIBUTOR_LIST_COLUMNS.join(","));
    expect(rest.filter((line) => line.endsWith(',"-----BEGIN PGP PUBLIC KEY BLOCK-----'))).toHaveLength(2);
  });
});
