"""env.secret-public-prefix on the value's shape: a key under a client-exposed prefix whose value
has a vendor credential format the secrets family knows is reported, even when no schema declares it
and its name says nothing (VITE_OPENAI_KEY), and never with the value in the message."""

from __future__ import annotations

import asyncio
import base64
import json
from pathlib import Path

from launchgate.check import Context, Scope
from launchgate.checks.env import EnvCheck
from launchgate.checks.env.values import secret_shape
from launchgate.model import Finding
from launchgate.net import Net
from launchgate.repo import Repo

# Built from pieces so that no real-looking secret literal sits in the repository.
# (an OpenAI project key's documented shape: two long halves around the T3BlbkFJ marker)
OPENAI = "sk-" + "proj-" + "Ab3dEf6hIj9kLm2nOp5q" * 3 + "T3Blbk" + "FJ" + "Xy4zAb7dEf0hIj3kLm6n" * 3
STRIPE_TEST = "sk_" + "test_" + "4eC39HqLyjWDarjtT1zdp7dc"


def _jwt(claims: dict[str, str]) -> str:
    def part(obj: dict[str, str]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")

    return part({"alg": "HS256", "typ": "JWT"}) + "." + part(claims) + ".c2lnbmF0dXJlLXBhcnQxMjM0"


def run(root: Path, files: dict[str, str]) -> list[Finding]:
    for rel, text in files.items():
        (root / rel).write_text(text, encoding="utf-8")
    ctx = Context(config={"env": {}}, repo=Repo(root), net=Net(), env={}, scope=Scope(),
                  environment="development")
    return asyncio.run(EnvCheck().run(ctx))


def prefix_findings(findings: list[Finding]) -> list[tuple[str, int | None, str]]:
    return [(f.location.path or "", f.location.start_line, f.message) for f in findings
            if f.rule.id == "env.secret-public-prefix"]


def test_an_openai_key_under_vite_is_reported_without_a_schema(tmp_path: Path) -> None:
    fs = run(tmp_path, {".env": f"VITE_API_URL=https://api.shop.test\nVITE_OPENAI_KEY={OPENAI}\n"})
    assert prefix_findings(fs) == [(".env", 2, "VITE_OPENAI_KEY in .env:2 has the format of an "
                                    "OpenAI API key (secrets.openai-key) under the "
                                    "client-exposed VITE_ prefix")]
    assert all(OPENAI not in f.message and OPENAI[8:30] not in f.message for f in fs)


def test_a_service_role_jwt_under_a_public_by_design_name_is_reported(tmp_path: Path) -> None:
    # the name says "anon key" (public by design), the token says service_role: the shape wins
    token = _jwt({"role": "service_role", "iss": "supabase"})
    fs = run(tmp_path, {".env.local": f"NEXT_PUBLIC_SUPABASE_ANON_KEY={token}\n"})
    [(path, line, message)] = prefix_findings(fs)
    assert (path, line) == (".env.local", 1)
    assert "(secrets.supabase-service-role-key) under the client-exposed NEXT_PUBLIC_" in message


def test_public_by_design_values_under_a_client_prefix_are_not_reported(tmp_path: Path) -> None:
    anon = _jwt({"role": "anon", "iss": "supabase"})
    fs = run(tmp_path, {".env": f"NEXT_PUBLIC_SUPABASE_ANON_KEY={anon}\n"
                                f"VITE_STRIPE_KEY=pk_live_{'a1' * 12}\n"
                                "EXPO_PUBLIC_API_URL=https://api.shop.test\n"
                                "PUBLIC_SITE_NAME=My Shop\n"})
    assert prefix_findings(fs) == []


def test_the_same_key_without_a_client_prefix_is_not_this_rule(tmp_path: Path) -> None:
    fs = run(tmp_path, {".env": f"OPENAI_API_KEY={OPENAI}\n"})
    assert prefix_findings(fs) == []


def test_a_schema_marking_the_key_public_by_design_silences_it(tmp_path: Path) -> None:
    schema = ("version: 1\nenvironments: [development]\n"
              "vars:\n  VITE_OPENAI_KEY: {type: string, secret: false}\n")
    fs = run(tmp_path, {"env.schema.yaml": schema, ".env": f"VITE_OPENAI_KEY={OPENAI}\n"})
    assert prefix_findings(fs) == []


def test_secret_shape_follows_the_secrets_family_detectors() -> None:
    assert secret_shape("VITE_OPENAI_KEY", OPENAI, ".env") == "secrets.openai-key"
    assert secret_shape("VITE_OPENAI_KEY", f"  {OPENAI}  ", ".env") == "secrets.openai-key"
    # downgraded by the detectors (a test-mode key), a placeholder, a reference, plain text: no
    # shape
    assert secret_shape("VITE_STRIPE", STRIPE_TEST, ".env") is None
    assert secret_shape("VITE_OPENAI_KEY", "sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                        ".env") is None
    assert secret_shape("VITE_OPENAI_KEY", "${OPENAI_KEY}", ".env") is None
    assert secret_shape("VITE_TITLE", "hello world", ".env") is None
