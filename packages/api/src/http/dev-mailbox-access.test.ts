import { describe, expect, it } from "vitest";
import { isLocalDemoRequest, type TLocalDemoFacts } from "./dev-mailbox-access";

const LOCAL: TLocalDemoFacts = {
  host: "localhost:3001",
  peer: "127.0.0.1",
  forwarded: false,
  trustProxy: false,
  usesRealSmtp: false,
  production: false,
};

describe("the development mailbox is for the local demo's browser only", () => {
  it.each([
    ["localhost:3001", "127.0.0.1"],
    ["localhost", "127.0.0.1"],
    ["LOCALHOST:3001", "127.0.0.1"],
    ["127.0.0.1:3001", "127.0.0.1"],
    ["[::1]:3001", "::1"],
    ["localhost:3001", "::ffff:127.0.0.1"],
    ["localhost:3001", "127.0.0.2"],
  ])("serves Host %s from peer %s", (host, peer) => {
    expect(isLocalDemoRequest({ ...LOCAL, host, peer })).toBe(true);
  });

  it.each<[string, Partial<TLocalDemoFacts>]>([
    ["a DNS-rebinding Host", { host: "evil.example:3001" }],
    ["a look-alike Host", { host: "localhost.evil.example" }],
    ["a Host with a path trick", { host: "localhost:3001@evil.example" }],
    ["a Host of this machine's network name", { host: "192.0.2.2:3001" }],
    ["no Host", { host: null }],
    ["a peer on the network", { peer: "192.0.2.10" }],
    ["a peer that looks like loopback", { peer: "127.0.0.1.evil.example" }],
    ["an IPv6 peer on the network", { peer: "2001:db8::1" }],
    ["no peer (not through our server)", { peer: null }],
    ["a forwarded request (a proxy on this machine connects from loopback)", { forwarded: true }],
    ["a trusted proxy in front", { trustProxy: true }],
    ["real SMTP configured", { usesRealSmtp: true }],
    ["production (DISCLOSE_ENV=production)", { production: true }],
  ])("refuses %s", (_label, change) => {
    expect(isLocalDemoRequest({ ...LOCAL, ...change })).toBe(false);
  });
});
