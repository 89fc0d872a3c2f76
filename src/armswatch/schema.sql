-- armswatch store. SIPRI's words are the column names (STYLE.md §2). TIV columns are millions of
-- SIPRI trend-indicator values: a volume index, not a price.
CREATE TABLE IF NOT EXISTS releases (
    release_id      INTEGER PRIMARY KEY,       -- 1, 2, ... in order of import
    source_format   VARCHAR NOT NULL,      -- classic | api | deliveries-json
    file_name       VARCHAR NOT NULL,
    sha256          VARCHAR NOT NULL UNIQUE,
    data_generated  TIMESTAMP,             -- SIPRI's "Data generated" line
    scope           VARCHAR,               -- SIPRI's first legend line (query scope)
    imported_at     TIMESTAMP NOT NULL,
    deals           INTEGER NOT NULL,
    deliveries      INTEGER NOT NULL,
    sipri_split_deals INTEGER NOT NULL,    -- deals whose yearly split is SIPRI's own
    attribution     VARCHAR NOT NULL,
    imported_by     VARCHAR                -- the user who imported it (issue 19); NULL: the CLI or a bundle
);

CREATE TABLE IF NOT EXISTS parties (
    name       VARCHAR PRIMARY KEY,        -- SIPRI's canonical name, with its * / ** suffix
    kind       VARCHAR NOT NULL,           -- state | non_state | international_organisation | unknown
    iso3       VARCHAR,
    cow        INTEGER,
    region     VARCHAR,
    subregion  VARCHAR,
    host_state VARCHAR,
    aliases    VARCHAR[],
    demonyms   VARCHAR[]
);

CREATE TABLE IF NOT EXISTS deals (
    release_id                 INTEGER NOT NULL,
    deal_id                    VARCHAR NOT NULL,
    supplier                   VARCHAR NOT NULL,
    recipient                  VARCHAR NOT NULL,
    order_year                 INTEGER,
    order_year_uncertain       BOOLEAN NOT NULL,
    number_ordered             INTEGER,
    number_ordered_uncertain   BOOLEAN NOT NULL,
    designation                VARCHAR NOT NULL,
    description                VARCHAR,
    category                   VARCHAR NOT NULL,
    number_delivered           INTEGER,
    number_delivered_uncertain BOOLEAN NOT NULL,
    delivery_years             INTEGER[] NOT NULL,
    status                     VARCHAR,
    comments                   VARCHAR,
    tiv_per_unit               DOUBLE,
    tiv_total_order            DOUBLE,
    tiv_delivered              DOUBLE,
    split                      VARCHAR NOT NULL,  -- sipri | even | none: where the yearly split came from
    source_line                INTEGER,
    PRIMARY KEY (release_id, deal_id)
);

-- One row per deal per delivery year. Supplier, recipient and category are repeated here so
-- that analytics read one table.
CREATE TABLE IF NOT EXISTS deliveries (
    release_id        INTEGER NOT NULL,
    deal_id           VARCHAR NOT NULL,
    supplier          VARCHAR NOT NULL,
    recipient         VARCHAR NOT NULL,
    category          VARCHAR NOT NULL,
    year              INTEGER NOT NULL,
    number_delivered  DOUBLE,
    tiv_delivered     DOUBLE NOT NULL,
    estimated         BOOLEAN NOT NULL    -- true where the split over years is armswatch's even split
);

CREATE TABLE IF NOT EXISTS settings (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);

-- SIPRI's per-year deliveries file as read (names as that file spells them, resolved to parties):
-- the source of SIPRI's own split of deals over their delivery years.
CREATE TABLE IF NOT EXISTS sipri_yearly (
    release_id       INTEGER NOT NULL,
    supplier         VARCHAR NOT NULL,
    recipient        VARCHAR NOT NULL,
    year             INTEGER NOT NULL,
    designation      VARCHAR NOT NULL,
    description      VARCHAR,
    number_delivered DOUBLE,
    tiv_delivered    DOUBLE NOT NULL
);

-- SIPRI Military Expenditure Database (issue 7): one workbook release per row. Figures keep SIPRI's
-- conventions: status figure | unavailable (". .") | not_a_state ("xxx"); estimate = blue font,
-- uncertain = red font. Shares are stored as SIPRI's fractions (0.031 = 3.1%). See docs/milex.md.
CREATE TABLE IF NOT EXISTS milex_releases (
    milex_release_id       INTEGER PRIMARY KEY,
    file_name              VARCHAR NOT NULL,
    sha256                 VARCHAR NOT NULL UNIQUE,
    release_year           INTEGER,           -- SIPRI's release: the year after the last data year
    first_year             INTEGER,
    last_year              INTEGER,
    constant_usd_base_year INTEGER,           -- the "(2023)" of "Constant (2023) US$"
    workbook_created       TIMESTAMP,         -- the workbook's own creation date: SIPRI's release date
    imported_at            TIMESTAMP NOT NULL,
    countries              INTEGER NOT NULL,
    figures                INTEGER NOT NULL,
    ignored_sheets         VARCHAR[],         -- sheets that are not SIPRI's, skipped
    attribution            VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS milex_series (
    milex_release_id INTEGER NOT NULL,
    measure          VARCHAR NOT NULL,  -- constant_usd, current_usd, share_of_gdp, ...
    country          VARCHAR NOT NULL,  -- as SIPRI's Milex workbook names it ("Türkiye")
    party            VARCHAR NOT NULL,  -- the register's party it maps to
    region           VARCHAR,
    subregion        VARCHAR,
    currency         VARCHAR,
    fiscal_year      VARCHAR,
    notes            VARCHAR,           -- SIPRI's footnote marks, e.g. "§¶64"
    source_row       INTEGER,
    PRIMARY KEY (milex_release_id, measure, party)
);

CREATE TABLE IF NOT EXISTS milex_figures (
    milex_release_id INTEGER NOT NULL,
    measure          VARCHAR NOT NULL,
    party            VARCHAR NOT NULL,
    year             INTEGER NOT NULL,
    value            DOUBLE,
    status           VARCHAR NOT NULL,
    estimate         BOOLEAN NOT NULL,
    uncertain        BOOLEAN NOT NULL,
    PRIMARY KEY (milex_release_id, measure, party, year)
);

CREATE TABLE IF NOT EXISTS milex_regions (
    milex_release_id  INTEGER NOT NULL,
    region            VARCHAR NOT NULL,  -- World, SIPRI's regions and subregions
    parent            VARCHAR,
    omitted_countries VARCHAR,           -- as SIPRI lists them
    source_row        INTEGER
);

CREATE TABLE IF NOT EXISTS milex_regional_totals (
    milex_release_id           INTEGER NOT NULL,
    region                     VARCHAR NOT NULL,
    measure                    VARCHAR NOT NULL,  -- constant_usd | current_usd (US$ b.)
    year                       INTEGER NOT NULL,
    value                      DOUBLE,
    status                     VARCHAR NOT NULL,
    estimated_share_over_10pct BOOLEAN NOT NULL   -- red: over 10% of it is estimates
);

CREATE TABLE IF NOT EXISTS milex_footnotes (
    milex_release_id INTEGER NOT NULL,
    mark             VARCHAR NOT NULL,  -- † ‡ § ¶ ‖ or a footnote number
    text             VARCHAR NOT NULL
);

-- ===== Claim checking and review (issue 5; docs/checking.md) =====
-- Documents as checked (one row per text, keyed by its sha256: storing twice stores once), their
-- claims with evidence offsets and the verdict against a release, and the review log. The log is
-- append-only (code only ever INSERTs into it); a claim's review state is its latest entry.
-- Accepted transfer claims are the open-source evidence layer: kept beside SIPRI's deals, linked
-- to them by deal id, never mixed into deals or deliveries.
CREATE TABLE IF NOT EXISTS documents (
    sha256       VARCHAR PRIMARY KEY,     -- of the text; of "id:<id>" for claims without text
    document_id  VARCHAR,                 -- the input's own id
    url          VARCHAR,
    outlet       VARCHAR,
    published    VARCHAR,                 -- as the source gives it (YYYY, YYYY-MM or YYYY-MM-DD)
    title        VARCHAR,
    text         VARCHAR,
    stored_at    TIMESTAMP NOT NULL,
    stored_by    VARCHAR                  -- the user who stored it first (issue 19); NULL: the CLI
);

CREATE TABLE IF NOT EXISTS claims (
    claim_id        VARCHAR PRIMARY KEY,
    sha256          VARCHAR NOT NULL,     -- the document
    position        INTEGER NOT NULL,     -- order within the document's claims
    kind            VARCHAR NOT NULL,     -- transfer | statistic | event
    supplier        VARCHAR,              -- transfers: as written; statistics: subject
    recipient       VARCHAR,              -- transfers: as written; statistics: object
    fields          VARCHAR NOT NULL,     -- the claim as extracted, JSON
    evidence        VARCHAR,
    evidence_start  INTEGER,
    evidence_end    INTEGER,
    verdict         VARCHAR NOT NULL,
    explanation     VARCHAR NOT NULL,
    deal_ids        VARCHAR[] NOT NULL,
    claimed         DOUBLE,
    computed        DOUBLE,
    release_id      INTEGER NOT NULL,
    checked_at      TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS review_log (
    entry_id   VARCHAR PRIMARY KEY,
    claim_id   VARCHAR NOT NULL,
    action     VARCHAR NOT NULL,          -- accept | reject
    reviewer   VARCHAR NOT NULL,
    note       VARCHAR,
    decided_at TIMESTAMP NOT NULL
);
-- ===== end of issue 5 =====

-- ===== Web app write tokens (issue 6) and users with roles (issue 19; docs/team.md) =====
-- `armswatch user add NAME --role ROLE` (or `token create --name NAME`, a reviewer) prints a token
-- once; only its sha256 is kept, with a short public id (the token's `aw_<id>_...` prefix) to find
-- it by. Reading is open; writing through the web app or API needs a token of a user whose role
-- allows it: viewer reads, reviewer stores and reviews, admin imports releases too.
CREATE TABLE IF NOT EXISTS tokens (
    token_sha256 VARCHAR PRIMARY KEY,
    name         VARCHAR NOT NULL,        -- the user it belongs to (users.name)
    created_at   TIMESTAMP NOT NULL,
    token_id     VARCHAR,                 -- public: in the token's prefix, `user list --tokens`
    last_used_at TIMESTAMP,               -- its last sign-in or write
    revoked_at   TIMESTAMP
);

CREATE TABLE IF NOT EXISTS users (
    name       VARCHAR PRIMARY KEY,       -- shown as the reviewer of their decisions
    role       VARCHAR NOT NULL,          -- viewer | reviewer | admin
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP                  -- set: every token of theirs is refused
);

-- Which migrations (store/migrations.py) the database has had: its version is the largest.
CREATE TABLE IF NOT EXISTS schema_version (
    version    INTEGER PRIMARY KEY,
    name       VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL
);
-- ===== end of issue 6 and 19 =====

-- ===== Flow totals (issue 3: flows within 10 ms; src/armswatch/store/totals.py) =====
-- Delivered TIV per release and year for the world, each supplier and each recipient, over all
-- categories (category NULL) and per category: the denominators of the shares flows gives, read
-- instead of summing a release's deliveries again for every query. Derived from the deliveries in
-- the same transaction as the import (and the bundle's seed). The setting 'flow_totals:<release>'
-- marks a release whose totals are in place; flows reads the deliveries for any other release.
CREATE TABLE IF NOT EXISTS flow_totals (
    release_id INTEGER NOT NULL,
    role       VARCHAR NOT NULL,   -- world | supplier | recipient
    party      VARCHAR,            -- the supplier or recipient; NULL for the world
    category   VARCHAR,            -- NULL: all categories
    year       INTEGER NOT NULL,
    tiv        DOUBLE NOT NULL
);

-- The totals of the releases listed, summed from their deliveries (store/totals.py inserts them).
CREATE MACRO IF NOT EXISTS flow_totals_of(release_ids) AS TABLE
SELECT release_id, role, party, category, year, sum(tiv) AS tiv FROM (
    SELECT release_id, unnest(['world', 'supplier', 'recipient']) AS role,
           unnest([NULL, supplier, recipient]) AS party, category, year, tiv_delivered AS tiv
    FROM deliveries WHERE list_contains(release_ids, release_id))
GROUP BY GROUPING SETS ((release_id, role, party, year), (release_id, role, party, category, year));

-- A database from before flow totals (or written around armswatch's import): build the totals of
-- every release that lacks them when the database is opened for writing. The list of those
-- releases is a constant by the time the INSERT is planned, so with none it costs a few ms.
BEGIN TRANSACTION;
SET VARIABLE flow_totals_missing = (SELECT list(release_id) FROM releases
    WHERE 'flow_totals:' || release_id NOT IN (SELECT key FROM settings));
INSERT INTO flow_totals SELECT * FROM flow_totals_of(getvariable('flow_totals_missing'))
ORDER BY release_id, category NULLS FIRST, role, party, year;
INSERT INTO settings
SELECT 'flow_totals:' || unnest(getvariable('flow_totals_missing')), CAST(now()::TIMESTAMP AS VARCHAR);
RESET VARIABLE flow_totals_missing;
COMMIT;
-- ===== end of flow totals =====
