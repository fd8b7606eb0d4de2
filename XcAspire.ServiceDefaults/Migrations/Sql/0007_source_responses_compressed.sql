-- Source responses are stored compressed by the silo (zlib, see StoredBody) in body_zlib instead of as
-- text in body. Storing a large meet's whole-meet answer (2.7 MB of JSON) is the last thing its scrape
-- waits for, and the server took about 45 ms to take in and compress the text, against about 20 ms to
-- compress it in the silo and store the 460 kB left. Rows stored before keep their text in body, and
-- are read as they are. Exactly one of the two holds the body.
ALTER TABLE source_responses
    ALTER COLUMN body DROP NOT NULL,
    ADD COLUMN body_zlib bytea,
    ADD CONSTRAINT source_responses_one_body CHECK ((body IS NULL) <> (body_zlib IS NULL));

-- Already compressed: stored out of line as it is, without PostgreSQL trying to compress it again.
ALTER TABLE source_responses ALTER COLUMN body_zlib SET STORAGE EXTERNAL;
