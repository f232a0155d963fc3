export { Alert, type AlertProps } from "./alert";
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
