"""Session 7 (corpus3), false alarms on new real products: dittofeed/dittofeed ships a sample
Supabase app under examples/supabase/, and the gate linted its migration as the product's own
(1 medium require-timeout on a trigger on auth.users). A migration folder or ORM marker under an
``examples/`` or ``example/`` folder belongs to a sample app, not to this repository's deploy, like
a vendored one. Twins: the same migration at the product's own path is linted, and so is a sample's
folder named on purpose with ``migrations.dir``."""

from __future__ import annotations

from launchgate.checks.migrations.layout import Orm, detect_orm
from tests.unit.test_migrations import layouts_of, run_check, where, write

TRIGGER = ("create trigger on_auth_user_created after insert on auth.users\n"
           "  for each row execute procedure public.handle_new_user();\n")
SAMPLE = "examples/supabase/supabase/migrations/20221017024722_init.sql"


def test_a_sample_apps_migrations_are_not_the_products() -> None:
    found = layouts_of({SAMPLE: TRIGGER, "example/db/migrations/001_init.sql": TRIGGER})
    assert found.layouts == () and found.nothing.startswith("no SQL migrations found")


def test_the_products_own_migrations_beside_a_sample_are_found() -> None:
    found = layouts_of({SAMPLE: TRIGGER, "supabase/migrations/20240101000000_init.sql": TRIGGER,
                        "apps/examples-api/migrations/001_init.sql": TRIGGER})
    assert sorted(lay.root for lay in found.layouts) == ["apps/examples-api/migrations",
                                                          "supabase/migrations"]


def test_a_sample_folder_named_on_purpose_is_linted(tmp_path) -> None:
    root = write(tmp_path, {SAMPLE: TRIGGER})
    findings, _ = run_check(root, {"dir": "examples/supabase/supabase/migrations", "scope": "all"})
    assert ("migrations.require-timeout", SAMPLE, 1) in where(findings)


def test_an_orm_in_a_sample_app_does_not_hide_the_products() -> None:
    paths = ["examples/blog/db/migrate/20240101000000_create_posts.rb",
             "db/migrate/20240101000000_create_users.rb"]
    assert detect_orm(paths, {}) == (Orm.RAILS, "db/migrate")
    assert detect_orm(paths[:1], {}) is None
