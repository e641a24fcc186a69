"""Env correctness on realistic inputs (issue 10 item 4, issue 19's quadratic .env): big files,
comments, dotenvx-encrypted values, other environments' files."""

from __future__ import annotations

from launchgate.checks.env.files import merge, parse_dotenv
from tests.unit.test_env import SCHEMA, SESSION, found, repo, rule_ids, run


def test_a_twenty_thousand_line_dotenv_merges_every_binding_and_reference():
    lines = [f"VAR_{i}=${{VAR_{i - 1}}}x" if i % 10 == 9 else f"VAR_{i}=v{i}"
             for i in range(20_000)]
    f = parse_dotenv(".env", "\n".join(lines) + "\nLAST=${MISSING_ONE}\n")
    values, unresolved = merge([f], {"VAR_0": "from-process"})
    assert len(values) == 20_001
    assert values["VAR_19999"].value == "v19998x" and values["VAR_19999"].line == 20_000
    assert values["VAR_9"].value == "v8x"
    assert values["VAR_0"].value == "from-process"  # the process environment still wins
    assert [(u.key, u.ref) for u in unresolved] == [("LAST", "MISSING_ONE")]


def test_a_reference_sees_the_process_environment_over_an_earlier_binding():
    f = parse_dotenv(".env", "HOST=file.test\nURL=https://${HOST}/\n")
    values, _ = merge([f], {"HOST": "proc.test"})
    assert values["URL"].value == "https://proc.test/"


# -- a read inside a comment is not a use
# ----------------------------------------------------------------------
def test_env_reads_in_comments_are_not_uses(tmp_path):
    code = ("// process.env.OLD_FLAG was removed\n/* const k = process.env.LEGACY_KEY\n */\n"
            'const u = "http://a.test/#x" + process.env.API_BASE; // process.env.TRAILING\n')
    py = '# os.environ["PY_OLD"]\nurl = "a#b" + os.environ["PY_REAL"]  # os.getenv("PY_TRAIL")\n'
    fs = run(repo(tmp_path, {"src/app.ts": code, "svc/main.py": py, ".env": "LOG_LEVEL=info\n"}))
    unused = {f.message.split(" ")[0] for f in fs if f.rule.id == "env.used-but-undeclared"}
    assert unused == {"API_BASE", "PY_REAL"}  # the real reads are still uses, on their own lines
    lines = {f.message.split(" ")[0]: f.location.start_line for f in fs
             if f.rule.id == "env.used-but-undeclared"}
    assert lines == {"API_BASE": 4, "PY_REAL": 2}


# -- dotenvx: ciphertext is an opaque present value; plaintext there is env.unencrypted-secret
# ---------------------
DOTENVX_HEAD = "DOTENV_PUBLIC_KEY=03" + "ab" * 32 + "\n"
CIPHER = "encrypted:BD9a" + "Qx" * 40


def test_encrypted_values_are_present_but_not_validated_as_plaintext(tmp_path):
    text = DOTENVX_HEAD + f"DATABASE_URL={CIPHER}\nSESSION_SECRET={CIPHER}\n"
    fs = run(repo(tmp_path, {".env.production": text}, commit=True), environment="production")
    ids = rule_ids(fs)
    assert not ids & {"env.invalid-type", "env.pattern-mismatch", "env.missing-required",
                      "env.empty-required"}
    # the bad twin: the same plaintext values are validated
    bad = run(repo(tmp_path / "p", {".env.production": "DATABASE_URL=notaurl\n"}),
              environment="production")
    assert {"env.invalid-type", "env.pattern-mismatch"} <= rule_ids(bad)


def test_plaintext_secret_in_a_committed_dotenvx_file_is_unencrypted_secret(tmp_path):
    text = DOTENVX_HEAD + f"DATABASE_URL={CIPHER}\nSESSION_SECRET={SESSION}\n"
    fs = run(repo(tmp_path, {".env.production": text}, commit=True), environment="production")
    assert found(fs, "env.unencrypted-secret") == {("env.unencrypted-secret", ".env.production")}
    assert "env.committed-secret-value" not in rule_ids(fs)
    # without dotenvx, the same committed secret is a committed secret value
    plain = run(repo(tmp_path / "p", {".env.production": f"SESSION_SECRET={SESSION}\n"},
                     commit=True),
                environment="production")
    assert "env.committed-secret-value" in rule_ids(
        plain
    ) and "env.unencrypted-secret" not in rule_ids(plain)


# -- other environments' files
# ----------------------------------------------------------------------------------
ALLOW = SCHEMA.replace("vars:", "allow_undeclared: true\nvars:")


def test_a_reference_in_another_environments_file_is_not_judged(tmp_path):
    files = {".env.staging": "NEXT_PUBLIC_API_URL=https://${STAGING_HOST}/v1\n"}
    other = run(repo(tmp_path, files, schema=ALLOW), environment="production")
    assert "env.unresolved-interpolation" not in rule_ids(other)
    own = run(repo(tmp_path / "s", files, schema=ALLOW), environment="staging")
    assert found(own,
                 "env.unresolved-interpolation") == {("env.unresolved-interpolation",
                                                      ".env.staging")}


def test_findings_on_another_environments_file_name_that_environment(tmp_path):
    files = {".env.staging": "NEXT_PUBLIC_API_URL=http://localhost:3000\n"}
    [f] = [f for f in run(repo(tmp_path, files, schema=ALLOW), environment="production")
           if f.rule.id == "env.localhost-in-production"]
    assert "the staging environment, not the production environment this run checks" in f.message
    assert "roduction" not in f.rule.title
    [own] = [f for f in run(repo(tmp_path / "s", files, schema=ALLOW), environment="staging")
             if f.rule.id == "env.localhost-in-production"]
    assert own.message.endswith("(the staging environment)")
