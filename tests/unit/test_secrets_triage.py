"""False-alarm classes met on real projects (the practice set): each a synthetic reproduction of the
shape, and a positive twin showing that a real secret of the same shape elsewhere is still caught at
its severity.

Every value is built here at test time from pieces; none is copied from a real repository."""

from __future__ import annotations

import random

import pytest

from launchgate.checks.env.files import parse_dotenv
from launchgate.checks.secrets import engine
from launchgate.checks.secrets.textual import as_text
from launchgate.model import Severity
from tests.fixtures.secrets_corpus import ALNUM, HEX, _jwt, _s, github_classic, pw
from tests.fixtures.secrets_corpus.score import severity
from tests.unit.test_env import SCHEMA, found, repo, run

R = random.Random(1019)


def hits(path: str, text: str | bytes) -> set[tuple[str, str, Severity]]:
    data = text.encode() if isinstance(text, str) else text
    res = engine.scan_blobs([(path, data, None)], engine.Options())
    return {(h.rule, h.path, severity(h)) for h in res.hits}


def serious(path: str, text: str | bytes) -> set[tuple[str, str, Severity]]:
    return {h for h in hits(path, text) if h[2] >= Severity.MEDIUM}


# -- lock and checksum files
# ------------------------------------------------------------------------------------
def i18n_lock() -> str:
    keys = ("forgot_password", "reset_password_description", "api_key_created", "signing_secret",
            "invalid_token")
    return "checksums:\n" + "".join(f"  {k}: {_s(R, HEX, 32)}\n" for k in keys)


@pytest.mark.parametrize("path",
                         ["apps/web/i18n.lock", "locks/messages.lock", "SHA256SUMS",
                          "dist/integrity.json"])
def test_checksum_maps_whose_keys_say_password_are_not_secrets(path):
    assert serious(path, i18n_lock()) == set()


def test_positive_twin_a_hex_secret_under_a_password_key_in_config_and_a_token_in_a_lock_file():
    assert ("secrets.generic-password", "config/app.yml", Severity.MEDIUM) in hits(
        "config/app.yml", f"api_password: {_s(R, HEX, 20)}{_s(R, 'ghijk', 4)}{_s(R, HEX, 8)}\n")
    token = github_classic(R)
    assert ("secrets.github-token", "apps/web/i18n.lock", Severity.HIGH) in hits(
        "apps/web/i18n.lock", f"  ci_token: {token}\n"
    )


# -- UI placeholder and label text
# --------------------------------------------------------------------------------
def gitlab_like() -> str:
    return "gl" + "oas-" + _s(R, HEX, 64)


@pytest.mark.parametrize("line", [
    '      placeholder: "{v}",\n',
    '<input name="secret" placeholder="{v}" />\n',
    '  label={{"{v}"}}\n',
    "  helperText: t('{v}'),\n",
])
def test_a_token_shaped_placeholder_is_low(line):
    path = "apps/admin/app/authentication/gitlab/form.tsx"
    got = hits(path, line.format(v=gitlab_like()))
    assert got == {("secrets.gitlab-token", path, Severity.LOW)}


def test_positive_twin_the_same_token_as_a_value_is_high():
    path = "apps/admin/app/authentication/gitlab/config.ts"
    assert hits(path,
                f'  clientSecret: "{gitlab_like()}",\n') == {("secrets.gitlab-token", path,
                                                              Severity.HIGH)}


# -- identifiers versus values
# ------------------------------------------------------------------------------------
def test_a_tinybird_token_name_is_not_a_credential():
    names = ("getResultForOnDemandCheck_endpoint_read_" + _s(R, "0123456789", 4),
             "endpoint__dns_get_14d__v0_endpoint_read_" + _s(R, "0123456789", 4))
    for name in names:
        assert serious("packages/tinybird/endpoints/x.pipe", f'TOKEN "{name}" READ\n\nNODE x\nSQL '
                       '>\n') == set()


def test_positive_twin_a_random_value_of_the_same_length_after_a_key_word_is_caught():
    value = _s(R, ALNUM + "_-", 44)
    got = serious("config/ibm.properties", f"ibm_cloud_api_key = {value}\n")
    assert got, "a 44-character random IBM Cloud IAM key must still be reported"


# -- vendor-published local-development keys
# ---------------------------------------------------------------------
def test_supabase_cli_demo_service_role_key_is_low():
    demo = _jwt(R, {"iss": "supabase-demo", "role": "service_role", "exp": 1983812996})
    got = hits("supabase/.env.local", f"SUPABASE_SERVICE_ROLE_KEY={demo}\n")
    assert got == {("secrets.supabase-service-role-key", "supabase/.env.local", Severity.LOW)}


def test_positive_twin_a_project_service_role_key_is_a_blocker():
    real = _jwt(R,
                {"iss": "supabase", "ref": _s(R, "abcdefghijklmnopqrst", 20),
                 "role": "service_role"})
    got = hits("supabase/.env.local", f"SUPABASE_SERVICE_ROLE_KEY={real}\n")
    assert got == {("secrets.supabase-service-role-key", "supabase/.env.local", Severity.BLOCKER)}


def test_azurite_emulator_account_key_is_low_and_a_real_account_key_is_not():
    key = _s(R, ALNUM + "+/", 86) + "=="
    dev = f"AZURE_STORAGE=DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={key};\n"
    prod = f"AZURE_STORAGE=DefaultEndpointsProtocol=https;AccountName=shopprod;AccountKey={key};\n"
    assert hits(".env", dev) == {("secrets.azure-storage-key", ".env", Severity.LOW)}
    assert ("secrets.azure-storage-key", ".env", Severity.HIGH) in hits(".env", prod)


# -- test, seed and generated paths
# ------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["prisma/seed.ts", "db/seeds/users.rb", "apps/web/vitestSetup.ts",
                                  "src/__generated__/api.ts", "packages/client/src/api.gen.ts"])
def test_test_seed_and_generated_paths_are_low_at_most(path):
    got = hits(path, f'const key = "sk_live_{_s(R, ALNUM, 24)}";\n')
    assert got == {("secrets.stripe-secret-key", path, Severity.LOW)}


def test_positive_twin_the_same_key_in_application_code_is_high():
    path = "src/seedling/billing.ts"
    assert hits(path, f'const key = "sk_live_{_s(R, ALNUM, 24)}";\n') == {
        ("secrets.stripe-secret-key", path, Severity.HIGH)}


# -- database URLs of a compose / CI / documentation host
# ---------------------------------------------------------
@pytest.mark.parametrize(("path", "host"), [
    ("docker-compose.dev.yml", "postgres"), (".github/workflows/e2e.yml", "pg-service"),
    (".env.example", "db.example"), ("config/app.ts", "203.0.113.7"), ("src/db.ts", "db.invalid"),
])
def test_dev_stack_database_urls_are_low(path, host):
    got = hits(path, f'DATABASE_URL="postgresql://app:{pw(R)}@{host}:5432/app"\n')
    assert got == {("secrets.database-url-password", path, Severity.LOW)}


def test_positive_twin_a_deployed_database_url_is_high():
    got = hits("src/db.ts", 'const url = '
               f'"postgresql://app:{pw(R)}@db.internal.acme.io:5432/app";\n')
    assert got == {("secrets.database-url-password", "src/db.ts", Severity.HIGH)}
    got = hits("src/db.ts", f'const url = "postgresql://app:{pw(R)}@postgres:5432/app";\n')
    # the known names stay low
    assert got == {("secrets.database-url-password", "src/db.ts", Severity.LOW)}


def test_a_dev_folder_is_a_dev_stack_and_a_url_syntax_line_is_no_secret():
    # a local k8s/tilt stack under dev/: its service-name hosts reach nothing deployed
    for path in ("dev/k8s/manifests/worker.yaml", "web/apps/dashboard/dev/worker.toml"):
        got = hits(path, f'admin_url = "clickhouse://admin:{pw(R)}{_s(R, ALNUM, 30)}@clickhouse:9000"\n')
        assert got == {("secrets.database-url-password", path, Severity.LOW)}
    # the URL grammar in a doc comment: brackets mark the optional parts
    assert hits("pkg/counter/redis.go",
                "\t// Format: redis://[[username][:password]@][host][:port][/database]\n") == set()


def test_positive_twin_a_deployed_host_in_dev_and_a_service_name_in_deploy_are_high():
    secret = f"{pw(R)}{_s(R, ALNUM, 20)}"
    got = hits("dev/worker.toml", f'url = "clickhouse://admin:{secret}@ch.prod.acme.io:9000"\n')
    assert got == {("secrets.database-url-password", "dev/worker.toml", Severity.HIGH)}
    got = hits("deploy/k8s/worker.yaml", f'url = "clickhouse://admin:{secret}@clickhouse:9000"\n')
    assert got == {("secrets.database-url-password", "deploy/k8s/worker.yaml", Severity.HIGH)}
    got = hits("pkg/counter/redis.go", f'\tconst url = "redis://default:{secret}@cache.acme.io:6379"\n')
    assert got == {("secrets.database-url-password", "pkg/counter/redis.go", Severity.HIGH)}


def test_a_posthog_project_key_under_an_api_key_name_is_public():
    path = "packages/backend/src/posthog/posthog.service.ts"
    key = f"phc_{_s(R, ALNUM, 43)}"
    assert serious(path, f"const POSTHOG_API_KEY = '{key}';\n") == set()


def test_positive_twin_a_posthog_personal_key_and_another_api_key_are_caught():
    path = "packages/backend/src/posthog/posthog.service.ts"
    assert ("secrets.posthog-key", path, Severity.HIGH) in hits(
        path, f"const POSTHOG_API_KEY = 'phx_{_s(R, ALNUM, 43)}';\n")
    assert ("secrets.generic-password", path, Severity.MEDIUM) in hits(
        path, f"const ANALYTICS_API_KEY = 'phz_{_s(R, ALNUM, 20)}{_s(R, HEX, 8)}';\n")


def test_template_literals_graphql_types_and_inline_images_are_no_secrets():
    model = "server/models/WebhookSubscription.ts"
    assert serious(model, "    this.secret = `ol_whs_${randomString(32)}`;\n") == set()
    schema = "schema.graphql"
    assert serious(schema, "type AnrokIntegration {\n  apiKey: ObfuscatedString!\n}\n") == set()
    # a PNG's zero header bytes in a vendored stylesheet's data: URI read as 21+ A's
    png = "iVBORw0KGgoAAAANSUhEUgAAACAMAAAA" + "A" * 40 + _s(R, ALNUM, 60) + "="
    css = f".htCheckbox{{background:url(data:image/png;base64,{png}) no-repeat}}\n"
    assert serious("public/vendor/grid/grid.full.min.css", css) == set()


def test_positive_twin_a_literal_secret_a_type_like_password_and_a_bearer_token_are_caught():
    model = "server/models/WebhookSubscription.ts"
    assert ("secrets.generic-password", model, Severity.MEDIUM) in hits(
        model, f"    this.secret = `ol_whs_{_s(R, ALNUM, 24)}{_s(R, HEX, 8)}`;\n")
    # the same shape of value outside a GraphQL schema is a password
    assert ("secrets.generic-password", ".env", Severity.MEDIUM) in hits(
        ".env", "API_PASSWORD=ObfuscatedStringValue!\n")
    bearer = "A" * 21 + _s(R, ALNUM, 80)
    path = "src/x.ts"
    assert ("secrets.twitter-bearer-token", path, Severity.MEDIUM) in hits(
        path, f'const icon = "data:image/png;base64,iVBO"; const t = "{bearer}";\n')


# -- env: committed example stacks
# --------------------------------------------------------------------------------
def test_example_env_with_compose_service_and_self_describing_values_is_not_a_committed_secret(
    tmp_path,
):
    files = {".env.example": "HUB_DATABASE_URL=postgresql://postgres:postgres@postgres:5432/hub\n"
                             f"CI_DATABASE_URL=postgresql://ci:{pw(R)}@pg-ci:5432/app\n",
             "dockers/examples/standalone/.env": "POSTGRES_PASSWORD=example2password\n"
                                                 "REDIS_PASSWORD=swarm2replace2password\n"}
    fs = run(repo(tmp_path, files, commit=True,
                  schema=SCHEMA.replace("vars:", "allow_undeclared: true\nvars:")))
    assert {f for f in found(fs) if f[0] == "env.committed-secret-value"} == set()


def test_positive_twin_example_env_with_a_deployed_host_or_a_random_password_is_reported(tmp_path):
    files = {".env.example": f"DATABASE_URL=postgresql://app:{pw(R)}@db.acme-prod.io:5432/app\n",
             "dockers/examples/standalone/.env": f"POSTGRES_PASSWORD={pw(R)}\n"}
    fs = run(repo(tmp_path, files, commit=True,
                  schema=SCHEMA.replace("vars:", "allow_undeclared: true\nvars:")))
    assert {f for f in found(fs) if f[0] == "env.committed-secret-value"} == {
        ("env.committed-secret-value", ".env.example"),
        ("env.committed-secret-value", "dockers/examples/standalone/.env")}


# -- env: a closed quote is not an unterminated one
# ---------------------------------------------------------------
def test_a_closed_quote_followed_by_text_is_not_called_unterminated():
    f = parse_dotenv(".env.example", 'FEATURES="a""b"\nNEXT=1\n')
    assert [(i.rule.id, i.line) for i in f.issues] == [("env.parser-divergence", 1)]
    assert "closed" in f.issues[0].message


def test_positive_twin_an_open_quote_is_unterminated():
    f = parse_dotenv(".env.example", "LOG_LEVEL='info\nNEXT=1\n")
    assert [(i.rule.id, i.line) for i in f.issues] == [("env.unterminated-quote", 1)]


# -- UTF-16 and binary files (issue 19: things a PR can hide behind)
# ----------------------------------------------
def test_utf16_with_bom_is_decoded_and_scanned():
    key = f"sk_live_{_s(R, ALNUM, 24)}"
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        data = bom + f"# settings\nSTRIPE_KEY={key}\n".encode(codec)
        assert hits("config/win.env",
                    data) == {("secrets.stripe-secret-key", "config/win.env", Severity.HIGH)}
        assert engine.scan_blobs([("w.env", data, None)], engine.Options()).hits[0].line == 2


def test_binary_file_strings_are_scanned_ascii_and_utf16le():
    key = f"sk_live_{_s(R, ALNUM, 24)}"
    ascii_bin = b"\x7fELF\x00\x01\x02" + f"STRIPE_KEY={key}".encode() + b"\x00\xff"
    wide_bin = b"MZ\x00\x00" + f"STRIPE_KEY={key}".encode("utf-16-le") + b"\x00\x00\xff"
    for data in (ascii_bin, wide_bin):
        res = engine.scan_blobs([("build/app.pyc", data, None)], engine.Options())
        assert {(h.rule, h.line) for h in res.hits} == {("secrets.stripe-secret-key", 1)}
        assert res.binary_files == 1
    clean = b"\x00\x01\x02" + b"just some printable text" + b"\x00"
    res = engine.scan_blobs([("img.png", clean, None)], engine.Options())
    assert res.hits == [] and res.binary_files == 1


def test_as_text_leaves_plain_text_alone():
    assert as_text(b"A=1\n") == (b"A=1\n", "text")
    assert as_text(b"\x00\x01\x02\x03") is None


# -- medium noise: throw-away stacks, counting sequences, rates
# ---------------------------------------------------
@pytest.mark.parametrize("path",
                         ["docker-compose.dev.yml", ".github/workflows/e2e.yml",
                          ".devcontainer/compose.yml",
                                  "deploy/app.env.template", "dev/k8s/manifests/vault.yaml",
                          "web/apps/dashboard/dev/vault.toml"])
def test_generic_passwords_of_throwaway_stacks_are_low(path):
    got = hits(path, f"      - MINIO_SECRET_KEY={pw(R)}\n")
    assert got == {("secrets.generic-password", path, Severity.LOW)}


def test_positive_twin_the_same_password_in_a_deployed_compose_file_is_medium_and_a_vendor_key_in_ci_is_high():
    assert hits("docker-compose.yml", f"      - MINIO_SECRET_KEY={pw(R)}\n") == {
        ("secrets.generic-password", "docker-compose.yml", Severity.MEDIUM)}
    assert hits("deploy/k8s/vault.yaml", f"      - MINIO_SECRET_KEY={pw(R)}\n") == {
        ("secrets.generic-password", "deploy/k8s/vault.yaml", Severity.MEDIUM)}
    assert hits("config/devices/vault.yaml", f"      - MINIO_SECRET_KEY={pw(R)}\n") == {
        ("secrets.generic-password", "config/devices/vault.yaml", Severity.MEDIUM)}
    path = ".github/workflows/e2e.yml"
    assert hits(path, f"      STRIPE_KEY: sk_live_{_s(R, ALNUM, 24)}\n") == {
        ("secrets.stripe-secret-key", path, Severity.HIGH)}


def test_a_counting_sequence_key_and_a_rate_limit_are_not_secrets():
    seq = "".join("0123456789abcdef"[i % 16] for i in range(32))
    assert serious("scripts/read-secrets.sh", f'DEFAULT_ENCRYPTION_KEY="{seq}"\n') == set()
    assert serious(".env.production", 'API_KEY_RATE_LIMIT="60/minute"\n') == set()


def test_positive_twin_a_random_hex_key_and_a_random_value_under_the_same_names_are_caught():
    assert serious("scripts/read-secrets.sh", f'DEFAULT_ENCRYPTION_KEY="{_s(R, HEX, 32)}"\n')
    assert serious(".env.production", f'API_KEY="{pw(R)}"\n')


# -- identifiers versus values: code expressions
# ------------------------------------------------------------------
@pytest.mark.parametrize("line", ['\t\tpassword  = strings.TrimSpace(c.FormValue("password"))\n',
                                  "\tout.Password = null.String{}\n",
                                  "\theaderSecret := "
                                  "strings.TrimSpace(req.Header.Get(headerName))\n"])
def test_a_code_expression_assigned_to_a_password_is_not_a_secret(line):
    assert serious("cmd/auth.go", line) == set()


def test_positive_twin_a_literal_assigned_to_a_password_in_go_is_caught():
    assert serious("cmd/auth.go", f'\tpassword := "{pw(R)}"\n')


@pytest.mark.parametrize("name",
                         ["EmbeddedTokenGRPCAddress", "EmbeddedTokenTenantID", "TokenServiceHost"])
def test_camel_case_names_ending_in_a_non_secret_word_are_skipped(name):
    assert serious("pkg/authmode/token.go", f'\t{name} = "{pw(R)}"\n') == set()


def test_positive_twin_a_camel_case_secret_name_is_caught():
    assert serious("pkg/authmode/token.go", f'\tEmbeddedTokenSigningSecret = "{pw(R)}"\n')


def test_a_required_variable_expansion_and_ruby_code_are_not_values():
    assert serious("compose.yml", "      - POSTGRES_PASSWORD=${POSTGRES_PASSWORD:?Variable not "
                   "set}\n") == set()
    line = ("    api_key = Rails.application.config.app_mode.self_hosted? ? Setting.synth_api_key "
            ": ENV['K']\n")
    assert serious("lib/tasks/securities.rake", line) == set()


def test_positive_twin_a_literal_in_compose_and_in_a_rake_task_is_caught():
    assert serious("compose.yml", f"      - POSTGRES_PASSWORD={pw(R)}\n")
    assert serious("lib/tasks/securities.rake", f'    api_key = "{pw(R)}"\n')


def test_typed_counting_sequences_in_a_test_env_are_placeholders(tmp_path):
    digits_hex = ("1234567890abcdef" * 3)[:36]
    letters_digits = "abcdefghijklmnopqrstuvwxyz1234567890"[:32]
    text = f"CRON_SECRET={digits_hex}\nSECRET_PASSWORD={letters_digits}\n"
    assert serious("apps/web/.env.test", text) == set()
    fs = run(repo(tmp_path, {"apps/web/.env.test": text}, commit=True,
                  schema=SCHEMA.replace("vars:", "allow_undeclared: true\nvars:")))
    assert {f for f in found(fs) if f[0] == "env.committed-secret-value"} == set()


def test_positive_twin_random_values_in_a_test_env_are_reported(tmp_path):
    text = f"CRON_SECRET={_s(R, HEX, 36)}\nSECRET_PASSWORD={pw(R, 32)}\n"
    assert serious("apps/web/.env.test", text)
    fs = run(repo(tmp_path, {"apps/web/.env.test": text}, commit=True,
                  schema=SCHEMA.replace("vars:", "allow_undeclared: true\nvars:")))
    assert ("env.committed-secret-value", "apps/web/.env.test") in found(fs)
