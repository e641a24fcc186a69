"""The migrations rule table: every rule id, its default severity, why it matters and the fix.

Messages (in lint.py) add what only the statement can say: the table, the lock taken, how long it
can block, and the runner-specific way to do it safely.
"""

from __future__ import annotations

from launchgate.model import Rule, Severity

_LOCK_QUEUE = ("While it waits for its lock, every later query on the table queues behind it, so "
               "even a brief lock stalls traffic when a long transaction is running.")


def _r(rid: str, title: str, severity: Severity, why: str, fix: str, *, suppress: str = "") -> Rule:
    return Rule(id=f"migrations.{rid}", title=title, severity=severity, why=why, fix=fix,
                suppress=suppress or _SQL_SUPPRESS)


_SQL_SUPPRESS = ("in SQL: `-- launchgate: ignore[...] <reason>` on the statement's first line or "
                 "the line above; squawk's `-- squawk-ignore <rule>` above the statement and `-- "
                 "squawk-ignore-file` work too")


H, M, L, B = Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.BLOCKER

CREATE_INDEX = _r("create-index-non-concurrently", "Index built without CONCURRENTLY on an "
                  "existing table", H,
                  "CREATE INDEX takes a SHARE lock: inserts, updates and deletes on the table "
                  "block for the whole build, minutes on a large table.",
                  "Use CREATE INDEX CONCURRENTLY, in a migration the runner does not wrap in a "
                  "transaction.")
DROP_INDEX = _r("drop-index-non-concurrently", "Index dropped without CONCURRENTLY", M,
                "DROP INDEX takes an ACCESS EXCLUSIVE lock on the table. " + _LOCK_QUEUE,
                "Use DROP INDEX CONCURRENTLY, in a migration the runner does not wrap in a "
                "transaction.")
CONCURRENTLY_IN_TX = _r("concurrently-in-transaction", "CONCURRENTLY inside a transaction", H,
                        "PostgreSQL refuses CREATE/DROP/REINDEX ... CONCURRENTLY and DETACH "
                        "PARTITION CONCURRENTLY in a transaction block: the migration fails at "
                        "deploy time.",
                        "Put the statement alone in a migration that runs outside a transaction.")
ADD_COLUMN_REWRITE = _r("add-column-default-rewrite", "New column forces a table rewrite", H,
                        "A volatile default, serial/identity or a stored generated column makes "
                        "PostgreSQL rewrite the table under an ACCESS EXCLUSIVE lock: no reads or "
                        "writes until it finishes.",
                        "Add the column without the default (or nullable), set the default for "
                        "new rows, then backfill existing rows in batches.")
ADD_NOT_NULL = _r("add-not-null-without-default", "NOT NULL column added without a default", H,
                  "Adding a NOT NULL column without a default fails on a table that has rows.",
                  "Add the column nullable (or with a constant default), backfill, then enforce "
                  "NOT NULL with a NOT VALID check constraint validated separately.")
SET_NOT_NULL = _r("set-not-null", "SET NOT NULL scans the table under an exclusive lock", M,
                  "ALTER COLUMN ... SET NOT NULL holds ACCESS EXCLUSIVE while it scans every row, "
                  "unless a validated CHECK (col IS NOT NULL) constraint already proves it "
                  "(PostgreSQL 12+).",
                  "Add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it in a later migration, then "
                  "SET NOT NULL and drop the check.")
CHANGE_TYPE = _r("change-column-type", "Column type change rewrites the table", H,
                 "Changing a column's type rewrites the table and its indexes under ACCESS "
                 "EXCLUSIVE, except for binary-coercible changes (varchar widening, varchar to "
                 "text, numeric precision increase).",
                 "Add a new column, dual-write and backfill in batches, switch reads, then drop "
                 "the old column.")
FK_VALIDATED = _r("add-foreign-key-validated", "Foreign key added and validated in one step", H,
                  "Adding a foreign key validates every existing row while holding SHARE ROW "
                  "EXCLUSIVE locks on both tables: writes to them block for the whole scan.",
                  "Add the constraint NOT VALID, then VALIDATE CONSTRAINT in a separate migration.")
CHECK_VALIDATED = _r("add-check-constraint-validated", "CHECK constraint added and validated in "
                     "one step", H,
                     "Adding a CHECK constraint scans every row under ACCESS EXCLUSIVE: no reads "
                     "or writes until it finishes.",
                     "Add the constraint NOT VALID, then VALIDATE CONSTRAINT in a separate "
                     "migration.")
VALIDATE_SAME_TX = _r("validate-in-same-transaction", "Constraint validated in the transaction "
                      "that added it", M,
                      "VALIDATE CONSTRAINT in the same transaction as ADD CONSTRAINT ... NOT "
                      "VALID keeps the ADD's ACCESS EXCLUSIVE lock for the whole validation, "
                      "which defeats NOT VALID.",
                      "Move VALIDATE CONSTRAINT to a later migration (a separate transaction).")
ADD_UNIQUE = _r("add-unique-constraint-lock", "UNIQUE constraint built under an exclusive lock", H,
                "ADD UNIQUE builds its index while holding ACCESS EXCLUSIVE: no reads or writes "
                "until it finishes.",
                "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT ... UNIQUE USING "
                "INDEX.")
ADD_PK = _r("add-primary-key-lock", "PRIMARY KEY built under an exclusive lock", H,
            "ADD PRIMARY KEY builds its index (and checks NOT NULL) while holding ACCESS "
            "EXCLUSIVE.",
            "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT ... PRIMARY KEY USING "
            "INDEX.")
ADD_EXCLUSION = _r("add-exclusion-constraint", "Exclusion constraint added to an existing table", H,
                   "An exclusion constraint builds its index under ACCESS EXCLUSIVE and cannot be "
                   "added NOT VALID or from an existing index.",
                   "Add it while the table is small or in a maintenance window, or enforce the "
                   "rule another way.")
REINDEX = _r("reindex-non-concurrently", "REINDEX without CONCURRENTLY", H,
             "REINDEX locks out writes to the table (and reads that use the index) for the whole "
             "rebuild.",
             "Use REINDEX ... CONCURRENTLY (PostgreSQL 12+), outside a transaction.")
DETACH = _r("detach-partition-non-concurrently", "Partition detached without CONCURRENTLY", M,
            "DETACH PARTITION takes ACCESS EXCLUSIVE on the parent table. " + _LOCK_QUEUE,
            "Use DETACH PARTITION ... CONCURRENTLY (PostgreSQL 14+), outside a transaction.")
VACUUM_FULL = _r("vacuum-full-or-cluster", "VACUUM FULL or CLUSTER in a migration", H,
                 "VACUUM FULL and CLUSTER rewrite the whole table under ACCESS EXCLUSIVE.",
                 "Use pg_repack or pg_squeeze outside the deploy, or a plain VACUUM.")
DOMAIN_CHECK = _r("domain-check-constraint", "CHECK constraint added to a domain", M,
                  "ALTER DOMAIN ... ADD CONSTRAINT checks every column of every table using the "
                  "domain, holding locks on all of them.",
                  "Add the domain constraint NOT VALID, then ALTER DOMAIN ... VALIDATE CONSTRAINT "
                  "separately.")
DROP_COLUMN = _r("drop-column", "Column dropped while running code may read it", H,
                 "The running release (and ORMs that select every column) still reads the column; "
                 "the deploy window breaks them. The drop also takes ACCESS EXCLUSIVE briefly.",
                 "Stop reading and writing the column in one release, drop it in a later one.")
DROP_TABLE = _r("drop-table", "Table dropped", H,
                "Dropping a table loses its data and breaks the running release that still uses "
                "it.",
                "Stop using the table in one release, back it up, drop it in a later release.")
DROP_DATABASE = _r("drop-database", "Database dropped in a migration", B,
                   "DROP DATABASE in a migration destroys every table in it.",
                   "Remove the statement; drop databases by hand, deliberately.")
DROP_SCHEMA = _r("drop-schema", "Schema dropped", H,
                 "DROP SCHEMA removes every object in it (with CASCADE, silently).",
                 "Stop using the schema first; drop it in a later release, after a backup.")
RENAME_COLUMN = _r("rename-column", "Column renamed while running code uses the old name", H,
                   "The release still running during the deploy reads and writes the old name and "
                   "fails.",
                   "Add the new column, dual-write, backfill, switch reads, then drop the old "
                   "column (or expose the old name through a view).")
RENAME_TABLE = _r("rename-table", "Table renamed while running code uses the old name", H,
                  "The release still running during the deploy queries the old table name and "
                  "fails.",
                  "Create the new table (or an updatable view under the old name), migrate code, "
                  "then drop the old name in a later release.")
RENAME_SCHEMA = _r("rename-schema", "Schema renamed", H,
                   "Every query that names the old schema fails from the moment the rename "
                   "commits.",
                   "Keep the old schema name, or migrate code to the new one before renaming.")
RENAME_ENUM_VALUE = _r("rename-enum-value", "Enum value renamed", M,
                       "Running code that writes or compares the old value fails or silently "
                       "stops matching.",
                       "Add the new value, migrate rows and code, and stop using the old value.")
DROP_NOT_NULL = _r("drop-not-null", "NOT NULL dropped", L,
                   "Readers in the running release assume the column is never NULL.",
                   "Make sure every reader handles NULL before dropping the constraint.")
TRUNCATE_CASCADE = _r("truncate-cascade", "TRUNCATE ... CASCADE", H,
                      "CASCADE also empties every table that references this one, recursively, "
                      "under ACCESS EXCLUSIVE locks.",
                      "TRUNCATE the tables you mean explicitly, or DELETE in batches.")
UNCOMMITTED = _r("uncommitted-transaction", "BEGIN without COMMIT", H,
                 "A transaction opened and never committed is rolled back when the session ends, "
                 "or holds its locks until then.",
                 "Close every BEGIN with COMMIT in the same file.")
NESTING = _r("transaction-nesting", "Nested transaction", M,
             "BEGIN inside a transaction only warns, and the inner COMMIT ends the runner's "
             "transaction early, so the rest of the file runs without the atomicity you expect.",
             "Remove BEGIN/COMMIT from files the runner already wraps in a transaction.")
ENUM_ADD_VALUE = _r("enum-add-value-in-transaction", "New enum value used in the transaction that "
                    "adds it", H,
                    "PostgreSQL cannot use an enum value added in the same transaction (and "
                    "before version 12 cannot add one in a transaction at all): the migration "
                    "fails.",
                    "Add the enum value in its own migration, and use it in a later one.")
BACKFILL = _r("backfill-in-transaction", "Data backfill inside the DDL transaction", M,
              "UPDATE/DELETE of existing rows in the same transaction as schema changes holds the "
              "DDL's locks (often ACCESS EXCLUSIVE) for the whole backfill.",
              "Commit the schema change first, then backfill in batches in separate transactions.")
REQUIRE_TIMEOUT = _r("require-timeout", "Lock-taking migration without lock_timeout", M,
                     "Without lock_timeout an ALTER that waits behind a long query makes every "
                     "later query on the table wait too, until the outage is noticed.",
                     "Start the migration with SET lock_timeout = '5s' (and a statement_timeout), "
                     "and retry on timeout.")
SYNTAX = _r("syntax-error", "Migration does not parse as PostgreSQL", H,
            "PostgreSQL will reject the file at deploy time.",
            "Fix the statement at the reported line (or set migrations.dialect if this is not "
            "PostgreSQL).")
NOT_LINTED = _r("file-not-linted", "Migration could not be read, so it was not linted", H,
                "A migration the next deploy runs was too large or not text, so none of its "
                "statements were checked: a DROP TABLE at its end would pass unseen.",
                "Split the migration into smaller files (seed data apart from schema changes), or "
                "raise migrations.max_file_bytes.")
APPLY_FAILED = _r("apply-failed", "Migration fails on a real PostgreSQL", B,
                  "The statement failed when applied to a scratch database: the deploy's migrate "
                  "step will fail.",
                  "Fix the statement; run the migrations against a fresh database locally.")
APPLY_TIMEOUT = _r("apply-timeout", "Migration hit lock_timeout or statement_timeout", H,
                   "On the scratch database the statement waited for a lock or ran longer than "
                   "the configured timeout: in production it would block traffic or hang the "
                   "deploy.",
                   "Make the statement lock less (see the other migrations.* rules) or raise the "
                   "timeout deliberately.")
DOWN_MISMATCH = _r("down-not-reversible", "Down migration does not restore the schema", M,
                   "After up then down the schema differs from before: a rollback would leave the "
                   "database in a state no release expects.",
                   "Make the down migration undo exactly what the up migration does.")

RULES: tuple[Rule, ...] = (
    CREATE_INDEX, DROP_INDEX, CONCURRENTLY_IN_TX, ADD_COLUMN_REWRITE, ADD_NOT_NULL, SET_NOT_NULL,
    CHANGE_TYPE,
    FK_VALIDATED, CHECK_VALIDATED, VALIDATE_SAME_TX, ADD_UNIQUE, ADD_PK, ADD_EXCLUSION, REINDEX,
    DETACH,
    VACUUM_FULL, DOMAIN_CHECK, DROP_COLUMN, DROP_TABLE, DROP_DATABASE, DROP_SCHEMA, RENAME_COLUMN,
    RENAME_TABLE,
    RENAME_SCHEMA, RENAME_ENUM_VALUE, DROP_NOT_NULL, TRUNCATE_CASCADE, UNCOMMITTED, NESTING,
    ENUM_ADD_VALUE,
    BACKFILL, REQUIRE_TIMEOUT, SYNTAX, NOT_LINTED, APPLY_FAILED, APPLY_TIMEOUT, DOWN_MISMATCH,
)

# squawk's rule names -> ours, so existing `-- squawk-ignore <rule>` comments keep working.
SQUAWK_NAMES: dict[str, tuple[str, ...]] = {
    "require-concurrent-index-creation": (CREATE_INDEX.id,),
    "require-concurrent-index-deletion": (DROP_INDEX.id,),
    "ban-concurrent-index-creation-in-transaction": (CONCURRENTLY_IN_TX.id,),
    "adding-field-with-default": (ADD_COLUMN_REWRITE.id,),
    "adding-serial-primary-key-field": (ADD_COLUMN_REWRITE.id, ADD_PK.id),
    "adding-required-field": (ADD_NOT_NULL.id,),
    "adding-not-nullable-field": (SET_NOT_NULL.id,),
    "changing-column-type": (CHANGE_TYPE.id,),
    "adding-foreign-key-constraint": (FK_VALIDATED.id,),
    "constraint-missing-not-valid": (FK_VALIDATED.id, CHECK_VALIDATED.id, VALIDATE_SAME_TX.id),
    "disallowed-unique-constraint": (ADD_UNIQUE.id,),
    "ban-alter-domain-with-add-constraint": (DOMAIN_CHECK.id,),
    "ban-drop-column": (DROP_COLUMN.id,),
    "ban-drop-table": (DROP_TABLE.id,),
    "ban-drop-database": (DROP_DATABASE.id,),
    "ban-drop-not-null": (DROP_NOT_NULL.id,),
    "renaming-column": (RENAME_COLUMN.id,),
    "renaming-table": (RENAME_TABLE.id,),
    "ban-truncate-cascade": (TRUNCATE_CASCADE.id,),
    "ban-uncommitted-transaction": (UNCOMMITTED.id,),
    "transaction-nesting": (NESTING.id,),
    "require-timeout-settings": (REQUIRE_TIMEOUT.id,),
}
