/** Runs `stop` on the first SIGINT/SIGTERM and exits when it settles; a second signal exits at once. */
export function onShutdown(name: string, stop: () => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.error(`${name}: ${signal} again, exiting now`);
      process.exit(1);
    }
    stopping = true;
    console.log(`${name}: ${signal}, stopping…`);
    stop().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(`${name}: error while stopping`, e);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
}
