-- "Holds a slot", stated once: a fraction planned or delivered whose plan version still stands. The
-- partial unique index ux_fractions_booked_slot guards the same rows; every store that asks which
-- slots are taken reads this view (SQLite flattens it into the query, so the indexes still serve).

CREATE VIEW booked_fractions AS
SELECT * FROM fractions
WHERE status IN ('planned', 'delivered') AND cancelled = 0;
