import { describe, expect, it } from "vitest";
import { findCwe, searchCwe } from "./index";

describe("findCwe", () => {
  it("finds a weakness by id with its name, status and abstraction", () => {
    expect(findCwe("CWE-79")).toEqual({
      id: "CWE-79",
      name: "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')",
      status: "Stable",
      abstraction: "Base",
      deprecated: false,
    });
    expect(findCwe("79")?.id).toBe("CWE-79");
  });

  it("reports a Deprecated entry as deprecated", () => {
    const entry = findCwe("CWE-71");
    expect(entry).not.toBeNull();
    expect(entry?.status).toBe("Deprecated");
    expect(entry?.deprecated).toBe(true);
  });

  it.each(["CWE-0", "CWE-999999", "CWE-abc", "", "CWE-79; DROP", "<script>"])("returns null for %j", (id) => {
    expect(findCwe(id)).toBeNull();
  });
});

describe("searchCwe", () => {
  it("ranks the exact id first, then ids starting with the number", () => {
    const results = searchCwe("CWE-78", 5);
    expect(results[0]?.id).toBe("CWE-78");
    expect(results.slice(1).every((r) => r.id.startsWith("CWE-78"))).toBe(true);
    expect(searchCwe("22")[0]?.id).toBe("CWE-22");
  });

  it("finds by words, every word required", () => {
    const results = searchCwe("cross-site scripting", 10);
    expect(results.map((r) => r.id)).toContain("CWE-79");
    expect(results.every((r) => /cross/i.test(r.name) && /scripting/i.test(r.name))).toBe(true);
    expect(searchCwe("sql injection")[0]?.id).toBe("CWE-89");
  });

  it("never offers a Deprecated entry", () => {
    const deprecated = findCwe("CWE-71");
    expect(searchCwe(deprecated?.id ?? "", 10).some((r) => r.deprecated)).toBe(false);
    expect(searchCwe("deprecated", 200).some((r) => r.deprecated)).toBe(false);
  });

  it("respects the limit and ignores empty or hostile queries", () => {
    expect(searchCwe("input", 3)).toHaveLength(3);
    expect(searchCwe("", 10)).toEqual([]);
    expect(searchCwe("   ", 10)).toEqual([]);
    expect(searchCwe("input", 0)).toEqual([]);
    expect(searchCwe("(.*)+[", 10)).toEqual([]);
    expect(searchCwe("a".repeat(100_000), 10)).toEqual([]);
  });
});
