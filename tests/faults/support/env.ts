// The only place in tests/faults that reads process.env.

/** The environment the spawned portal inherits (PATH and the like); each test sets what the app reads itself. */
export function inheritedEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  // The portal's own settings come from the test, never from the shell that started it.
  for (const name of [
    "DATABASE_URL",
    "DATABASE_OWNER_URL",
    "PORTAL_URL",
    "PORTAL_PORT",
    "RATE_LIMIT_SCALE",
    "TRUST_PROXY",
    "HOST",
  ]) {
    delete env[name];
  }
  return env;
}
