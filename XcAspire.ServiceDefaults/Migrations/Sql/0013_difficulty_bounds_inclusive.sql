-- A course's difficulty is a pace multiplier from 0.5 to 3 inclusive (README, DifficultyRating):
-- 0001 left both bounds out, so a course rated 3.00, as some of the site's own are, was refused.
-- Adoption builds its target from 0001 and this file together and records both (SiteAdoption).
ALTER TABLE courses
    DROP CONSTRAINT courses_difficulty_rating_check,
    ADD CONSTRAINT courses_difficulty_rating_check CHECK (difficulty_rating >= 0.5 AND difficulty_rating <= 3);
