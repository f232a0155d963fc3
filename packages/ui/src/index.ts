export { HealthBadge, type HealthBadgeProps } from "./health-badge";
