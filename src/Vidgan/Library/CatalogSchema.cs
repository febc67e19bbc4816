namespace Vidgan.Library;

/// <summary>The catalog's schema as a list of migrations: step <c>n</c> takes a catalog from version <c>n</c> to <c>n +
/// 1</c>. A catalog made by an older Vidgan is brought up to date in one transaction when it is opened. Each step is
/// written once in SQLite's words (PostgreSQL's types are put in by <see cref="PostgresDialect"/>), with a part for
/// one engine only where they differ.</summary>
static class CatalogSchema
{
    public sealed record Step(string Shared, string Sqlite = "", string Postgres = "");

    static readonly Step[] Steps =
    [
        new(
            """
            CREATE TABLE IF NOT EXISTS runs(
              id INTEGER PRIMARY KEY, run_dir TEXT NOT NULL UNIQUE, model TEXT NOT NULL, config TEXT NOT NULL,
              clip_set_id INTEGER, steps INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL,
              updated_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS assets(
              id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL,
              source TEXT NOT NULL CHECK(source IN ('real','generated')),
              name TEXT NOT NULL, format TEXT NOT NULL, class TEXT, split TEXT, original_path TEXT,
              width INTEGER, height INTEGER, frames INTEGER, fps REAL, duration REAL, codec TEXT, bytes INTEGER,
              score REAL, seed INTEGER, run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL, model TEXT,
              checkpoint_sha256 TEXT, parameters TEXT, nearest_train_distance REAL,
              near_copy INTEGER NOT NULL DEFAULT 0,
              created_at TEXT NOT NULL, UNIQUE(sha256, source));
            CREATE INDEX IF NOT EXISTS assets_class ON assets(class);
            CREATE TABLE IF NOT EXISTS clip_sets(
              id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, size INTEGER NOT NULL, frames INTEGER NOT NULL,
              fps REAL NOT NULL, fit TEXT NOT NULL, stride INTEGER NOT NULL, test_fraction REAL NOT NULL,
              created_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS clips(
              id INTEGER PRIMARY KEY, set_id INTEGER NOT NULL REFERENCES clip_sets(id) ON DELETE CASCADE,
              asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE, start_frame INTEGER NOT NULL,
              split TEXT NOT NULL, class TEXT, cache_key TEXT NOT NULL, UNIQUE(set_id, asset_id, start_frame));
            CREATE TABLE IF NOT EXISTS checkpoints(
              id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
              sha256 TEXT NOT NULL, step INTEGER NOT NULL, path TEXT NOT NULL, created_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS tags(
              asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE, tag TEXT NOT NULL,
              PRIMARY KEY(asset_id, tag));
            """
        ),
        // Version 2: curation (keep/reject), collections, API keys and background jobs for the web service.
        new(
            """
            ALTER TABLE assets ADD COLUMN review TEXT CHECK(review IN ('kept','rejected'));
            ALTER TABLE assets ADD COLUMN nearest_clip_id INTEGER;
            CREATE INDEX IF NOT EXISTS assets_run ON assets(run_id);
            CREATE INDEX IF NOT EXISTS assets_score ON assets(score);
            CREATE INDEX IF NOT EXISTS assets_created ON assets(created_at);
            CREATE INDEX IF NOT EXISTS assets_source_score ON assets(source, score);
            DROP INDEX IF EXISTS assets_class;
            CREATE INDEX IF NOT EXISTS assets_class_source_score ON assets(class, source, score);
            CREATE INDEX IF NOT EXISTS tags_tag ON tags(tag);
            CREATE TABLE IF NOT EXISTS collections(
              id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, description TEXT NOT NULL DEFAULT '',
              created_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS collection_assets(
              collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
              asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE, added_at TEXT NOT NULL,
              PRIMARY KEY(collection_id, asset_id));
            CREATE INDEX IF NOT EXISTS collection_assets_asset ON collection_assets(asset_id);
            CREATE TABLE IF NOT EXISTS api_keys(
              id INTEGER PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL CHECK(role IN ('viewer','editor','admin')),
              prefix TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, revoked_at TEXT);
            CREATE TABLE IF NOT EXISTS jobs(
              id INTEGER PRIMARY KEY, kind TEXT NOT NULL, request TEXT NOT NULL, state TEXT NOT NULL,
              progress REAL NOT NULL DEFAULT 0, step INTEGER, total INTEGER, eta_seconds REAL,
              message TEXT NOT NULL DEFAULT '', log TEXT NOT NULL DEFAULT '', error TEXT, result TEXT, engine_id TEXT,
              worker TEXT, cancel_requested INTEGER NOT NULL DEFAULT 0, heartbeat INTEGER, created_at TEXT NOT NULL,
              started_at TEXT, finished_at TEXT);
            """
        ),
        // Version 3: text search over names and tags with a trigram index (substring matches without a full scan):
        // in SQLite an FTS5 table kept in step with assets and tags by triggers, in PostgreSQL pg_trgm indexes.
        new(
            "",
            Sqlite: """
            CREATE VIRTUAL TABLE IF NOT EXISTS assets_search USING fts5(name, tags, tokenize = 'trigram');
            INSERT INTO assets_search(rowid, name, tags)
              SELECT a.id, a.name, COALESCE((SELECT group_concat(tag, ' ') FROM tags t WHERE t.asset_id = a.id), '')
              FROM assets a;
            CREATE TRIGGER IF NOT EXISTS assets_search_insert AFTER INSERT ON assets BEGIN
              INSERT INTO assets_search(rowid, name, tags) VALUES (new.id, new.name, '');
            END;
            CREATE TRIGGER IF NOT EXISTS assets_search_delete AFTER DELETE ON assets BEGIN
              DELETE FROM assets_search WHERE rowid = old.id;
            END;
            CREATE TRIGGER IF NOT EXISTS assets_search_rename AFTER UPDATE OF name ON assets BEGIN
              UPDATE assets_search SET name = new.name WHERE rowid = new.id;
            END;
            CREATE TRIGGER IF NOT EXISTS tags_search_insert AFTER INSERT ON tags BEGIN
              UPDATE assets_search SET tags = (SELECT group_concat(tag, ' ') FROM tags WHERE asset_id = new.asset_id)
              WHERE rowid = new.asset_id;
            END;
            CREATE TRIGGER IF NOT EXISTS tags_search_delete AFTER DELETE ON tags BEGIN
              UPDATE assets_search
              SET tags = COALESCE((SELECT group_concat(tag, ' ') FROM tags WHERE asset_id = old.asset_id), '')
              WHERE rowid = old.asset_id;
            END;
            """,
            Postgres: """
            CREATE EXTENSION IF NOT EXISTS pg_trgm;
            CREATE INDEX IF NOT EXISTS assets_name_trigram ON assets USING gin (name gin_trgm_ops);
            CREATE INDEX IF NOT EXISTS tags_tag_trigram ON tags USING gin (tag gin_trgm_ops);
            """
        ),
        // Version 4: a generated file's bytes differ every time it is made (its watermark and signature are new), so
        // repeats are found by the hash of its frames as sampled; the mark its pixels carry names the asset; a format
        // with no place for Content Credentials keeps them in a sidecar file, stored beside it.
        new(
            """
            ALTER TABLE assets ADD COLUMN content_sha256 TEXT;
            CREATE INDEX IF NOT EXISTS assets_content ON assets(content_sha256, source);
            ALTER TABLE assets ADD COLUMN watermark INTEGER;
            CREATE INDEX IF NOT EXISTS assets_watermark ON assets(watermark);
            ALTER TABLE assets ADD COLUMN credentials_sha256 TEXT;
            """
        ),
        // Version 5: a large generate job is split into shard jobs that any worker may run; the parent job keeps
        // how many it has and ends when they all have.
        new(
            """
            ALTER TABLE jobs ADD COLUMN parent_id INTEGER REFERENCES jobs(id) ON DELETE CASCADE;
            ALTER TABLE jobs ADD COLUMN shards INTEGER;
            CREATE INDEX IF NOT EXISTS jobs_parent ON jobs(parent_id);
            """
        ),
    ];

    public static IEnumerable<Step> StepsAfter(long version) => Steps.Skip((int)version);
}
