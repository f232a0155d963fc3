export { Alert, type AlertProps } from "./alert";
export { DataTable, type DataTableColumn, type DataTableProps } from "./data-table";
export {
  buttonClass,
  describedBy,
  Field,
  FieldError,
  type FieldProps,
  fieldIds,
  inputClass,
  secondaryButtonClass,
} from "./field";
export { HealthBadge, type HealthBadgeProps } from "./health-badge";
export { LocalTime } from "./local-time";
export { useHydrated } from "./use-hydrated";
