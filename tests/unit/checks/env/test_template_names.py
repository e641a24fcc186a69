"""Session 7 (corpus3), false alarms on new real products: a per-environment template
(``.env.prod.example``, ``.env.dev-azure.example``) is a template, not the values of an environment
named ``prod.example``. langfuse/langfuse commits six such files; the gate read three of them as
committed secrets (a compose-default DATABASE_URL, a ``sk-lf-1234567890`` placeholder, the Azurite
emulator's published account key). Each class has its synthetic reproduction and a positive twin: an
unmistakable secret in such a template, and the same values in a real environment's file, are still
reported."""

from __future__ import annotations

import pytest

from launchgate.checks.env.schema import Settings
from tests.unit.test_env import PG_PROD, SCHEMA, STRIPE_LIVE, found, repo, run

RULE = "env.committed-secret-value"
OPEN = SCHEMA.replace("vars:", "allow_undeclared: true\nvars:")
# Azurite's development-storage account key, published in Microsoft's emulator docs (built in
# pieces so a scanner of this repository stays quiet)
AZURITE = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/" + "K1SZFPTOtr/KBHBeksoGMGw=="
TEMPLATES = {
    ".env.prod.example": 'DATABASE_URL="postgresql://postgres:postgres@db:5432/postgres"\n',
    ".env.dev.example": 'LANGFUSE_AI_FEATURES_SECRET_KEY="sk-lf-1234567890"\n',
    ".env.dev-azure.example": "# DON'T PANIC: the Azurite secrets are well-known\n"
    f"LANGFUSE_S3_BATCH_EXPORT_ACCESS_KEY_ID=devstoreaccount1\n"
    f"LANGFUSE_S3_BATCH_EXPORT_SECRET_ACCESS_KEY={AZURITE}\n",
}


@pytest.mark.parametrize("name", [".env.example", ".env.prod.example", ".env.dev-azure.example",
                                  ".env.production.sample", ".env.example.local",
                                  ".env.staging.template", ".env.local.dist"])
def test_a_per_environment_template_name_is_a_template(name: str) -> None:
    assert Settings.of({}).is_template(name)


@pytest.mark.parametrize("name", [".env", ".env.production", ".env.local", ".env.prod",
                                  ".env.template-service", ".env.examples-api"])
def test_an_environment_file_name_is_not_a_template(name: str) -> None:
    assert not Settings.of({}).is_template(name)


def test_the_configured_template_names_decide() -> None:
    assert not Settings.of({"example_files": []}).is_template(".env.prod.example")
    assert Settings.of({"example_files": [".env.skel"]}).is_template(".env.prod.skel")


def test_per_environment_templates_hold_no_committed_secret(tmp_path) -> None:
    fs = run(repo(tmp_path, TEMPLATES, commit=True, schema=OPEN))
    assert RULE not in {f.rule.id for f in fs}, [f.message for f in fs if f.rule.id == RULE]


def test_an_unmistakable_secret_in_a_per_environment_template_is_still_reported(tmp_path) -> None:
    files = {**TEMPLATES, ".env.production.example": f"STRIPE_SECRET_KEY={STRIPE_LIVE}\n"}
    fs = run(repo(tmp_path, files, commit=True, schema=OPEN))
    assert {p for r, p in found(fs) if r == RULE} == {".env.production.example"}


def test_the_same_values_in_a_real_environment_file_are_still_reported(tmp_path) -> None:
    files = {".env.production": f"DATABASE_URL={PG_PROD}\n"
             f"LANGFUSE_S3_BATCH_EXPORT_SECRET_ACCESS_KEY={STRIPE_LIVE[8:]}Qm7Zp2Lw9\n"}
    fs = run(repo(tmp_path, files, commit=True, schema=OPEN))
    [f] = [f for f in fs if f.rule.id == RULE]
    assert f.location.path == ".env.production"
    assert "DATABASE_URL" in f.message and "SECRET_ACCESS_KEY" in f.message
