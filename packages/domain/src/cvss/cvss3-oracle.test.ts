import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CVSS_METRICS } from "./metrics";
import { scoreCvss } from "./score-cvss";

/**
 * An independent transcription of the CVSS 3.0 / 3.1 equations (3.1 spec §7 and Appendix A; 3.0 spec
 * §8), used as an oracle: the library must agree with it on random full vectors, for the Temporal and
 * Environmental equations the published examples do not exercise.
 */
const W = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  PR: { U: { N: 0.85, L: 0.62, H: 0.27 }, C: { N: 0.85, L: 0.68, H: 0.5 } },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
  E: { X: 1, H: 1, F: 0.97, P: 0.94, U: 0.91 },
  RL: { X: 1, U: 1, W: 0.97, T: 0.96, O: 0.95 },
  RC: { X: 1, C: 1, R: 0.96, U: 0.92 },
  REQ: { X: 1, H: 1.5, M: 1, L: 0.5 },
} as const;

function roundup31(x: number): number {
  const i = Math.round(x * 100000);
  return i % 10000 === 0 ? i / 100000 : (Math.floor(i / 10000) + 1) / 10;
}
const roundup30 = (x: number) => Math.ceil(x * 10) / 10;

function oracle(version: "3.0" | "3.1", m: Record<string, string>) {
  const roundup = version === "3.0" ? roundup30 : roundup31;
  const g = (k: string) => m[k] ?? "X";
  const mod = (k: string) => (g(`M${k}`) === "X" ? (m[k] as string) : g(`M${k}`));
  const w = <T extends Record<string, number>>(t: T, k: string) => t[k as keyof T] as number;

  const scope = m.S as "U" | "C";
  const iss =
    1 - (1 - w(W.CIA, m.C as string)) * (1 - w(W.CIA, m.I as string)) * (1 - w(W.CIA, m.A as string));
  const impact = scope === "U" ? 6.42 * iss : 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15;
  const expl =
    8.22 *
    w(W.AV, m.AV as string) *
    w(W.AC, m.AC as string) *
    w(W.PR[scope], m.PR as string) *
    w(W.UI, m.UI as string);
  const base =
    impact <= 0
      ? 0
      : scope === "U"
        ? roundup(Math.min(impact + expl, 10))
        : roundup(Math.min(1.08 * (impact + expl), 10));
  const t = w(W.E, g("E")) * w(W.RL, g("RL")) * w(W.RC, g("RC"));
  const temporal = roundup(base * t);

  const ms = mod("S") as "U" | "C";
  const miss = Math.min(
    1 -
      (1 - w(W.REQ, g("CR")) * w(W.CIA, mod("C"))) *
        (1 - w(W.REQ, g("IR")) * w(W.CIA, mod("I"))) *
        (1 - w(W.REQ, g("AR")) * w(W.CIA, mod("A"))),
    0.915,
  );
  const mImpact =
    ms === "U"
      ? 6.42 * miss
      : version === "3.1"
        ? 7.52 * (miss - 0.029) - 3.25 * (miss * 0.9731 - 0.02) ** 13
        : 7.52 * (miss - 0.029) - 3.25 * (miss - 0.02) ** 15;
  const mExpl = 8.22 * w(W.AV, mod("AV")) * w(W.AC, mod("AC")) * w(W.PR[ms], mod("PR")) * w(W.UI, mod("UI"));
  const env =
    mImpact <= 0
      ? 0
      : ms === "U"
        ? roundup(roundup(Math.min(mImpact + mExpl, 10)) * t)
        : roundup(roundup(Math.min(1.08 * (mImpact + mExpl), 10)) * t);
  return { base, temporal, env };
}

const arbVector = (version: "3.0" | "3.1") =>
  fc
    .tuple(
      ...CVSS_METRICS[version].map((def) =>
        fc.record({ key: fc.constant(def.key), value: fc.constantFrom(...def.values.map((v) => v.value)) }),
      ),
    )
    .map((pairs) => {
      const metrics = Object.fromEntries(pairs.map((p) => [p.key, p.value]));
      return { metrics, vector: `CVSS:${version}/${pairs.map((p) => `${p.key}:${p.value}`).join("/")}` };
    });

describe.each(["3.0", "3.1"] as const)(
  "CVSS %s: library agrees with the specification's equations",
  (version) => {
    it("on random full vectors (base, temporal, environmental)", () => {
      fc.assert(
        fc.property(arbVector(version), ({ metrics, vector }) => {
          const expected = oracle(version, metrics);
          const actual = scoreCvss(vector);
          expect([actual.baseScore, actual.temporalScore, actual.environmentalScore]).toEqual([
            expected.base,
            expected.temporal,
            expected.env,
          ]);
        }),
        { numRuns: 3000, seed: 20260101 },
      );
    });
  },
);
