import { DISTRIBUTOR_LIST_LIMITS, type TListCsvRecord, type TListImportProblem } from "@disclose/domain";
import { CsvError, parse } from "csv-parse/sync";

export type TReadListCsv =
  /** `row`: the record's number as a spreadsheet shows it (blank rows counted; 1 = the header's). */
  | { ok: true; header: string[]; records: (TListCsvRecord & { row: number })[] }
  | { ok: false; problem: TListImportProblem };

const LINE_BREAK = /\r\n|\r|\n/g;

/**
 * Reads the distributors list's CSV (RFC 4180: quoted fields may hold commas, quotes and line breaks) into the
 * header and records with the line each starts on, for the domain's planDistributorListImport. Never throws: a
 * file that is not CSV is one problem with the line the reader stopped at.
 */
export function readListCsv(text: string): TReadListCsv {
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > DISTRIBUTOR_LIST_LIMITS.maxBytes) {
    return {
      ok: false,
      problem: {
        line: null,
        column: null,
        message: `The file is ${Math.ceil(bytes / 1000)} kB; at most ${DISTRIBUTOR_LIST_LIMITS.maxBytes / 1_000_000} MB can be imported at once. Split it.`,
      },
    };
  }
  let parsed: { record: string[]; raw: string }[];
  try {
    // With `raw`, each record comes as { record, raw } (the types know only the plain form).
    parsed = parse(text, {
      bom: true,
      raw: true,
      // Field counts are checked per row by the domain, with a message naming the line.
      relax_column_count: true,
      // Empty lines are kept (and skipped below) so that line numbers can be counted from the raw text.
      skip_empty_lines: false,
      // Spreadsheets write \r\n, editors \n; a file may mix them.
      record_delimiter: ["\r\n", "\n", "\r"],
      // One record holds at most a team key and a few short fields; a quote left open swallows the rest.
      max_record_size: DISTRIBUTOR_LIST_LIMITS.teamKey + 4 * 1024,
    }) as unknown as { record: string[]; raw: string }[];
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = typeof error.lines === "number" ? error.lines : null;
    const message =
      error.code === "CSV_QUOTE_NOT_CLOSED"
        ? 'A quoted field is never closed: check the quotes (a quote inside a quoted field is written twice: "").'
        : error.code === "CSV_INVALID_CLOSING_QUOTE"
          ? 'A quote in the middle of a field: quote the whole field and write the quote twice ("").'
          : error.code === "CSV_MAX_RECORD_SIZE"
            ? "A row is far too long: a quote may have been left open."
            : "This line is not valid CSV.";
    return { ok: false, problem: { line, column: null, message } };
  }

  let line = 1;
  let row = 0;
  let header: string[] | null = null;
  const records: (TListCsvRecord & { row: number })[] = [];
  for (const { record, raw } of parsed) {
    const start = line;
    line += raw.match(LINE_BREAK)?.length ?? 0;
    row += 1;
    // Blank lines, and the ",,,,,," rows spreadsheets leave below the data.
    if (record.every((field) => field.trim() === "")) continue;
    if (header === null) header = record;
    else records.push({ line: start, row, fields: record });
  }
  if (header === null) {
    return { ok: false, problem: { line: null, column: null, message: "The file is empty." } };
  }
  return { ok: true, header, records };
}
