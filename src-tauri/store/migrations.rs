//! The schema, as an append-only list of steps. Never edit a step that has
//! shipped: add one. `user_version` counts the steps applied.

use rusqlite_migration::{M, Migrations};
use std::sync::LazyLock;

fn steps() -> Vec<M<'static>> {
    vec![M::up(
    "
    -- Shop settings and small app flags, one row per key.
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT;

    -- People in the owner's community. phone is E.164 (phone.rs), unique when present.
    -- Dates are shop-local calendar dates, 'YYYY-MM-DD'.
    CREATE TABLE members (
        id                INTEGER PRIMARY KEY AUTOINCREMENT, -- never reuse a forgotten person's id
        name              TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
        phone             TEXT UNIQUE CHECK (phone IS NULL OR phone GLOB '+[1-9]*'),
        wechat_name       TEXT,
        birthday          TEXT,
        joined_on         TEXT NOT NULL,
        source            TEXT NOT NULL,
        notes             TEXT NOT NULL DEFAULT '',
        marketing_consent INTEGER NOT NULL DEFAULT 0 CHECK (marketing_consent IN (0, 1)),
        left_on           TEXT
    ) STRICT;

    CREATE TABLE member_tags (
        member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
        tag       TEXT NOT NULL,
        PRIMARY KEY (member_id, tag)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX member_tags_by_tag ON member_tags(tag);
    ",
), M::up(
    "
    -- One imported POS file and what it brought (provenance; undo removes exactly its lines).
    CREATE TABLE import_batches (
        id                   INTEGER PRIMARY KEY AUTOINCREMENT,
        file_name            TEXT NOT NULL,
        sha256               TEXT NOT NULL,
        imported_at          TEXT NOT NULL,   -- shop-local 'YYYY-MM-DD HH:MM:SS'
        source               TEXT NOT NULL,   -- preset id, or 'custom'
        mapping              TEXT NOT NULL,   -- JSON of the mapping used
        rows                 INTEGER NOT NULL,
        lines_new            INTEGER NOT NULL,
        lines_duplicate      INTEGER NOT NULL,
        lines_rejected       INTEGER NOT NULL,
        receipts             INTEGER NOT NULL,
        refunds              INTEGER NOT NULL,
        date_from            TEXT,
        date_to              TEXT,
        gross_minor          INTEGER NOT NULL,
        discounts_minor      INTEGER NOT NULL,
        refunds_minor        INTEGER NOT NULL,
        net_minor            INTEGER NOT NULL,
        customers_identified INTEGER NOT NULL,
        customers_matched    INTEGER NOT NULL,
        rejects_file         TEXT
    ) STRICT;

    -- A customer as the POS knows them: a normalised phone (E.164), a phone that
    -- could not be normalised ('raw'), a POS customer id or a member card number.
    -- member_id links it to a member (by phone, or by the owner's manual link).
    CREATE TABLE identities (
        id        INTEGER PRIMARY KEY,
        kind      TEXT NOT NULL CHECK (kind IN ('phone', 'raw', 'pos_id', 'card')),
        value     TEXT NOT NULL,
        name      TEXT,
        member_id INTEGER REFERENCES members(id) ON DELETE SET NULL,
        UNIQUE (kind, value)
    ) STRICT;
    CREATE INDEX identities_by_member ON identities(member_id);

    -- One POS receipt per (source, receipt id); its customer is an identity.
    CREATE TABLE receipts (
        id          INTEGER PRIMARY KEY,
        source      TEXT NOT NULL,
        pos_id      TEXT NOT NULL,
        day         TEXT NOT NULL,
        time        TEXT,
        identity_id INTEGER REFERENCES identities(id) ON DELETE SET NULL,
        batch_id    INTEGER NOT NULL, -- the import that first brought it (kept when that one is undone)
        UNIQUE (source, pos_id)
    ) STRICT;

    -- Lines: sales (positive amounts) and refunds (net_minor < 0, dated when they
    -- happened). line_key is the dedupe key: xxh3 of source, receipt id, line
    -- content and its occurrence among identical lines of the receipt.
    CREATE TABLE sale_lines (
        id             INTEGER PRIMARY KEY,
        receipt_id     INTEGER NOT NULL REFERENCES receipts(id),
        batch_id       INTEGER NOT NULL REFERENCES import_batches(id),
        line_key       INTEGER NOT NULL,
        kind           TEXT NOT NULL CHECK (kind IN ('sale', 'refund')),
        day            TEXT NOT NULL,
        item           TEXT,
        category       TEXT,
        qty_milli      INTEGER NOT NULL,
        gross_minor    INTEGER NOT NULL,
        discount_minor INTEGER NOT NULL,
        net_minor      INTEGER NOT NULL,
        tax_minor      INTEGER NOT NULL
    ) STRICT;
    -- No index on sale_lines: bulk import speed matters more than undo and
    -- clean-up, which scan; reports read rollups, not raw lines.

    -- Mappings the owner confirmed, remembered per header layout.
    CREATE TABLE import_mappings (
        signature TEXT PRIMARY KEY,
        mapping   TEXT NOT NULL
    ) STRICT;
    ",
), M::up(
    "
    -- Step 3: dates of sales as integers (yyyymmdd, shop-local) and times as seconds after
    -- midnight; lines keyed by their receipt so that dedupe is a primary-key probe; and the
    -- rollups the KPIs read, kept up to date by every import and undo.
    CREATE TABLE receipts_v3 (
        id          INTEGER PRIMARY KEY,
        source      TEXT NOT NULL,
        pos_id      TEXT NOT NULL,
        day         INTEGER NOT NULL,          -- yyyymmdd
        time        INTEGER,                   -- seconds after midnight
        identity_id INTEGER REFERENCES identities(id) ON DELETE SET NULL,
        batch_id    INTEGER NOT NULL, -- the import that first brought it (kept when that one is undone)
        lines_hash  INTEGER NOT NULL DEFAULT 0, -- sum of (line_key >> 16) of its lines
        UNIQUE (source, pos_id)
    ) STRICT;
    INSERT INTO receipts_v3(id, source, pos_id, day, time, identity_id, batch_id)
        SELECT id, source, pos_id, CAST(replace(day, '-', '') AS INTEGER),
               CASE WHEN time IS NULL THEN NULL
                    ELSE CAST(substr(time, 1, 2) AS INTEGER) * 3600 + CAST(substr(time, 4, 2) AS INTEGER) * 60
                         + CAST(substr(time, 7, 2) AS INTEGER) END,
               identity_id, batch_id
        FROM receipts;

    -- What was sold, once per name and category (lines refer to it).
    CREATE TABLE items (
        id       INTEGER PRIMARY KEY,
        name     TEXT,
        category TEXT,
        UNIQUE (name, category)
    ) STRICT;
    INSERT INTO items(name, category)
        SELECT DISTINCT item, category FROM sale_lines WHERE item IS NOT NULL OR category IS NOT NULL;

    -- Lines: sales and refunds (net_minor < 0, dated when they happened). A line's id is
    -- (receipt_id << 16) + its slot on the receipt, so a receipt's lines are one id range (no
    -- index needed to find them) and a bulk import appends. line_key is the dedupe key
    -- (engine.rs: xxh3 of source, receipt, content, occurrence). Receipts, items and batches
    -- are referenced by code, not by declared foreign keys: a bulk import of a million lines
    -- should not probe three parents per line. Undo scans (no batch index).
    CREATE TABLE sale_lines_v3 (
        id             INTEGER PRIMARY KEY,
        receipt_id     INTEGER NOT NULL,
        line_key       INTEGER NOT NULL,
        batch_id       INTEGER NOT NULL,
        kind           TEXT NOT NULL CHECK (kind IN ('sale', 'refund')),
        day            INTEGER NOT NULL,       -- yyyymmdd
        item_id        INTEGER,                -- items(id); NULL for a receipt-level line
        qty_milli      INTEGER NOT NULL,
        gross_minor    INTEGER NOT NULL,
        discount_minor INTEGER NOT NULL,
        net_minor      INTEGER NOT NULL,
        tax_minor      INTEGER NOT NULL
    ) STRICT;
    INSERT INTO sale_lines_v3
        SELECT (l.receipt_id << 16) + row_number() OVER (PARTITION BY l.receipt_id ORDER BY l.id) - 1,
               l.receipt_id, l.line_key, l.batch_id, l.kind, CAST(replace(l.day, '-', '') AS INTEGER), i.id,
               l.qty_milli, l.gross_minor, l.discount_minor, l.net_minor, l.tax_minor
        FROM sale_lines l LEFT JOIN items i ON i.name IS l.item AND i.category IS l.category;
    UPDATE receipts_v3 SET lines_hash =
        (SELECT coalesce(sum(line_key >> 16), 0) FROM sale_lines_v3
         WHERE id BETWEEN receipts_v3.id << 16 AND (receipts_v3.id << 16) + 65535);
    DROP TABLE sale_lines;
    DROP TABLE receipts;
    ALTER TABLE receipts_v3 RENAME TO receipts;
    ALTER TABLE sale_lines_v3 RENAME TO sale_lines;

    -- Rollups (rollups.rs): what the KPIs read instead of raw lines.
    -- Sales of each day: sale lines' gross and discounts, refunds dated that day, sale receipts.
    CREATE TABLE sales_by_day (
        day             INTEGER PRIMARY KEY,   -- yyyymmdd
        gross_minor     INTEGER NOT NULL,
        discounts_minor INTEGER NOT NULL,
        refunds_minor   INTEGER NOT NULL,
        receipts        INTEGER NOT NULL
    ) STRICT;
    -- The same per identified customer, also keyed by the receipt's own day (membership is
    -- judged on the receipt's date; a refund is dated when it happened).
    CREATE TABLE sales_by_customer_day (
        day           INTEGER NOT NULL,
        identity_id   INTEGER NOT NULL REFERENCES identities(id) ON DELETE CASCADE,
        receipt_day   INTEGER NOT NULL,
        receipts      INTEGER NOT NULL,
        net_minor     INTEGER NOT NULL,        -- gross - discounts of sale lines
        refunds_minor INTEGER NOT NULL,
        PRIMARY KEY (day, identity_id, receipt_day)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX sales_by_customer_day_by_identity ON sales_by_customer_day(identity_id);

    -- The owner's targets, one per KPI (metrics.rs names them).
    CREATE TABLE targets (
        kpi    TEXT PRIMARY KEY,
        value  REAL NOT NULL,
        period TEXT NOT NULL DEFAULT 'week' CHECK (period IN ('week', 'month', 'quarter'))
    ) STRICT;

    -- The rollups of the sales already imported, as rollups.rs built them when this step
    -- shipped. Frozen here as SQL: a step never calls live code, which later steps change
    -- (step 5 gave rollups.rs a third table this step does not have). A sale receipt is one with
    -- a sale line whose net is > 0, counted on the receipt's day.
    CREATE TEMP TABLE sale_receipts AS
        SELECT r.id, r.day, r.identity_id FROM receipts r
        WHERE EXISTS (SELECT 1 FROM sale_lines l WHERE l.id BETWEEN r.id << 16 AND (r.id << 16) + 65535
                      AND l.kind = 'sale' AND l.net_minor > 0);
    INSERT INTO sales_by_day(day, gross_minor, discounts_minor, refunds_minor, receipts)
        SELECT day, sum(g), sum(d), sum(rf), sum(rc) FROM (
            SELECT day,
                   sum(CASE WHEN kind = 'sale' THEN gross_minor ELSE 0 END) AS g,
                   sum(CASE WHEN kind = 'sale' THEN discount_minor ELSE 0 END) AS d,
                   sum(CASE WHEN kind = 'refund' THEN -net_minor ELSE 0 END) AS rf,
                   0 AS rc
            FROM sale_lines GROUP BY day
            UNION ALL
            SELECT day, 0, 0, 0, count(*) FROM temp.sale_receipts GROUP BY day)
        GROUP BY day;
    INSERT INTO sales_by_customer_day(day, identity_id, receipt_day, receipts, net_minor, refunds_minor)
        SELECT day, identity_id, receipt_day, sum(rc), sum(net), sum(rf) FROM (
            SELECT l.day AS day, r.identity_id AS identity_id, r.day AS receipt_day, 0 AS rc,
                   sum(CASE WHEN l.kind = 'sale' THEN l.net_minor ELSE 0 END) AS net,
                   sum(CASE WHEN l.kind = 'refund' THEN -l.net_minor ELSE 0 END) AS rf
            FROM sale_lines l JOIN receipts r ON r.id = l.id >> 16
            WHERE r.identity_id IS NOT NULL GROUP BY 1, 2, 3
            UNION ALL
            SELECT day, identity_id, day, count(*), 0, 0 FROM temp.sale_receipts
            WHERE identity_id IS NOT NULL GROUP BY 1, 2, 3)
        GROUP BY 1, 2, 3;
    DROP TABLE temp.sale_receipts;
    ",
), M::up(
    "
    -- Step 4: raw_mark, what a receipt's rows looked like when one import brought it whole
    -- (import/engine.rs), so that an export overlapping an earlier one skips parsing the
    -- receipts it has already brought, byte for byte. 0 = not known (older imports, a receipt
    -- whose lines changed since); any change to a receipt's lines sets it back to 0. And
    -- receipts without the unique index on (source, pos_id): the import writer keeps them
    -- unique (it loads the source's receipts before it writes, under the write lock), and a
    -- million-line import no longer inserts 300,000 text keys into an index nothing else reads,
    -- nor probes identities for each receipt (forgetting a person unlinks their receipts).
    CREATE TABLE receipts_v4 (
        id          INTEGER PRIMARY KEY,
        source      TEXT NOT NULL,
        pos_id      TEXT NOT NULL,
        day         INTEGER NOT NULL,          -- yyyymmdd
        time        INTEGER,                   -- seconds after midnight
        identity_id INTEGER,                   -- identities(id); NULL once forgotten (members.rs)
        batch_id    INTEGER NOT NULL, -- the import that first brought it (kept when that one is undone)
        lines_hash  INTEGER NOT NULL DEFAULT 0, -- sum of (line_key >> 16) of its lines
        raw_mark    INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    INSERT INTO receipts_v4(id, source, pos_id, day, time, identity_id, batch_id, lines_hash)
        SELECT id, source, pos_id, day, time, identity_id, batch_id, lines_hash FROM receipts;
    DROP TABLE receipts;
    ALTER TABLE receipts_v4 RENAME TO receipts;

    -- A line's receipt is its id >> 16: the column that repeated it goes (a million-line import
    -- wrote it a million times).
    ALTER TABLE sale_lines DROP COLUMN receipt_id;

    -- The customer rollup without a declared foreign key and its index: a bulk import adds
    -- its rows without probing identities for each, and 'forget this person' deletes theirs
    -- (members.rs).
    CREATE TABLE sales_by_customer_day_v4 (
        day           INTEGER NOT NULL,
        identity_id   INTEGER NOT NULL,        -- identities(id)
        receipt_day   INTEGER NOT NULL,
        receipts      INTEGER NOT NULL,
        net_minor     INTEGER NOT NULL,        -- gross - discounts of sale lines
        refunds_minor INTEGER NOT NULL,
        PRIMARY KEY (day, identity_id, receipt_day)
    ) STRICT, WITHOUT ROWID;
    INSERT INTO sales_by_customer_day_v4 SELECT * FROM sales_by_customer_day;
    DROP TABLE sales_by_customer_day;
    ALTER TABLE sales_by_customer_day_v4 RENAME TO sales_by_customer_day;
    ",
), M::up(
    "
    -- Step 5: each identified customer's totals over all their sales, one row per identity, kept
    -- by every import like the other rollups (rollups.rs). 'Customers who are not members yet'
    -- (the dashboard, the review, the import screen) reads one row per customer here: with step
    -- 4's day rollup unindexed by identity, aggregating it took a pass per customer.
    CREATE TABLE sales_by_customer (
        identity_id   INTEGER PRIMARY KEY,     -- identities(id); 'forget' deletes the row
        receipts      INTEGER NOT NULL,
        net_minor     INTEGER NOT NULL,        -- gross - discounts of sale lines
        refunds_minor INTEGER NOT NULL,
        last_day      INTEGER NOT NULL         -- the latest receipt day, yyyymmdd
    ) STRICT;
    INSERT INTO sales_by_customer(identity_id, receipts, net_minor, refunds_minor, last_day)
        SELECT identity_id, sum(receipts), sum(net_minor), sum(refunds_minor), max(receipt_day)
        FROM sales_by_customer_day GROUP BY identity_id;
    ",
), M::up(
    "
    -- Step 6: one batch table for every kind of import (import/batches.rs: the table import's
    -- member lists as well as the POS sales); a POS batch's sales totals move to their own
    -- table (sales/batches.rs); members remember the batch that brought them, and whether the
    -- owner changed them since (undo of their batch asks before removing those).
    CREATE TABLE sales_batches (
        batch_id             INTEGER PRIMARY KEY,   -- import_batches(id)
        receipts             INTEGER NOT NULL,
        refunds              INTEGER NOT NULL,
        date_from            TEXT,
        date_to              TEXT,
        gross_minor          INTEGER NOT NULL,
        discounts_minor      INTEGER NOT NULL,
        refunds_minor        INTEGER NOT NULL,
        net_minor            INTEGER NOT NULL,
        customers_identified INTEGER NOT NULL,
        customers_matched    INTEGER NOT NULL
    ) STRICT;
    INSERT INTO sales_batches SELECT id, receipts, refunds, date_from, date_to, gross_minor,
        discounts_minor, refunds_minor, net_minor, customers_identified, customers_matched
        FROM import_batches;
    ALTER TABLE import_batches ADD COLUMN kind TEXT NOT NULL DEFAULT 'sales';
    ALTER TABLE import_batches RENAME COLUMN lines_new TO added;
    ALTER TABLE import_batches RENAME COLUMN lines_duplicate TO duplicate;
    ALTER TABLE import_batches RENAME COLUMN lines_rejected TO rejected;
    ALTER TABLE import_batches DROP COLUMN receipts;
    ALTER TABLE import_batches DROP COLUMN refunds;
    ALTER TABLE import_batches DROP COLUMN date_from;
    ALTER TABLE import_batches DROP COLUMN date_to;
    ALTER TABLE import_batches DROP COLUMN gross_minor;
    ALTER TABLE import_batches DROP COLUMN discounts_minor;
    ALTER TABLE import_batches DROP COLUMN refunds_minor;
    ALTER TABLE import_batches DROP COLUMN net_minor;
    ALTER TABLE import_batches DROP COLUMN customers_identified;
    ALTER TABLE import_batches DROP COLUMN customers_matched;
    ALTER TABLE members ADD COLUMN batch_id INTEGER;              -- import_batches(id), or NULL
    ALTER TABLE members ADD COLUMN edits INTEGER NOT NULL DEFAULT 0; -- owner's changes since added
    ",
), M::up(
    "
    -- Step 7: the lines a POS import found already there (its duplicates), so that undoing the
    -- import that first brought a line keeps it for a later one that brought it too
    -- (sales/batches.rs). Written only for duplicates: a new file's import adds no row here.
    -- Single lines found again in a receipt that changed:
    CREATE TABLE sales_batch_lines (
        line_id  INTEGER NOT NULL,   -- sale_lines(id)
        batch_id INTEGER NOT NULL,   -- import_batches(id) that found it again
        PRIMARY KEY (line_id, batch_id)
    ) STRICT, WITHOUT ROWID;
    -- A receipt found again whole (most of an overlapping export): one row, not one per line;
    -- its lines up to slot `last_slot` (those it had then) count as found again.
    CREATE TABLE sales_batch_receipts (
        receipt_id INTEGER NOT NULL,   -- receipts(id)
        batch_id   INTEGER NOT NULL,   -- import_batches(id) that found it again
        last_slot  INTEGER NOT NULL,
        PRIMARY KEY (receipt_id, batch_id)
    ) STRICT, WITHOUT ROWID;
    ",
), M::up(
    "
    -- Step 8: a member named after their own phone (made of a customer whose POS 'name' was the
    -- phone) gets the name a nameless customer's member gets, never a whole phone:
    -- '顾客 ·5678' / 'Customer ·5678' (people/customers.rs), in the shop's language.
    CREATE TEMP TABLE named_by_phone AS
        SELECT id, replace(replace(replace(replace(replace(replace(
                   name, ' ', ''), '-', ''), '+', ''), '(', ''), ')', ''), '.', '') AS digits
        FROM members WHERE phone IS NOT NULL;
    UPDATE members
    SET name = CASE WHEN (SELECT value FROM settings WHERE key = 'language') LIKE 'en%'
                    THEN 'Customer ·' ELSE '顾客 ·' END || substr(phone, -4)
    WHERE id IN (SELECT n.id FROM named_by_phone n
                 WHERE length(n.digits) >= 7 AND n.digits NOT GLOB '*[^0-9]*'
                   AND members.phone LIKE '%' || n.digits);
    DROP TABLE named_by_phone;
    ",
), M::up(
    "
    -- Step 9: the tombstones of the people forgotten (people/forgotten.rs): a keyed slow hash of
    -- each form of their identities, with a short keyed pre-filter, under one random key per shop.
    CREATE TABLE forgotten (
        prefilter INTEGER NOT NULL,
        hash      BLOB NOT NULL CHECK (length(hash) = 32),
        PRIMARY KEY (prefilter, hash)
    ) STRICT, WITHOUT ROWID;
    CREATE TABLE forgotten_key (
        id  INTEGER PRIMARY KEY CHECK (id = 1),
        key BLOB NOT NULL CHECK (length(key) = 32)
    ) STRICT;
    ",
), M::up(
    "
    -- Step 10: a member may have no name — made of a nameless customer, or a list row with only
    -- a phone — and is then shown as '顾客 138****5678' (people/members.rs `label`), never named
    -- after their phone. SQLite cannot loosen a CHECK in place, so the table is rebuilt (foreign
    -- keys are off while the schema moves: store/file.rs `migrate`; the step checks them after),
    -- keeping every id and the AUTOINCREMENT high-water mark (a forgotten person's id is never
    -- given again). Names that are the member's own phone, or step 8's stand-in, are cleared.
    CREATE TABLE members_new (
        id                INTEGER PRIMARY KEY AUTOINCREMENT, -- never reuse a forgotten person's id
        name              TEXT CHECK (name IS NULL OR length(name) BETWEEN 1 AND 80),
        phone             TEXT UNIQUE CHECK (phone IS NULL OR phone GLOB '+[1-9]*'),
        wechat_name       TEXT,
        birthday          TEXT,
        joined_on         TEXT NOT NULL,
        source            TEXT NOT NULL,
        notes             TEXT NOT NULL DEFAULT '',
        marketing_consent INTEGER NOT NULL DEFAULT 0 CHECK (marketing_consent IN (0, 1)),
        left_on           TEXT,
        batch_id          INTEGER,                       -- import_batches(id), or NULL
        edits             INTEGER NOT NULL DEFAULT 0,    -- owner's changes since added
        CHECK (name IS NOT NULL OR phone IS NOT NULL)    -- a nameless member is known by phone
    ) STRICT;
    INSERT INTO members_new (id, name, phone, wechat_name, birthday, joined_on, source, notes,
                             marketing_consent, left_on, batch_id, edits)
        SELECT id, name, phone, wechat_name, birthday, joined_on, source, notes,
               marketing_consent, left_on, batch_id, edits
        FROM members;
    CREATE TEMP TABLE members_seq AS SELECT seq FROM sqlite_sequence WHERE name = 'members';
    DROP TABLE members;
    ALTER TABLE members_new RENAME TO members;
    DELETE FROM sqlite_sequence WHERE name IN ('members', 'members_new');
    INSERT INTO sqlite_sequence (name, seq)
        SELECT 'members', max(seq) FROM
            (SELECT seq FROM members_seq UNION ALL SELECT max(id) FROM members)
        HAVING max(seq) IS NOT NULL;
    DROP TABLE members_seq;
    UPDATE members SET name = NULL
    WHERE id IN (
        WITH written AS (
            SELECT id, phone, name, replace(replace(replace(replace(replace(replace(
                       name, ' ', ''), '-', ''), '+', ''), '(', ''), ')', ''), '.', '') AS digits
            FROM members WHERE phone IS NOT NULL)
        SELECT id FROM written
        WHERE name IN ('顾客 ·' || substr(phone, -4), 'Customer ·' || substr(phone, -4))
           OR (length(digits) >= 7 AND digits NOT GLOB '*[^0-9]*' AND phone LIKE '%' || digits));
    ",
)
.foreign_key_check(), M::up(
    "
    -- Step 11: a receipt that a later export says was voided (sales/voids.rs). Its lines stay,
    -- so its dedupe keys and hashes stay true, but no total counts them; the import that said
    -- so owns the void, and undoing it brings the receipt back unless another import that said
    -- so remains: one row per receipt and import.
    CREATE TABLE receipt_voids (
        receipt_id INTEGER NOT NULL,      -- receipts(id)
        batch_id   INTEGER NOT NULL,      -- import_batches(id) of an export that voided it
        PRIMARY KEY (receipt_id, batch_id)
    ) STRICT;
    CREATE INDEX receipt_voids_batch ON receipt_voids(batch_id);
    -- What a sales import voided: receipts, and the net sales they had (after refunds).
    ALTER TABLE sales_batches ADD COLUMN receipts_voided INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE sales_batches ADD COLUMN voided_minor INTEGER NOT NULL DEFAULT 0;
    ",
)
.foreign_key_check(), M::up(
    "
    -- Step 12: the community's groups (community/). Staff are the shop's own people (no
    -- accounts); a group's typed sizes, its members on the list, its rules and the moderation
    -- log keep their history as inserted rows: a rule list is the whole list of each revision,
    -- an entry is withdrawn by a later entry, never changed.
    CREATE TABLE staff (
        id   INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        role TEXT NOT NULL                -- owner, admin, operations, counter
    ) STRICT;
    CREATE TABLE chat_groups (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        platform    TEXT NOT NULL,        -- wechat, wecom, douyin, xiaohongshu, weibo, whatsapp, telegram, other
        name        TEXT NOT NULL,
        positioning TEXT NOT NULL,
        slogan      TEXT NOT NULL,
        owner_id    INTEGER REFERENCES staff(id),
        created_on  TEXT NOT NULL,
        threshold   TEXT NOT NULL,        -- till_qr, receipt, questionnaire, invitation
        target_size INTEGER,
        status      TEXT NOT NULL         -- active, paused, archived
    ) STRICT;
    -- The group's member count as the owner read it in the chat app (later also from statistics
    -- and chat imports: `source`). The latest row of a day is that day's size.
    CREATE TABLE group_sizes (
        id       INTEGER PRIMARY KEY AUTOINCREMENT,
        group_id INTEGER NOT NULL REFERENCES chat_groups(id),
        on_day   TEXT NOT NULL,
        size     INTEGER NOT NULL CHECK (size >= 0),
        source   TEXT NOT NULL            -- typed
    ) STRICT;
    CREATE INDEX group_sizes_day ON group_sizes(group_id, on_day);
    -- Members from the member list in a group: one row per stay (joined, left).
    CREATE TABLE group_members (
        id        INTEGER PRIMARY KEY AUTOINCREMENT,
        group_id  INTEGER NOT NULL REFERENCES chat_groups(id),
        member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
        joined_on TEXT NOT NULL,
        left_on   TEXT
    ) STRICT;
    CREATE INDEX group_members_group ON group_members(group_id);
    CREATE INDEX group_members_member ON group_members(member_id);
    -- A group's rules, revision by revision: each revision holds its whole list (rule_texts).
    CREATE TABLE rule_revisions (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        group_id    INTEGER NOT NULL REFERENCES chat_groups(id),
        number      INTEGER NOT NULL,     -- 1, 2, … within the group
        on_day      TEXT NOT NULL,
        kind        TEXT NOT NULL,        -- first, change, review (nothing changed)
        reason      TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX rule_revisions_group ON rule_revisions(group_id, number);
    CREATE TABLE rule_texts (
        revision_id INTEGER NOT NULL REFERENCES rule_revisions(id),
        rule_id     INTEGER NOT NULL,     -- stable within the group across revisions
        position    INTEGER NOT NULL,     -- 1, 2, … as numbered in this revision
        title       TEXT NOT NULL,
        body        TEXT NOT NULL,
        PRIMARY KEY (revision_id, rule_id)
    ) STRICT;
    -- A person in a group who is not on the member list, by the short label the owner typed.
    CREATE TABLE group_participants (
        id       INTEGER PRIMARY KEY AUTOINCREMENT,
        group_id INTEGER NOT NULL REFERENCES chat_groups(id),
        label    TEXT NOT NULL
    ) STRICT;
    CREATE INDEX group_participants_group ON group_participants(group_id);
    -- The moderation log: a breach and what was done. A correction is a later entry that
    -- withdraws an earlier one (`withdraws`); the person may be forgotten (both ids NULL).
    CREATE TABLE moderation (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        group_id       INTEGER NOT NULL REFERENCES chat_groups(id),
        member_id      INTEGER REFERENCES members(id) ON DELETE SET NULL,
        participant_id INTEGER REFERENCES group_participants(id),
        rule_id        INTEGER,           -- rule_texts.rule_id of the group
        revision_id    INTEGER REFERENCES rule_revisions(id),
        on_day         TEXT NOT NULL,
        action         TEXT NOT NULL,     -- reminder, warning, mute, removal, note, withdrawal
        handled_by     INTEGER REFERENCES staff(id),
        note           TEXT,
        withdraws      INTEGER REFERENCES moderation(id),
        recorded_at    TEXT NOT NULL
    ) STRICT;
    CREATE INDEX moderation_group ON moderation(group_id, on_day);
    CREATE INDEX moderation_member ON moderation(member_id);
    CREATE INDEX moderation_withdraws ON moderation(withdraws);
    ",
), M::up(
    "
    -- A group's days as the owner typed them or a statistics export gave them: size, joins,
    -- leaves, members who spoke, messages (any may be unknown). The typed sizes move here.
    -- The latest typed row of a day is that day's; an export's day counts once (the first
    -- file that had it; a later file's row waits for its undo), and names its batch.
    CREATE TABLE group_days (
        id       INTEGER PRIMARY KEY AUTOINCREMENT,
        group_id INTEGER NOT NULL REFERENCES chat_groups(id),
        on_day   TEXT NOT NULL,
        source   TEXT NOT NULL,           -- typed, export
        batch_id INTEGER REFERENCES import_batches(id),
        size     INTEGER CHECK (size >= 0),
        joins    INTEGER CHECK (joins >= 0),
        leaves   INTEGER CHECK (leaves >= 0),
        speakers INTEGER CHECK (speakers >= 0),
        messages INTEGER CHECK (messages >= 0)
    ) STRICT;
    INSERT INTO group_days(group_id, on_day, source, size)
        SELECT group_id, on_day, source, size FROM group_sizes ORDER BY id;
    DROP TABLE group_sizes;
    CREATE INDEX group_days_day ON group_days(group_id, on_day);
    CREATE INDEX group_days_batch ON group_days(batch_id) WHERE batch_id IS NOT NULL;
    -- The people a group's chat exports name: a keyed hash of how the export tells them apart
    -- (no name is kept), and the owner's decision about them.
    CREATE TABLE chat_senders (
        id        INTEGER PRIMARY KEY AUTOINCREMENT,
        group_id  INTEGER NOT NULL REFERENCES chat_groups(id),
        key       BLOB NOT NULL,
        decision  TEXT NOT NULL DEFAULT 'open',   -- open, member, staff, other
        member_id INTEGER REFERENCES members(id) ON DELETE SET NULL,
        staff_id  INTEGER REFERENCES staff(id),
        label     TEXT,
        UNIQUE (group_id, key)
    ) STRICT;
    CREATE INDEX chat_senders_member ON chat_senders(member_id) WHERE member_id IS NOT NULL;
    -- A chat import: its group, format, the days it covers and what it found.
    CREATE TABLE chat_batches (
        batch_id  INTEGER PRIMARY KEY REFERENCES import_batches(id),
        group_id  INTEGER NOT NULL REFERENCES chat_groups(id),
        format    TEXT NOT NULL,
        first_day TEXT NOT NULL,
        last_day  TEXT NOT NULL,
        messages  INTEGER NOT NULL,
        added     INTEGER NOT NULL,
        senders   INTEGER NOT NULL,
        joins     INTEGER NOT NULL,
        leaves    INTEGER NOT NULL,
        checkins  INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX chat_batches_group ON chat_batches(group_id, first_day);
    -- A group's day of events a chat import brought, packed (the time, the sender, a keyed
    -- hash of the text, the occurrence among identical ones, the kind, the check-in mark;
    -- never the text). owned = 1: the batch added them; 0: it found them again (they pass to
    -- it when the batch that added them is undone).
    CREATE TABLE chat_days (
        batch_id INTEGER NOT NULL REFERENCES import_batches(id),
        group_id INTEGER NOT NULL REFERENCES chat_groups(id),
        on_day   TEXT NOT NULL,
        owned    INTEGER NOT NULL CHECK (owned IN (0, 1)),
        part     INTEGER NOT NULL DEFAULT 0,  -- a day written again by one import (out of order)
        entries  BLOB NOT NULL,
        PRIMARY KEY (batch_id, group_id, on_day, owned, part)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX chat_days_day ON chat_days(group_id, on_day);
    -- Per group, day and sender: messages, check-in-word messages, joins and leaves: the sum
    -- of the owned entries, rebuilt for each day an import or an undo touches.
    CREATE TABLE chat_counts (
        group_id  INTEGER NOT NULL REFERENCES chat_groups(id),
        on_day    TEXT NOT NULL,
        sender_id INTEGER NOT NULL REFERENCES chat_senders(id),
        messages  INTEGER NOT NULL,
        checkins  INTEGER NOT NULL,
        joins     INTEGER NOT NULL,
        leaves    INTEGER NOT NULL,
        PRIMARY KEY (group_id, on_day, sender_id)
    ) STRICT, WITHOUT ROWID;
    -- What may break a rule, found in a chat (no text): the owner confirms it into the
    -- moderation log or dismisses it.
    CREATE TABLE chat_flags (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        batch_id      INTEGER NOT NULL REFERENCES import_batches(id),
        group_id      INTEGER NOT NULL REFERENCES chat_groups(id),
        at            TEXT NOT NULL,
        sender_id     INTEGER NOT NULL REFERENCES chat_senders(id),
        hits          TEXT NOT NULL,      -- link, qr, card, phone, word (comma-separated)
        word          TEXT,               -- the owner's ad word it held
        status        TEXT NOT NULL DEFAULT 'open',   -- open, confirmed, dismissed
        moderation_id INTEGER REFERENCES moderation(id)
    ) STRICT;
    CREATE INDEX chat_flags_batch ON chat_flags(batch_id);
    CREATE INDEX chat_flags_group ON chat_flags(group_id, status);
    -- A member's stay that a chat's join opened or its removal closed (kept in step with the
    -- chats: an undo or a new decision redoes them).
    ALTER TABLE group_members ADD COLUMN opened_by_chat INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE group_members ADD COLUMN closed_by_chat INTEGER NOT NULL DEFAULT 0;
    ",
)]
}

pub static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| Migrations::new(steps()));

/// The schema version this build writes.
pub const LATEST_VERSION: usize = 13;
