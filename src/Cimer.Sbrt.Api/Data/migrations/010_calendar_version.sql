-- A center's calendar version: raised by the database itself on every write to what the solver
-- reads as the center's calendar (closures, linacs, downtimes), so a plan decided on a snapshot can
-- check at write time that the calendar it solved on is still the calendar (optimistic creation).
-- Bookings need no version: a slot taken meanwhile is caught by ux_fractions_booked_slot.

ALTER TABLE centers ADD COLUMN calendar_version INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER closures_raise_calendar_version_insert AFTER INSERT ON closures
BEGIN UPDATE centers SET calendar_version = calendar_version + 1 WHERE id = NEW.center_id; END;
CREATE TRIGGER closures_raise_calendar_version_update AFTER UPDATE ON closures
BEGIN UPDATE centers SET calendar_version = calendar_version + 1 WHERE id IN (OLD.center_id, NEW.center_id); END;
CREATE TRIGGER closures_raise_calendar_version_delete AFTER DELETE ON closures
BEGIN UPDATE centers SET calendar_version = calendar_version + 1 WHERE id = OLD.center_id; END;

CREATE TRIGGER linacs_raise_calendar_version_insert AFTER INSERT ON linacs
BEGIN UPDATE centers SET calendar_version = calendar_version + 1 WHERE id = NEW.center_id; END;
CREATE TRIGGER linacs_raise_calendar_version_update AFTER UPDATE ON linacs
BEGIN UPDATE centers SET calendar_version = calendar_version + 1 WHERE id IN (OLD.center_id, NEW.center_id); END;
CREATE TRIGGER linacs_raise_calendar_version_delete AFTER DELETE ON linacs
BEGIN UPDATE centers SET calendar_version = calendar_version + 1 WHERE id = OLD.center_id; END;

CREATE TRIGGER downtimes_raise_calendar_version_insert AFTER INSERT ON downtimes
BEGIN UPDATE centers SET calendar_version = calendar_version + 1 WHERE id = (SELECT center_id FROM linacs WHERE id = NEW.linac_id); END;
CREATE TRIGGER downtimes_raise_calendar_version_update AFTER UPDATE ON downtimes
BEGIN UPDATE centers SET calendar_version = calendar_version + 1 WHERE id IN (SELECT center_id FROM linacs WHERE id IN (OLD.linac_id, NEW.linac_id)); END;
CREATE TRIGGER downtimes_raise_calendar_version_delete AFTER DELETE ON downtimes
BEGIN UPDATE centers SET calendar_version = calendar_version + 1 WHERE id = (SELECT center_id FROM linacs WHERE id = OLD.linac_id); END;
