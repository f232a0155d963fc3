import { createSecurityProxy, HSTS } from "@disclose/ui/security-proxy";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";

// The end-to-end stack runs on plain http with no trusted proxy, so HSTS is proven here, on the proxy itself.
describe("HSTS", () => {
  it("goes with every page of an app served over https", () => {
    const proxy = createSecurityProxy({ appUrl: "https://security.example.org", noStore: () => true });
    const response = proxy(new NextRequest("https://security.example.org/inbox"));
    expect(response.headers.get("strict-transport-security")).toBe(HSTS);
    expect(response.headers.get("content-security-policy")).toContain("'strict-dynamic'");
  });

  it("is not sent over plain http", () => {
    const proxy = createSecurityProxy({ appUrl: "http://localhost:3001", noStore: () => true });
    const response = proxy(new NextRequest("http://localhost:3001/inbox"));
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });
});
