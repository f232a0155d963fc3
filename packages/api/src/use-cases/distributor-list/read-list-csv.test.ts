import { DISTRIBUTOR_LIST_COLUMNS } from "@disclose/domain";
import { describe, expect, it } from "vitest";
import { readListCsv } from "./read-list-csv";

const HEADER = DISTRIBUTOR_LIST_COLUMNS.join(",");

function ok(text: string) {
  const result = readListCsv(text);
  if (!result.ok) throw new Error(result.problem.message);
  return result;
}

describe("readListCsv", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks, numbering rows by the line they start on", () => {
    const text = [
      HEADER,
      'Debian,"Debian\'s ""coredns"", stable",s@d.example,yes,Ana,a@d.example,"-----BEGIN PGP PUBLIC KEY BLOCK-----',
      "",
      "xjMEZ",
      '-----END PGP PUBLIC KEY BLOCK-----"',
      "",
      "Debian,x,s@d.example,yes,Bo,b@d.example,",
    ].join("\r\n");
    const result = ok(text);
    expect(result.header).toEqual([...DISTRIBUTOR_LIST_COLUMNS]);
    expect(result.records.map((r) => r.line)).toEqual([2, 7]);
    // As a spreadsheet numbers them: the key's lines are one cell, the blank line a row of its own.
    expect(result.records.map((r) => r.row)).toEqual([2, 4]);
    expect(result.records[0]?.fields[1]).toBe('Debian\'s "coredns", stable');
    expect(result.records[0]?.fields[6]).toBe(
      "-----BEGIN PGP PUBLIC KEY BLOCK-----\r\n\r\nxjMEZ\r\n-----END PGP PUBLIC KEY BLOCK-----",
    );
  });

  it("drops a byte order mark and blank or all-empty rows, and takes mixed line endings", () => {
    const result = ok(`\ufeff${HEADER}\n\n1,2,3,4,5,6,7\r\n,,,,,,\r8,9,10,11,12,13,14\n`);
    expect(result.header[0]).toBe("organization");
    expect(result.records).toEqual([
      { line: 3, row: 3, fields: ["1", "2", "3", "4", "5", "6", "7"] },
      { line: 5, row: 5, fields: ["8", "9", "10", "11", "12", "13", "14"] },
    ]);
  });

  it("keeps rows with the wrong number of fields for the domain to report", () => {
    expect(ok(`${HEADER}\na,b\n`).records).toEqual([{ line: 2, row: 2, fields: ["a", "b"] }]);
  });

  it("keeps formulas and NUL as text (the domain refuses them, naming the field)", () => {
    const result = ok(`${HEADER}\n"=CMD(""calc"")",a\u0000b,c,d,e,f,g\n`);
    expect(result.records[0]?.fields.slice(0, 2)).toEqual(['=CMD("calc")', "a\u0000b"]);
  });

  it.each([
    ["a quote never closed", `${HEADER}\na,"b,c\nd,e\n`, /never closed/],
    ["a quote in the middle of a field", `${HEADER}\na,"b"c,d\n`, /quote in the middle/],
    ["an empty file", "", /empty/],
    ["only blank lines", "\n\r\n\n", /empty/],
  ])("reports %s as one problem instead of throwing", (_label, text, message) => {
    const result = readListCsv(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.message).toMatch(message);
  });

  it("names the line a broken quote is found on", () => {
    const result = readListCsv(`${HEADER}\na,b,c,d,e,f,g\na,"b"c,d\n`);
    expect(result.ok === false && result.problem.line).toBe(3);
  });

  it("refuses a file over 1 MB before reading it", () => {
    const result = readListCsv(`${HEADER}\n${"x".repeat(1_000_001)}`);
    expect(result.ok === false && result.problem.message).toMatch(/at most 1 MB/);
  });

  it("refuses a runaway record (an open quote swallowing the file)", () => {
    const result = readListCsv(`${HEADER}\na,"${"b\n".repeat(40_000)}`);
    expect(result.ok).toBe(false);
  });

  it("reads 10,000 rows quickly (the domain then refuses them as too many)", () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => `Org,d,s@o.example,no,P${i},p${i}@o.example,`);
    const started = performance.now();
    const result = ok([HEADER, ...rows].join("\n"));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.records).toHaveLength(10_000);
    expect(result.records.at(-1)?.line).toBe(10_001);
  });
});
