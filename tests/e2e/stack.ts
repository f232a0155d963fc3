import path from "node:path";

/** Ports and paths of the stack the end-to-end tests start (offset from the defaults so both can run). */
const root = path.resolve(import.meta.dirname, "../..");
const portalPort = 3100;
const adminPort = 3101;
const sinkHttpPort = 1180;
/** The CVE Services fake the advisories spec starts: the stack runs as a CNA project against it. */
const cveServicesPort = 1190;

export const e2e = {
  /** The stack's local security mailbox (Dovecot; any user logs in with "test-password"). */
  imap: { port: 1143, user: "security", password: "test-password", address: "security@disclose.localhost" },
  portalUrl: `http://localhost:${portalPort}`,
  adminUrl: `http://localhost:${adminPort}`,
  sinkUrl: `http://127.0.0.1:${sinkHttpPort}`,
  cveServicesPort,
  databaseUrl: "postgresql://postgres:postgres@localhost:54339/disclose",
  dataDir: path.join(root, ".data", "e2e"),
  env: {
    PORTAL_PORT: String(portalPort),
    ADMIN_PORT: String(adminPort),
    EMBEDDED_PG_PORT: "54339",
    SMTP_SINK_PORT: "1125",
    SMTP_SINK_HTTP_PORT: String(sinkHttpPort),
    DISCLOSE_DATA_DIR: path.join(root, ".data", "e2e"),
    SMTP_SINK_DIR: path.join(root, ".data", "e2e", "mail"),
    DATABASE_URL: "",
    SMTP_URL: "",
    // The security mailbox: a local Dovecot the stack starts on this port (reports by email).
    LOCAL_IMAP_PORT: "1143",
    SECURITY_IMAP_URL: "",
    // Every line of the run's stack, scanned afterwards for the secrets the tests used (tests/log-scan.ts).
    DISCLOSE_LOG_FILE: path.join(root, ".data", "e2e", "logs", "stack.log"),
    // The case clock the tests move (POST /api/test-clock): timelines, reminders, the worker's schedule only.
    DISCLOSE_TEST_CLOCK: "1",
    // A project that is a CNA: CVE IDs are reserved and records published through CVE Services (here the local
    // fake, @disclose/cve-services/fake-server, with its test account).
    CVE_API_URL: `http://127.0.0.1:${cveServicesPort}/api`,
    CVE_API_ORG: "disclose-test",
    CVE_API_USER: "cna@disclose.test",
    CVE_API_KEY: "fake-cve-api-key-0123456789",
  } as Record<string, string>,
};
