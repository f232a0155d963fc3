import { chmod, mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClient } from "../testing/shared";
import { type EmbeddedServer, startEmbeddedPostgres } from "./embedded-postgres";

let dir: string;
let port: number;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "disclose-embedded-"));
  await chmod(dir, 0o755);
  port = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen({ port: 0, host: "localhost" }, () => {
      const address = probe.address() as net.AddressInfo;
      probe.close(() => resolve(address.port));
    });
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("startEmbeddedPostgres", () => {
  it("initialises once, reuses a running server, and restarts on the same data", async () => {
    const dataDir = path.join(dir, "data");
    const first: EmbeddedServer = await startEmbeddedPostgres({ dataDir, port, fast: true });
    try {
      expect(first.reused).toBe(false);
      await withClient(first.adminUrl, (c) => c.query("CREATE TABLE kept (id int)"));
      const second = await startEmbeddedPostgres({ dataDir, port: port + 1, fast: true });
      expect(second).toMatchObject({ reused: true, port });
      await second.stop(); // a no-op: the server belongs to `first`
      await withClient(first.adminUrl, (c) => c.query("SELECT 1"));
    } finally {
      await first.stop();
    }
    const again = await startEmbeddedPostgres({ dataDir, port, fast: true });
    try {
      expect(again.reused).toBe(false);
      const rows = await withClient(again.adminUrl, (c) => c.query("SELECT to_regclass('kept')::text AS t"));
      expect(rows.rows[0]).toEqual({ t: "kept" });
    } finally {
      await again.stop();
    }
  });

  it("says clearly when the port is taken by something else", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen({ port, host: "127.0.0.1" }, resolve));
    try {
      await expect(startEmbeddedPostgres({ dataDir: path.join(dir, "other"), port })).rejects.toThrow(
        `port ${port} is already in use by another program. Free it, pick another port with EMBEDDED_PG_PORT`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
