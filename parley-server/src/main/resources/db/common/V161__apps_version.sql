-- One row counting changes to apps that must end access already granted (a secret rotated, an app
-- revoked, tokens revoked before a time). A node caches app secrets; it reads this cheap row at most
-- once a second (app.recheck) and drops its cache when the count moved, so a change made by the CLI
-- or by another node takes effect within that bound even without Redis (with Redis, at once).
-- (A text key: an INTEGER PRIMARY KEY is SQLite's rowid, with no index for the schema parity check.)
CREATE TABLE apps_version (
    id      TEXT PRIMARY KEY,
    version ${bigint} NOT NULL
);
INSERT INTO apps_version (id, version) VALUES ('apps', 0);
