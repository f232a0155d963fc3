export { CvssCalculator, type CvssCalculatorProps } from "./cvss-calculator";
export {
  buildVector,
  type CvssCalculatorState,
  type CvssEvaluation,
  type CvssRules,
  chooseMetric,
  differingMetrics,
  evaluate,
  evaluateVector,
  initialState,
  readSelections,
  type Selections,
  setMetricInText,
  switchVersion,
  typeText,
} from "./cvss-model";
