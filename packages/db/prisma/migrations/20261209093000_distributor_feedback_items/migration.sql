-- A distributor's feedback details are a sealed item of their own ('distributor-feedback'), held by the case's team
-- with a key packet per reader like notes.
ALTER TABLE "key_packets" DROP CONSTRAINT "key_packets_item_kind_check";
ALTER TABLE "key_packets" ADD CONSTRAINT "key_packets_item_kind_check"
  CHECK ("item_kind" IN ('report', 'summary', 'attachment', 'reporter-message', 'team-message', 'note', 'patch', 'fix-commit', 'distributor-feedback'));
