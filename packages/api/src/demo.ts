// Demo-only helpers for the local stack and scripts (never imported by the apps).
export {
  demoTotpCodes,
  demoTotpSecret,
  seedDemoSecondFactors,
} from "./use-cases/auth/seed-demo-second-factors";
