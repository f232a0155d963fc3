-- The Fix Lead may take an organisation off a disclosure before it is notified (prepareEarlyDisclosure deletes its
-- chosen-but-not-notified row; it issues the DELETE on every save). Without DELETE the app role's save failed with
-- "permission denied for table distributor_notifications". Notified rows are never deleted by the use-case.
GRANT DELETE ON "distributor_notifications" TO "disclose_app";
