import { describe, expect, it } from "vitest";
import {
  checkListHeader,
  DISTRIBUTOR_LIST_COLUMNS,
  DISTRIBUTOR_LIST_LIMITS,
  planDistributorListImport,
  type TListCsvRecord,
} from "./list-import";

const KEY = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nxjMEZ...\n-----END PGP PUBLIC KEY BLOCK-----";
const OTHER_KEY = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nxjMEother\n-----END PGP PUBLIC KEY BLOCK-----";
const HEADER = [...DISTRIBUTOR_LIST_COLUMNS];

type Row = Partial<Record<(typeof DISTRIBUTOR_LIST_COLUMNS)[number], string>>;

function row(values: Row = {}): string[] {
  const base: Record<string, string> = {
    organization: "Debian",
    distribution: "Debian's coredns package",
    security_contact: "security@debian.example",
    email_delivery: "yes",
    contact_name: "Ana Maintainer",
    contact_email: "ana@debian.example",
    team_key: KEY,
  };
  return DISTRIBUTOR_LIST_COLUMNS.map((column) => values[column] ?? base[column] ?? "");
}

function records(...rows: string[][]): TListCsvRecord[] {
  return rows.map((fields, index) => ({ line: index + 2, fields }));
}

function plan(rows: string[][], existing: { names?: string[]; emails?: string[] } = {}) {
  return planDistributorListImport({
    header: HEADER,
    records: records(...rows),
    existingOrganizationNames: existing.names ?? [],
    existingAccountEmails: existing.emails ?? [],
  });
}

describe("the distributors list's CSV header", () => {
  it("accepts the columns in order, whatever their case and spaces", () => {
    expect(checkListHeader(HEADER)).toEqual([]);
    expect(checkListHeader(HEADER.map((c) => ` ${c.toUpperCase()} `))).toEqual([]);
    // A byte order mark a reader left on the first name is white space to trim().
    expect(checkListHeader(["\ufefforganization", ...HEADER.slice(1)])).toEqual([]);
  });

  it.each([
    ["a missing column", HEADER.slice(0, 6), /missing team_key/],
    ["an unknown column", [...HEADER.slice(0, 6), "private_key"], /unknown "private_key"/],
    ["columns out of order", [...HEADER].reverse(), /in this order/],
    ["a data row instead of a header", row(), /missing organization/],
  ])("refuses %s, naming line 1", (_label, header, message) => {
    const problems = checkListHeader(header);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.line).toBe(1);
    expect(problems[0]?.message).toMatch(message);
  });

  it("creates nothing under a wrong header", () => {
    const result = planDistributorListImport({
      header: ["name", "email"],
      records: records(row()),
      existingOrganizationNames: [],
      existingAccountEmails: [],
    });
    expect(result.organizations).toEqual([]);
    expect(result.problems).toHaveLength(1);
  });
});

describe("planDistributorListImport", () => {
  it("groups one organisation's contacts, the key given once", () => {
    const result = plan([
      row(),
      row({ contact_name: "Bo", contact_email: "BO@Debian.example", team_key: "" }),
      row({
        organization: "Fedora",
        security_contact: "secalert@fedora.example",
        email_delivery: "no",
        contact_email: "cy@fedora.example",
        team_key: OTHER_KEY,
      }),
    ]);
    expect(result.problems).toEqual([]);
    expect(result.organizations).toEqual([
      {
        line: 2,
        name: "Debian",
        distribution: "Debian's coredns package",
        securityContact: "security@debian.example",
        emailDelivery: true,
        teamKeyArmored: KEY,
        contacts: [
          { line: 2, name: "Ana Maintainer", email: "ana@debian.example" },
          { line: 3, name: "Bo", email: "bo@debian.example" },
        ],
      },
      expect.objectContaining({ name: "Fedora", emailDelivery: false, teamKeyArmored: OTHER_KEY }),
    ]);
  });

  it("normalises a key's Windows line endings, so the same key on every row agrees", () => {
    const crlf = KEY.replace(/\n/g, "\r\n");
    const result = plan([row({ team_key: crlf }), row({ contact_email: "bo@debian.example" })]);
    expect(result.problems).toEqual([]);
    expect(result.organizations[0]?.teamKeyArmored).toBe(KEY);
  });

  it.each([
    ["an empty organisation", { organization: "" }, "organization", /Enter the organisation's name/],
    ["a one-letter organisation", { organization: "X" }, "organization", /at least 2/],
    ["an overlong organisation", { organization: "a".repeat(101) }, "organization", /at most 100/],
    ["an overlong distribution", { distribution: "d".repeat(201) }, "distribution", /at most 200/],
    ["a formula (=CMD)", { organization: '=CMD("calc")' }, "organization", /formula/],
    ["a formula (+)", { distribution: "+1+1" }, "distribution", /formula/],
    ["a formula (@SUM)", { contact_name: "@SUM(A1)" }, "contact_name", /formula/],
    ["a formula (-)", { contact_name: "-2+3" }, "contact_name", /formula/],
    ["an embedded NUL", { organization: "Deb\u0000ian" }, "organization", /control/],
    ["a bidi override", { contact_name: "Ana\u202Eevil" }, "contact_name", /control/],
    ["a bad contact email", { contact_email: "ana@" }, "contact_email", /not an email address/],
    [
      "an injected header in an email",
      { contact_email: "a@b.example\nBcc: x@y.example" },
      "contact_email",
      /not an email/,
    ],
    [
      "a missing security contact",
      { security_contact: "" },
      "security_contact",
      /Enter the security contact/,
    ],
    ["an overlong email", { contact_email: `${"a".repeat(250)}@b.example` }, "contact_email", /at most 254/],
    ["a delivery that is not yes/no", { email_delivery: "maybe" }, "email_delivery", /"yes" or "no"/],
    [
      "a private key",
      { team_key: "-----BEGIN PGP PRIVATE KEY BLOCK-----\n..." },
      "team_key",
      /armored public key/,
    ],
    ["a key that is not armored", { team_key: "mQINBF..." }, "team_key", /armored public key/],
    ["an overlong key", { team_key: `${KEY}${"x".repeat(70_000)}` }, "team_key", /at most 65536/],
    ["a missing key on the first row", { team_key: "" }, "team_key", /first row of an organisation/],
    ["a NUL in the key", { team_key: `${KEY}\u0000` }, "team_key", /control/],
  ] as const)("reports %s with its line and column", (_label, values, column, message) => {
    const result = plan([row({ contact_email: "first@ok.example", organization: "Other org" }), row(values)]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ line: 3, column });
    expect(result.problems[0]?.message).toMatch(message);
    expect(result.organizations.map((o) => o.name)).toEqual(["Other org"]);
  });

  it("reports every problem of a row, not just the first", () => {
    const result = plan([row({ organization: "", contact_email: "nope", email_delivery: "sometimes" })]);
    expect(result.problems.map((p) => p.column).sort()).toEqual([
      "contact_email",
      "email_delivery",
      "organization",
    ]);
  });

  it("reports rows of one organisation that disagree, naming the first row", () => {
    const result = plan([
      row(),
      row({
        organization: "DEBIAN",
        contact_email: "b@debian.example",
        distribution: "Other",
        security_contact: "x@y.example",
        email_delivery: "no",
        team_key: OTHER_KEY,
      }),
    ]);
    expect(result.problems.map((p) => [p.line, p.column])).toEqual([
      [3, "organization"],
      [3, "distribution"],
      [3, "security_contact"],
      [3, "email_delivery"],
      [3, "team_key"],
    ]);
    expect(result.problems[0]?.message).toMatch(/line 2/);
  });

  it("reports a contact address given twice (in any case), once per repeat", () => {
    const result = plan([
      row(),
      row({ organization: "Fedora", contact_email: "ANA@debian.example", team_key: OTHER_KEY }),
    ]);
    expect(result.problems).toEqual([
      { line: 3, column: "contact_email", message: expect.stringMatching(/already a contact on line 2/) },
    ]);
  });

  it("reports an organisation already on the list (once) and an address that is already an account", () => {
    const result = plan(
      [
        row(),
        row({ contact_email: "b@debian.example" }),
        row({ organization: "Fedora", contact_email: "taken@fedora.example", team_key: OTHER_KEY }),
      ],
      { names: ["debian"], emails: ["Taken@fedora.example"] },
    );
    expect(result.problems).toEqual([
      { line: 2, column: "organization", message: '"Debian" is already on the list.' },
      {
        line: 4,
        column: "contact_email",
        message: expect.stringMatching(/account with this address already exists/),
      },
    ]);
    expect(result.organizations).toEqual([]);
  });

  it("says an organisation is already on the list even when its contacts are accounts too", () => {
    const result = plan([row(), row({ contact_email: "b@debian.example" })], {
      names: ["Debian"],
      emails: ["ana@debian.example", "b@debian.example"],
    });
    expect(result.problems.map((p) => [p.line, p.column])).toEqual([
      [2, "contact_email"],
      [2, "organization"],
      [3, "contact_email"],
    ]);
    expect(result.organizations).toEqual([]);
  });

  it("reports a row with too few or too many fields", () => {
    const result = plan([row().slice(0, 5), [...row(), "extra"]]);
    expect(result.problems.map((p) => p.line)).toEqual([2, 3]);
    expect(result.problems[0]?.message).toMatch(/5 fields; every row needs 7/);
  });

  it("refuses a file without rows", () => {
    expect(plan([]).problems[0]?.message).toMatch(/no rows/);
  });

  it("refuses 10,000 rows as a whole, without checking each", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => row({ contact_email: `p${i}@debian.example` }));
    const started = performance.now();
    const result = plan(many);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result.organizations).toEqual([]);
    expect(result.problems).toEqual([
      { line: null, column: null, message: expect.stringMatching(/10000 rows; at most 2000/) },
    ]);
  });

  it("takes the largest allowed file, and caps the problems it lists", () => {
    const max = DISTRIBUTOR_LIST_LIMITS.maxRows;
    const good = plan(Array.from({ length: max }, (_, i) => row({ contact_email: `p${i}@debian.example` })));
    expect(good.problems).toEqual([]);
    expect(good.organizations[0]?.contacts).toHaveLength(max);
    const bad = plan(Array.from({ length: max }, () => row({ contact_email: "bad" })));
    expect(bad.problems).toHaveLength(DISTRIBUTOR_LIST_LIMITS.maxProblems + 1);
    expect(bad.problems.at(-1)?.message).toMatch(/1800 more problems/);
  });

  it("keeps quotes and commas inside names as text", () => {
    const result = plan([row({ organization: 'O"Brien, Ltd', distribution: 'The "stable" channel' })]);
    expect(result.problems).toEqual([]);
    expect(result.organizations[0]?.name).toBe('O"Brien, Ltd');
  });
});
