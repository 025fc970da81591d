-- Node-wide filters (issue 19 point 3): words and phrases, regular expressions, link domains and
-- e-mail patterns, each with an action (flag, block, shadow). Every node keeps them compiled in
-- memory and reloads when filters_version moves (read at most once per filters.recheck).
CREATE TABLE node_filters (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    pattern    TEXT NOT NULL,
    action     TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at ${bigint} NOT NULL
);
CREATE UNIQUE INDEX node_filters_by_pattern ON node_filters (kind, pattern);

-- (A text key, as apps_version: an INTEGER PRIMARY KEY is SQLite's rowid, with no index for the schema parity check.)
CREATE TABLE filters_version (
    id      TEXT PRIMARY KEY,
    version ${bigint} NOT NULL
);
INSERT INTO filters_version (id, version) VALUES ('filters', 0);
