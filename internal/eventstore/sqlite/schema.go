package sqlite

// applicationID marks a SQLite file as a Lumbung store ("LMBG").
const applicationID = 0x4c4d4247

// migrations[i] takes the schema from version i to version i+1. The
// schema version is PRAGMA user_version. Migrations are append-only: a
// released step is never edited.
var migrations = []string{
	// 1: the event log, append-only by trigger; projection snapshots.
	//
	// Stream names live once in streams and events refer to them by
	// number, and event ids are 16-byte blobs: both unique indexes stay
	// small enough for the page cache, which is what keeps bulk imports
	// fast. Payloads and metadata are the exact JSON bytes that were
	// hashed, kept as blobs. The adapter writes a stream's row in the
	// transaction of its first event, and audit verify reports an event
	// whose stream is missing, so no foreign key is checked per insert.
	// The event_log view shows the log as people read it.
	`
CREATE TABLE streams (
	id    INTEGER PRIMARY KEY,
	name  TEXT    NOT NULL UNIQUE
);
CREATE TABLE events (
	position   INTEGER PRIMARY KEY,
	stream_id  INTEGER NOT NULL,
	revision   INTEGER NOT NULL CHECK (revision >= 0),
	event_id   BLOB    NOT NULL CHECK (length(event_id) = 16),
	type       TEXT    NOT NULL,
	data       BLOB    NOT NULL,
	metadata   BLOB    NOT NULL
);
CREATE UNIQUE INDEX events_stream_revision ON events (stream_id, revision);
CREATE UNIQUE INDEX events_event_id ON events (event_id);
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN
	SELECT RAISE(ABORT, 'lumbung: events are append-only; correct with a reversing event');
END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN
	SELECT RAISE(ABORT, 'lumbung: events are append-only; correct with a reversing event');
END;
CREATE TRIGGER streams_append_only_update BEFORE UPDATE ON streams
BEGIN
	SELECT RAISE(ABORT, 'lumbung: streams are never renamed');
END;
CREATE TRIGGER streams_append_only_delete BEFORE DELETE ON streams
BEGIN
	SELECT RAISE(ABORT, 'lumbung: streams are never deleted');
END;
CREATE VIEW event_log AS
SELECT e.position, s.name AS stream, e.revision,
	lower(substr(hex(e.event_id), 1, 8) || '-' || substr(hex(e.event_id), 9, 4) || '-' ||
		substr(hex(e.event_id), 13, 4) || '-' || substr(hex(e.event_id), 17, 4) || '-' ||
		substr(hex(e.event_id), 21, 12)) AS event_id,
	e.type, CAST(e.data AS TEXT) AS data, CAST(e.metadata AS TEXT) AS metadata
FROM events e JOIN streams s ON s.id = e.stream_id;
CREATE TABLE snapshots (
	name      TEXT    PRIMARY KEY,
	version   INTEGER NOT NULL,
	position  INTEGER NOT NULL,
	data      BLOB    NOT NULL,
	saved_at  TEXT    NOT NULL
);
`,
	// 2: credentials kept beside the log, never in it: password hashes and
	// API token hashes by key. Unlike the log, rows change and go.
	`
CREATE TABLE credentials (
	key         TEXT PRIMARY KEY,
	value       BLOB NOT NULL,
	updated_at  TEXT NOT NULL
);
`,
}

// SchemaVersion is the schema version this build writes.
const SchemaVersion = 2

// logSchema is the oldest schema version whose log this build reads as
// it is: later versions only added tables beside the log, so a read-only
// open of an older file still reads its events.
const logSchema = 1
