export {
  type AdvisoryExports,
  type CheckExportsOptions,
  type CheckExportsResult,
  checkExports,
  type ExportProblem,
  fieldPath,
  zodProblems,
} from "./check-exports";
export { runCsafMandatoryTests } from "./csaf-mandatory";
export {
  CVE_5_2_AFFECTED_PROPERTIES,
  checkCveAffectedFor52,
  pointerToPath,
  type SchemaError,
  type ValidationResult,
  validateCsafDocument,
  validateCveCnaContainer,
  validateCveRecord,
  validateCveRejectedContainer,
  validateOsvRecord,
} from "./schemas";
