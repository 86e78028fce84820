package sqlite

// applicationID marks a SQLite file as a Lumbung store ("LMBG").
const applicationID = 0x4c4d4247

// migrations[i] takes the schema from version i to version i+1. The
// schema version is PRAGMA user_version. Migrations are append-only: a
// released step is never edited.
var migrations = []string{
	// 1: the event log, append-only by trigger; projection snapshots.
	`
CREATE TABLE events (
	position  INTEGER PRIMARY KEY,
	stream    TEXT    NOT NULL,
	revision  INTEGER NOT NULL CHECK (revision >= 0),
	event_id  TEXT    NOT NULL,
	type      TEXT    NOT NULL,
	data      TEXT    NOT NULL,
	metadata  TEXT    NOT NULL
);
CREATE UNIQUE INDEX events_stream_revision ON events (stream, revision);
CREATE UNIQUE INDEX events_event_id ON events (event_id);
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN
	SELECT RAISE(ABORT, 'lumbung: events are append-only; correct with a reversing event');
END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN
	SELECT RAISE(ABORT, 'lumbung: events are append-only; correct with a reversing event');
END;
CREATE TABLE snapshots (
	name      TEXT    PRIMARY KEY,
	version   INTEGER NOT NULL,
	position  INTEGER NOT NULL,
	data      BLOB    NOT NULL,
	saved_at  TEXT    NOT NULL
);
`,
}

// SchemaVersion is the schema version this build writes.
const SchemaVersion = 1
