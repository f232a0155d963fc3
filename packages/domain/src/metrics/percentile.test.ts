import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { durationStats, median, percentile, shareOf } from "./percentile";

describe("nearest-rank percentile", () => {
  it("is null with no data, never NaN", () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([], 90)).toBeNull();
    expect(median([])).toBeNull();
    expect(durationStats([])).toEqual({ count: 0, medianMs: null, p90Ms: null });
  });

  it("one element: every percentile is that element", () => {
    expect(median([7])).toBe(7);
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([7], 100)).toBe(7);
    expect(percentile([7], 1)).toBe(7);
  });

  it("two elements: the median is the lower one, p90 the upper one", () => {
    expect(median([10, 2])).toBe(2);
    expect(percentile([10, 2], 90)).toBe(10);
  });

  it.each([
    // [values, median, p90]
    [[3, 1, 2], 2, 3],
    [[4, 1, 3, 2], 2, 4],
    [[1, 2, 3, 4, 5], 3, 5],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5, 9],
    [[5, 5, 5, 1], 5, 5],
  ])("%j → median %d, p90 %d (odd and even counts)", (values, med, p90) => {
    expect(median(values)).toBe(med);
    expect(percentile(values, 90)).toBe(p90);
  });

  it("computes the rank from integers (90 % of 30 values is rank 27, not 28)", () => {
    const values = Array.from({ length: 30 }, (_, i) => i + 1);
    expect(percentile(values, 90)).toBe(27);
    expect(
      percentile(
        Array.from({ length: 20 }, (_, i) => i + 1),
        90,
      ),
    ).toBe(18);
  });

  it("does not reorder its input and skips non-finite values", () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
    expect(median([Number.NaN, 4, Number.POSITIVE_INFINITY])).toBe(4);
    expect(durationStats([Number.NaN])).toEqual({ count: 0, medianMs: null, p90Ms: null });
  });

  it.each([0, -1, 101, Number.NaN])("refuses percentile %d", (p) => {
    expect(() => percentile([1], p)).toThrow(RangeError);
  });

  it("is always an observed value, at or below which at least p% lie", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer(), { minLength: 1, maxLength: 50 }),
        fc.integer({ min: 1, max: 100 }),
        (values, p) => {
          const v = percentile(values, p) as number;
          expect(values).toContain(v);
          expect(values.filter((x) => x <= v).length * 100).toBeGreaterThanOrEqual(p * values.length);
          expect(values.filter((x) => x < v).length * 100).toBeLessThan(p * values.length);
        },
      ),
    );
  });
});

describe("shareOf", () => {
  it("is null for an empty whole", () => {
    expect(shareOf(0, 0)).toBeNull();
    expect(shareOf(1, 4)).toBe(0.25);
  });
});
