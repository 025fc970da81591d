-- An app JWT issued before its user's erasure must neither sign in nor provision the user again:
-- each verification of an app JWT looks up the external id's latest erasure job by this index.
CREATE INDEX erasure_jobs_app_user ON erasure_jobs (app_id, external_id);
