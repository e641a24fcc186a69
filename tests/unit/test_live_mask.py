"""Masking what live servers answer: secrets the engine recognises, known values on their normalised
form, URL credentials; ordinary answers unchanged."""

from __future__ import annotations

import secrets

from launchgate.checks.secrets.live import env_secrets, mask_text, strip_credentials


def test_tokens_in_an_answer_are_masked() -> None:
    token = "ghp_" + secrets.token_hex(18)
    aws = "AKIA" + "QWERTYUIOPASDFGH"
    out = mask_text(f'{{"status": "degraded", "token": "{token}"}}\nkey={aws}')
    assert token not in out and aws not in out
    assert "ghp_…(40 chars)" in out and "AKIA…(20 chars)" in out


def test_an_ordinary_answer_is_unchanged() -> None:
    text = ('{"status": "ok", "version": "1.4.2", "commit": "3f2a9c1", "dependencies": '
            '{"database": "up"}}')
    assert mask_text(text) == text
    assert mask_text("GET https://app.example.test/healthz: answered 503") == \
        "GET https://app.example.test/healthz: answered 503"


def test_known_values_match_without_their_newline_and_urls_lose_credentials() -> None:
    value = "s3ss-" + secrets.token_urlsafe(12)
    out = mask_text(f"Illegal header value b'{value}\\n'", [value + "\n"])
    assert value not in out and f"({len(value)} chars)" in out
    assert (
        strip_credentials("https://deploy:pw@app.example.test:8443/x?y=1")
        == "https://app.example.test:8443/x?y=1"
    )
    assert mask_text("see http://u:p4ss@h.test/ and https://h.test/") == (
        "see http://h.test/ and https://h.test/"
    )
    assert env_secrets({"API_TOKEN": value, "HOME": "/home/someone",
                        "DB_PASSWORD": "short"}) == {value}


def test_known_secrets_read_the_env_schema_the_secrets_section_names(tmp_path) -> None:
    from launchgate.check import Context, Scope
    from launchgate.checks.secrets.live import known_secrets
    from launchgate.net import Net
    from launchgate.repo import Repo

    value = "v-" + secrets.token_urlsafe(12)
    (tmp_path / "env.schema.yaml").write_text("vars:\n  SESSION_SEAL: {secret: true}\n")
    (tmp_path / "other.yaml").write_text("vars:\n  SIGNING: {secret: true}\n")
    env = {"SESSION_SEAL": value + "a", "SIGNING": value + "b"}

    def known(config: dict) -> set[str]:
        return known_secrets(Context(config=config, repo=Repo(tmp_path), net=Net(), env=env,
                                     scope=Scope()))
    assert known({}) == {value + "a"}  # the schema's default file name
    assert known({"secrets": {"env_schema": "other.yaml"}}) == {value + "b"}
