-- The apps check at start (in production) that every migration they were built with is applied, and refuse to
-- serve a database that is behind: they read, never write, the migration history.
GRANT SELECT ON "_prisma_migrations" TO "disclose_app";
