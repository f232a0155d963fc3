import { ZAffected } from "@disclose/advisories";
import { describe, expect, it } from "vitest";
import { affectedVersionsText } from "./announcement-text";

const commit = (c: string) => c.repeat(40);

describe("affected versions in words", () => {
  it.each([
    [
      "two SemVer intervals",
      {
        ranges: [
          {
            type: "SEMVER",
            events: [
              { introduced: "1.0.0" },
              { fixed: "1.4.2" },
              { introduced: "2.0.0" },
              { fixed: "2.1.1" },
            ],
          },
        ],
      },
      ">= 1.0.0, < 1.4.2; >= 2.0.0, < 2.1.1",
    ],
    [
      "from the beginning",
      { ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { fixed: "1.0.1" }] }] },
      "< 1.0.1",
    ],
    ["no fix yet", { ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "3.1" }] }] }, ">= 3.1"],
    ["every version", { ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }] }] }, "all versions"],
    [
      "up to a last affected version",
      { ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "1.0" }, { last_affected: "1.9" }] }] },
      ">= 1.0, <= 1.9",
    ],
    [
      "commits of a GIT range",
      {
        ranges: [
          {
            type: "GIT",
            repo: "https://git.example/lib",
            events: [{ introduced: "0" }, { fixed: commit("a") }],
          },
        ],
      },
      "commits before aaaaaaaaaaaa (https://git.example/lib)",
    ],
    [
      "commits between two of a GIT range",
      {
        ranges: [
          {
            type: "GIT",
            repo: "https://git.example/lib",
            events: [{ introduced: commit("b") }, { fixed: commit("c") }],
          },
        ],
      },
      "commits from bbbbbbbbbbbb, before cccccccccccc (https://git.example/lib)",
    ],
    [
      "listed versions, at most ten named",
      { versions: Array.from({ length: 12 }, (_, i) => `1.${i}`) },
      "versions 1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9 and 2 more",
    ],
  ])("%s", (_name, entry, expected) => {
    const parsed = ZAffected.parse({ kind: "package", ecosystem: "npm", name: "left-pad", ...entry });
    expect(affectedVersionsText(parsed)).toBe(expected);
  });
});
