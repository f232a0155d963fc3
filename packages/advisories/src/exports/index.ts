export { type CsafDocument, type CsafExportOptions, csafDocument } from "./csaf";
export {
  type CveCnaContainer,
  type CveExportOptions,
  type CveRecord,
  cveCnaContainer,
  cveExports,
  cveRecord,
  cveRejectedContainer,
  defaultUpgradeText,
} from "./cve";
export { type CvssJson, cvssJson } from "./cvss-json";
export { OSV_SCHEMA_VERSION, type OsvExport, type OsvExportOptions, type OsvRecord, osvRecords } from "./osv";
export { type RangeSegment, rangeSegments } from "./segments";
