import { z } from "zod";
import { hasControlCharacters, hasControlCharactersInText } from "../validation/safe-text";

// Importing today's private distributors list from CSV ("existing lists come along"): the rules a file must meet
// before anything is written. The CSV itself is read by a CSV library (in the api); this decides what its records
// mean, and reports every problem with the line and column a person can find in their spreadsheet.

/** The header row, in this order: one row per contact. */
export const DISTRIBUTOR_LIST_COLUMNS = [
  "organization",
  "distribution",
  "security_contact",
  "email_delivery",
  "contact_name",
  "contact_email",
  "team_key",
] as const;
export type TDistributorListColumn = (typeof DISTRIBUTOR_LIST_COLUMNS)[number];

export const DISTRIBUTOR_LIST_LIMITS = {
  /** The whole file, in bytes of UTF-8. */
  maxBytes: 1_000_000,
  /** Contact rows (the header not counted). */
  maxRows: 2_000,
  /** Problems reported at most; a file with more is better fixed from the first ones. */
  maxProblems: 200,
  organization: 100,
  distribution: 200,
  email: 254,
  contactName: 100,
  /** An armored public key (the staff key limit: several user IDs and certifications fit). */
  teamKey: 64 * 1024,
} as const;

/** A record as the CSV reader gives it: the line it starts on (1 = the header) and its fields. */
export interface TListCsvRecord {
  line: number;
  fields: readonly string[];
}

export interface TListImportProblem {
  /** The CSV line (1 = the header); null for the file as a whole. */
  line: number | null;
  column: TDistributorListColumn | null;
  message: string;
}

export interface TImportedContact {
  line: number;
  name: string;
  /** Lower-cased, as sign-in addresses are stored. */
  email: string;
}

export interface TImportedOrganization {
  /** The line of its first row. */
  line: number;
  name: string;
  distribution: string;
  securityContact: string;
  emailDelivery: boolean;
  /** Armored, line endings normalised to \n; checked as an OpenPGP key by the caller (it needs the crypto). */
  teamKeyArmored: string;
  contacts: TImportedContact[];
}

export interface TDistributorListPlan {
  organizations: TImportedOrganization[];
  problems: TListImportProblem[];
}

// A cell starting with one of these is run as a formula when the list is opened in a spreadsheet again
// (CSV injection); no organisation or person needs one at the start of a name.
const FORMULA_START = /^[=+\-@\t\r]/;
const ZEmail = z.email();
const YES = new Set(["yes", "y", "true", "1"]);
const NO = new Set(["no", "n", "false", "0", ""]);

/** Problems with the header row: exactly the columns above, in order (names are case- and space-insensitive). */
export function checkListHeader(header: readonly string[]): TListImportProblem[] {
  const names = header.map((name) => name.trim().toLowerCase());
  const expected = DISTRIBUTOR_LIST_COLUMNS.join(",");
  if (names.join(",") === expected) return [];
  const missing = DISTRIBUTOR_LIST_COLUMNS.filter((column) => !names.includes(column));
  const unknown = names.filter((name) => !(DISTRIBUTOR_LIST_COLUMNS as readonly string[]).includes(name));
  const detail = [
    missing.length > 0 ? `missing ${missing.join(", ")}` : "",
    unknown.length > 0
      ? `unknown ${unknown.map((name) => JSON.stringify(name.slice(0, 40))).join(", ")}`
      : "",
  ]
    .filter(Boolean)
    .join("; ");
  return [
    {
      line: 1,
      column: null,
      message: `The first row must be the header ${expected}${detail ? ` (${detail})` : " in this order"}.`,
    },
  ];
}

function singleLine(
  value: string,
  { label, max, required }: { label: string; max: number; required: boolean },
): string | null {
  if (required && value.length === 0) return `Enter the ${label}.`;
  if (value.length > max) return `The ${label} has at most ${max} characters (it has ${value.length}).`;
  if (hasControlCharacters(value)) return `The ${label} cannot contain control or text-direction characters.`;
  if (FORMULA_START.test(value)) {
    return `The ${label} cannot start with =, +, -, @ (a spreadsheet would run it as a formula).`;
  }
  return null;
}

function emailProblem(value: string, label: string): string | null {
  if (value.length === 0) return `Enter the ${label}.`;
  if (value.length > DISTRIBUTOR_LIST_LIMITS.email) {
    return `The ${label} has at most ${DISTRIBUTOR_LIST_LIMITS.email} characters.`;
  }
  if (!ZEmail.safeParse(value).success)
    return `The ${label} is not an email address such as name@example.org.`;
  return null;
}

/**
 * What the file would create, and every problem with it. Organisations are grouped by name (case-insensitive,
 * as the list's names are compared); their rows must agree on distribution, security contact, email delivery
 * and team key (which may instead be given on the first row only). `existingOrganizationNames` and
 * `existingAccountEmails` are what is already there: an organisation already on the list or an address that is
 * already an account is a problem to report, not to overwrite.
 */
export function planDistributorListImport({
  header,
  records,
  existingOrganizationNames,
  existingAccountEmails,
}: {
  header: readonly string[];
  records: readonly TListCsvRecord[];
  existingOrganizationNames: readonly string[];
  existingAccountEmails: readonly string[];
}): TDistributorListPlan {
  const problems: TListImportProblem[] = [];
  const report = (line: number | null, column: TDistributorListColumn | null, message: string) => {
    problems.push({ line, column, message });
  };
  const headerProblems = checkListHeader(header);
  if (headerProblems.length > 0) return { organizations: [], problems: headerProblems };
  if (records.length === 0) {
    return {
      organizations: [],
      problems: [{ line: null, column: null, message: "The file has no rows below the header." }],
    };
  }
  if (records.length > DISTRIBUTOR_LIST_LIMITS.maxRows) {
    return {
      organizations: [],
      problems: [
        {
          line: null,
          column: null,
          message: `The file has ${records.length} rows; at most ${DISTRIBUTOR_LIST_LIMITS.maxRows} can be imported at once. Split it.`,
        },
      ],
    };
  }

  const existingNames = new Set(existingOrganizationNames.map((name) => name.toLowerCase()));
  const existingEmails = new Set(existingAccountEmails.map((email) => email.toLowerCase()));
  const organizations = new Map<string, TImportedOrganization>();
  const emailsSeen = new Map<string, number>();
  // Organisations refused on their first row (already on the list): their other rows are not reported again.
  const refused = new Set<string>();

  for (const { line, fields } of records) {
    if (fields.length !== DISTRIBUTOR_LIST_COLUMNS.length) {
      report(
        line,
        null,
        `This row has ${fields.length} fields; every row needs ${DISTRIBUTOR_LIST_COLUMNS.length} (quote a field that holds a comma).`,
      );
      continue;
    }
    const [rawName, rawDistribution, rawContact, rawDelivery, rawPerson, rawEmail, rawKey] = fields as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const name = rawName.trim();
    const distribution = rawDistribution.trim();
    const securityContact = rawContact.trim().toLowerCase();
    const delivery = rawDelivery.trim().toLowerCase();
    const contactName = rawPerson.trim();
    const email = rawEmail.trim().toLowerCase();
    // Spreadsheets on Windows write \r\n inside quoted fields too.
    const teamKey = rawKey.replace(/\r\n?/g, "\n").trim();
    let rowOk = true;
    const check = (column: TDistributorListColumn, message: string | null) => {
      if (message) {
        report(line, column, message);
        rowOk = false;
      }
    };

    check(
      "organization",
      singleLine(name, {
        label: "organisation's name",
        max: DISTRIBUTOR_LIST_LIMITS.organization,
        required: true,
      }) ?? (name.length === 1 ? "The organisation's name has at least 2 characters." : null),
    );
    check(
      "distribution",
      singleLine(distribution, {
        label: "distribution",
        max: DISTRIBUTOR_LIST_LIMITS.distribution,
        required: true,
      }),
    );
    check("security_contact", emailProblem(securityContact, "security contact address"));
    let emailDelivery = false;
    if (YES.has(delivery)) emailDelivery = true;
    else if (!NO.has(delivery)) check("email_delivery", 'Write "yes" or "no" (empty means no).');
    check(
      "contact_name",
      singleLine(contactName, {
        label: "contact's name",
        max: DISTRIBUTOR_LIST_LIMITS.contactName,
        required: true,
      }),
    );
    check("contact_email", emailProblem(email, "contact's email address"));
    if (teamKey.length > DISTRIBUTOR_LIST_LIMITS.teamKey) {
      check(
        "team_key",
        `The team key has at most ${DISTRIBUTOR_LIST_LIMITS.teamKey} characters; is it one public key?`,
      );
    } else if (hasControlCharactersInText(teamKey)) {
      check("team_key", "The team key cannot contain control or text-direction characters.");
    } else if (teamKey.length > 0 && !teamKey.startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----")) {
      check("team_key", "The team key must be an armored public key (-----BEGIN PGP PUBLIC KEY BLOCK-----).");
    }

    if (email && !emailProblem(email, "")) {
      const first = emailsSeen.get(email);
      if (first !== undefined) {
        check(
          "contact_email",
          `This address is already a contact on line ${first}; one account per address.`,
        );
      } else {
        emailsSeen.set(email, line);
        if (existingEmails.has(email)) {
          check(
            "contact_email",
            "An account with this address already exists; invite it to the organisation instead.",
          );
        }
      }
    }
    const key = name.toLowerCase();
    // Said on the organisation's first row whatever else is wrong with it (its contacts are often accounts too).
    if (existingNames.has(key) && !refused.has(key)) {
      report(line, "organization", `"${name}" is already on the list.`);
      refused.add(key);
    }
    if (!rowOk || refused.has(key)) continue;
    const organization = organizations.get(key);
    if (!organization) {
      if (teamKey.length === 0) {
        report(
          line,
          "team_key",
          "The first row of an organisation gives its team key (an armored public key).",
        );
        continue;
      }
      organizations.set(key, {
        line,
        name,
        distribution,
        securityContact,
        emailDelivery,
        teamKeyArmored: teamKey,
        contacts: [{ line, name: contactName, email }],
      });
      continue;
    }
    const disagree = (column: TDistributorListColumn, what: string) =>
      report(
        line,
        column,
        `The ${what} differs from line ${organization.line}, the organisation's first row.`,
      );
    let agrees = true;
    if (organization.name !== name) {
      disagree("organization", "organisation's spelling");
      agrees = false;
    }
    if (organization.distribution !== distribution) {
      disagree("distribution", "distribution");
      agrees = false;
    }
    if (organization.securityContact !== securityContact) {
      disagree("security_contact", "security contact");
      agrees = false;
    }
    if (organization.emailDelivery !== emailDelivery) {
      disagree("email_delivery", "email delivery");
      agrees = false;
    }
    if (teamKey.length > 0 && teamKey !== organization.teamKeyArmored) {
      disagree("team_key", "team key");
      agrees = false;
    }
    if (agrees) organization.contacts.push({ line, name: contactName, email });
  }

  const max = DISTRIBUTOR_LIST_LIMITS.maxProblems;
  if (problems.length > max) {
    const more = problems.length - max;
    problems.length = max;
    report(null, null, `…and ${more} more problems; fix these first, then check again.`);
  }
  return { organizations: [...organizations.values()], problems };
}
