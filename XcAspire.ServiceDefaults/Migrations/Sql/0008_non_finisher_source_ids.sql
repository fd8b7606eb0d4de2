-- A race's import looks up its rows' source result ids (Athletic.net IDResult) under every other race,
-- to reject a row whose id another meet or race already owns instead of moving or overwriting it.
-- results has a unique index on the id; non-finishers need one to answer that without a scan.
CREATE INDEX non_finishers_source_result_id_idx ON non_finishers (source_result_id) WHERE source_result_id IS NOT NULL;
