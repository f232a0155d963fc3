import { createServer, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { createTransport } from "./transport";

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe("createTransport", () => {
  it("fails fast when nothing listens", async () => {
    const transport = createTransport(`smtp://127.0.0.1:${await closedPort()}`);
    const started = Date.now();
    await expect(
      transport.sendMail({ from: "a@example.org", to: "b@example.org", subject: "x", text: "y" }),
    ).rejects.toMatchObject({ code: "ESOCKET" });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("gives up on a server that never greets", async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const { port } = silent.address() as { port: number };
    const transport = createTransport(`smtp://127.0.0.1:${port}`, { greetingTimeout: 200 });
    await expect(
      transport.sendMail({ from: "a@example.org", to: "b@example.org", subject: "x", text: "y" }),
    ).rejects.toMatchObject({ code: "ETIMEDOUT" });
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
  });
});
