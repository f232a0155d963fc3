/** What to use instead when DATABASE_URL names a server of one's own (README, "Running in production"). */
export const MANAGED_DATABASE_BACKUPS = [
  "For a server of your own or a managed PostgreSQL, back up with the provider's means: automated snapshots",
  "with point-in-time recovery (PITR). Without those, use pg_dump and pg_restore of the server's own major",
  "version, run as the tables' owner (DATABASE_OWNER_URL), restoring into a new, empty database owned by it:",
  '  pg_dump --format=custom --file=disclose.dump "$DATABASE_OWNER_URL"',
  '  pg_restore --exit-on-error --single-transaction --no-owner --dbname="<new database URL, as the owner>" disclose.dump',
  'See the README, "Running in production".',
].join("\n");

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
