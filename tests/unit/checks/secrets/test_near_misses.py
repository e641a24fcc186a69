"""Session 6 (issue 16): the false alarms and misses of the first held-out split, by class, each as a
synthetic reproduction (not reported) beside its positive twin (a value of the vendor's documented
format, still reported). Values are drawn here at test time; nothing secret is committed."""

from __future__ import annotations

import base64
import json
import string
import zlib

import pytest

from launchgate.checks.secrets import engine
from launchgate.checks.secrets.formats import base62
from launchgate.redact import mask
from tests.unit.checks.secrets.tokens import AN, B64, DIG, HEX, URL, Tokens, reported

_T = Tokens(6)
s, uuid = _T.s, _T.uuid


def crc(prefix: str, valid: bool = True) -> str:
    """GitHub's and npm's documented form: 30 base62 characters and their CRC32 in 6 base62."""
    body = s(AN, 30)
    check = base62(zlib.crc32(body.encode()))
    return prefix + body + (check if valid else check[::-1] if check[::-1] != check else "zzzzzz")


def b64j(doc: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(doc).encode()).decode().rstrip("=")


SENTRY = {"iat": 1700000000.0, "url": "https://sentry.io", "region_url": "https://us.sentry.io",
          "org": "acme"}
OP = {"signInAddress": "my.1password.com", "email": "svc@1passwordserviceaccounts.com",
      "srpX": s(HEX, 64), "muk": {"alg": "A256GCM", "k": s(URL, 43)},
      "secretKey": f"A3-{s(string.ascii_uppercase, 6)}", "deviceUuid": s(HEX, 26)}


def hexg(n: int) -> str:
    """``n`` hex characters with one ``g``: a character outside the documented alphabet."""
    body = s(HEX, n)
    return body[: n // 2] + "g" + body[n // 2 + 1:]


# class -> (rule, [documented values, each in (path, text)], [near-misses next to the vendor's name])
CASES: dict[str, tuple[str, list[tuple[str, str]], list[tuple[str, str]]]] = {
    "unleash: <project>:<environment>.<64 hex>": (
        "secrets.unleash-token",
        [("src/flags.ts", f'unleash.init("*:production.{s(HEX, 64)}");\n'),
         (".env", f"UNLEASH_API_TOKEN=default:development.{s(HEX, 64)}\n"),
         ("config/app.yml", f'unleash:\n  token: "default:staging.{s(HEX, 64)}"\n')],
        [(".env", f"UNLEASH_API_TOKEN=default:development.{s(HEX, 42)}\n"),
         (".env", f"UNLEASH_API_TOKEN=default:development.{hexg(64)}\n"),
         ("src/flags.py", f'UNLEASH_API_TOKEN = "*:production.{s(HEX, 12)}"\n')],
    ),
    "asana: 2/<user>/<app>:<32 hex>": (
        "secrets.asana-token",
        [(".env", f"ASANA_PAT=2/{s(DIG, 16)}/{s(DIG, 16)}:{s(HEX, 32)}\n"),
         ("src/asana.py", f'ASANA_ACCESS_TOKEN = "1/{s(DIG, 16)}:{s(HEX, 32)}"\n'.replace(
             "1/", f"1/{s(DIG, 16)}/", 1))],
        [(".env", f"ASANA_PAT=2/{s(DIG, 16)}/{s(DIG, 16)}\n"),
         (".env", f"ASANA_TOKEN=2/{s(DIG, 16)}/{s(DIG, 16)}:{s(HEX, 20)}\n")],
    ),
    "bitwarden: 0.<uuid>.<secret>:<key>": (
        "secrets.bitwarden-access-token",
        [(".env", f"BWS_ACCESS_TOKEN=0.{uuid()}.{s(AN, 30)}:{s(B64, 22)}==\n"),
         ("src/bw.py", f'SM_TOKEN = "0.{uuid()}.{s(AN, 30)}:{s(B64, 22)}=="\n')],
        [(".env", f"BWS_ACCESS_TOKEN=0.{uuid()}\n"),
         (".env", f"BWS_ACCESS_TOKEN=0.{uuid()}.{s(AN, 20)}:{s(B64, 14)}==\n"),
         (".env", f"BWS_ACCESS_TOKEN=0.{uuid()}.{'x' * 30}:{'x' * 22}==\n")],
    ),
    "infisical: st.<uuid>.<32 hex>.<32 hex>": (
        "secrets.infisical-token",
        [(".env", f"INFISICAL_TOKEN=st.{uuid()}.{s(HEX, 32)}.{s(HEX, 32)}\n"),
         ("src/app.py", f'INFISICAL_SERVICE_TOKEN = "st.{uuid()}.{s(HEX, 32)}.{s(HEX, 32)}"\n')],
        [(".env", f"INFISICAL_TOKEN=st.{uuid()}\n"),
         (".env", f"INFISICAL_TOKEN=st.{uuid()}.{s(HEX, 21)}.{s(HEX, 21)}\n"),
         (".env", f"INFISICAL_TOKEN=st.{uuid()}.{hexg(32)}.{s(HEX, 32)}\n")],
    ),
    "new relic license keys: 36 hex + NRAL": (
        "secrets.newrelic-key",
        [(".env", f"NEW_RELIC_LICENSE_KEY={s(HEX, 36)}NRAL\n")],
        [(".env", f"NEW_RELIC_API_KEY={s(HEX, 24)}NRAL\n"),
         (".env", f"NEW_RELIC_API_KEY={hexg(36)}NRAL\n")],
    ),
    "stripe: the issued lengths only": (
        "secrets.stripe-secret-key",
        [(".env", "STRIPE_SECRET_KEY=sk_" + f"live_{s(AN, 24)}\n"),
         (".env", "STRIPE_SECRET_KEY=sk_" + f"live_51{s(AN, 97)}\n"),
         ("src/pay.ts", 'stripe("rk_' + f'live_51{s(AN, 97)}");\n')],
        [(".env", "STRIPE_SECRET_KEY=sk_" + f"live_51{s(AN, 64)}\n"),
         (".env", "STRIPE_SECRET_KEY=sk_" + f"live_{s(AN, 37)}\n")],
    ),
    "paystack: sk_live_ + 40 lower-case hex": (
        "secrets.paystack-secret-key",
        [(".env", "PAYSTACK_SECRET_KEY=sk_" + f"live_{s(HEX, 40)}\n"),
         ("src/pay.ts", 'charge("sk_' + f'live_{s(HEX, 40)}");\n')],
        [(".env", "PAYSTACK_SECRET_KEY=sk_" + f"live_{s(HEX, 26)}\n"),
         (".env", "PAYSTACK_SECRET_KEY=sk_" + f"live_{hexg(40)}\n")],
    ),
    "clerk: sk_live_ beside its name": (
        "secrets.clerk-secret-key",
        [(".env", "CLERK_SECRET_KEY=sk_" + f"live_{s(AN, 42)}\n")],
        [(".env", "CLERK_SECRET_KEY=sk_" + f"live_{s(AN, 37)}\n")],
    ),
    "slack app-level tokens: xapp-1-A<id>-<13 digits>-<64 hex>": (
        "secrets.slack-token",
        [(".env", f"SLACK_APP_TOKEN=xapp-1-A{s(string.ascii_uppercase, 10)}-{s(DIG, 13)}-"
                  f"{s(HEX, 64)}\n")],
        [(".env", f"SLACK_APP_TOKEN=xapp-1-A{s(string.ascii_uppercase, 10)}-{s(DIG, 8)}-"
                  f"{s(HEX, 64)}\n"),
         (".env", f"SLACK_APP_TOKEN=xapp-1-A{s(string.ascii_uppercase, 10)}-{s(DIG, 13)}-"
                  f"{s(HEX, 40)}\n")],
    ),
    "supabase secret keys: sb_secret_ + 31": (
        "secrets.supabase-service-role-key",
        [(".env", f"SUPABASE_SECRET_KEY=sb_secret_{s(URL, 22)}_{s(AN, 8)}\n")],
        [(".env", f"SUPABASE_SECRET_KEY=sb_secret_{s(URL, 20)}\n")],
    ),
    "grafana cloud tokens: glc_ + base64 JSON, 100+": (
        "secrets.grafana-token",
        [(".env", f"GRAFANA_CLOUD_TOKEN=glc_{s(B64, 120)}==\n")],
        [(".env", f"GRAFANA_CLOUD_TOKEN=glc_{s(B64, 80)}==\n")],
    ),
    "npm: the CRC32 checksum": (
        "secrets.npm-token",
        [(".npmrc", f"//registry.npmjs.org/:_authToken={crc('npm_')}\n"),
         ("src/publish.ts", f'publish("{crc("npm_")}");\n')],
        [(".npmrc", f"//registry.npmjs.org/:_authToken={crc('npm_', valid=False)}\n")],
    ),
    "pypi: a macaroon is 130+ characters after its location": (
        "secrets.pypi-token",
        [(".pypirc", f"[pypi]\npassword = pypi-AgEIcHlwaS5vcmc{s(URL, 160)}\n")],
        [(".pypirc", f"[pypi]\npassword = pypi-AgEIcHlwaS5vcmc{s(URL, 100)}\n")],
    ),
    "fly.io: macaroons of several hundred characters": (
        "secrets.flyio-token",
        [(".env", f"FLY_API_TOKEN=FlyV1 fm2_{s(B64, 220)}\n")],
        [(".env", f"FLY_API_TOKEN=FlyV1 fm2_{s(B64, 120)}\n")],
    ),
    "sentry org tokens: sntrys_<base64 JSON>_<secret>": (
        "secrets.sentry-token",
        [(".env", f"SENTRY_AUTH_TOKEN=sntrys_{b64j(SENTRY)}_{s(B64, 43)}\n"),
         ("src/release.ts", f'cli("sntrys_{b64j(SENTRY)}_{s(B64, 43)}");\n')],
        [(".env", f"SENTRY_AUTH_TOKEN=sntrys_{b64j(SENTRY)[:60]}_{s(B64, 43)}\n"),
         (".env", f"SENTRY_AUTH_TOKEN=sntrys_eyJ{s(URL, 80)}_{s(B64, 43)}\n")],
    ),
    "1password service accounts: ops_<base64 JSON>": (
        "secrets.onepassword-token",
        [(".env", f"OP_SERVICE_ACCOUNT_TOKEN=ops_{b64j(OP)}\n")],
        [(".env", f"OP_SERVICE_ACCOUNT_TOKEN=ops_{b64j(OP)[:150]}\n"),
         (".env", f"OP_SERVICE_ACCOUNT_TOKEN=ops_eyJ{s(URL, 300)}\n")],
    ),
    # contextual formats (no prefix): a hex value of another length under the vendor's name
    "datadog: 32 or 40 hex under its name": (
        "secrets.datadog-key",
        [(".env", f"DD_API_KEY={s(HEX, 32)}\n"), (".env", f"DATADOG_APP_KEY={s(HEX, 40)}\n")],
        [(".env", f"DD_API_KEY={s(HEX, 31)}\n"), (".env", f"DATADOG_APP_KEY={s(HEX, 36)}\n")],
    ),
    "rollbar: 32 hex under its name": (
        "secrets.rollbar-token",
        [(".env", f"ROLLBAR_ACCESS_TOKEN={s(HEX, 32)}\n")],
        [(".env", f"ROLLBAR_ACCESS_TOKEN={hexg(32)}\n"),
         (".env", f"ROLLBAR_ACCESS_TOKEN={s(HEX, 21)}\n")],
    ),
    "snyk: a uuid under its name": (
        "secrets.snyk-token",
        [(".env", f"SNYK_TOKEN={uuid()}\n")],
        [(".env", f"SNYK_TOKEN={uuid()[:30]}\n")],
    ),
    "tinybird: p.<base64 JSON>.<signature>": (
        "secrets.tinybird-token",
        [(".env", f"TINYBIRD_TOKEN=p.{b64j({'u': uuid(), 'id': uuid()})}.{s(URL, 43)}\n")],
        [(".env", f"TINYBIRD_TOKEN=p.{b64j({'u': uuid(), 'id': uuid()})[:50]}.{s(URL, 43)}\n"),
         (".env", f"TINYBIRD_TOKEN=p.{b64j({'u': uuid(), 'id': uuid()})}.abcdef123456\n")],
    ),
    # fixed lengths: a copy a character or two short is cut off
    "anthropic: 95 characters ending AA": (
        "secrets.anthropic-key",
        [(".env", f"ANTHROPIC_API_KEY=sk-ant-api03-{s(URL, 93)}AA\n")],
        [(".env", f"ANTHROPIC_API_KEY=sk-ant-api03-{s(URL, 91)}AA\n")],
    ),
    "fcm legacy server keys: 152 characters": (
        "secrets.fcm-server-key",
        [("src/push.ts", f'send("AAAA{s(URL, 7)}:APA91b{s(URL, 134)}");\n')],
        [("src/push.ts", f'send("AAAA{s(URL, 7)}:APA91b{s(URL, 132)}");\n')],
    ),
    "jfrog reference tokens: 64 characters": (
        "secrets.artifactory-token",
        [(".env", f"ARTIFACTORY_TOKEN=cmVmdGtuOjAxOj{s(AN, 50)}\n")],
        [(".env", f"ARTIFACTORY_TOKEN=cmVmdGtuOjAxOj{s(AN, 48)}\n")],
    ),
    "azure client secrets: 40 characters": (
        "secrets.azure-client-secret",
        [(".env", f"AZURE_CLIENT_SECRET={s(AN, 3)}8Q~{s(URL, 34)}\n")],
        [(".env", f"AZURE_CLIENT_SECRET={s(AN, 3)}8Q~{s(URL, 33)}\n")],
    ),
    "doppler: 43 characters after the kind": (
        "secrets.doppler-token",
        [(".env", f"DOPPLER_TOKEN=dp.st.prd.{s(AN, 43)}\n")],
        [(".env", f"DOPPLER_TOKEN=dp.st.prd.{s(AN, 42)}\n")],
    ),
    "docker hub personal access tokens: 27 characters": (
        "secrets.dockerhub-token",
        [(".env", f"DOCKERHUB_TOKEN=dckr_pat_{s(URL, 27)}\n")],
        [(".env", f"DOCKERHUB_TOKEN=dckr_pat_{s(URL, 26)}\n")],
    ),
    "stripe current keys: 99 characters or more": (
        "secrets.stripe-secret-key",
        [(".env", "STRIPE_SECRET_KEY=sk_" + f"live_51{s(AN, 97)}\n")],
        [(".env", "STRIPE_SECRET_KEY=sk_" + f"live_51{s(AN, 95)}\n")],
    ),
    "pinecone: pcsk_<id>_<64>": (
        "secrets.pinecone-key",
        [(".env", f"PINECONE_API_KEY=pcsk_{s(AN, 5)}_{s(AN, 64)}\n")],
        [(".env", f"PINECONE_API_KEY=pcsk_{s(AN, 5)}_{s(AN, 42)}\n")],
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_documented_format_is_reported(name: str) -> None:
    rule, good_values, _ = CASES[name]
    for path, text in good_values:
        assert rule in reported(path, text), text


@pytest.mark.parametrize("name", sorted(CASES))
def test_near_miss_is_not_reported(name: str) -> None:
    _, _, near_misses = CASES[name]
    for path, text in near_misses:
        assert reported(path, text) == set(), text


# keys a vendor documents as public (shipped to browsers) or test-mode, beside a secret-looking name,
# and the same vendor's secret of the same family, still reported
PUBLIC = [
    (".env", f"POSTHOG_API_KEY=phc_{s(AN, 43)}\n"),
    (".env", f"STATSIG_SERVER_SECRET=client-{s(AN, 43)}\n"),
    (".env", f"NEW_RELIC_API_KEY=NRJS-{s(HEX, 19)}\n"),
    (".env", f"FLW_SECRET_KEY=FLWPUBK-{s(HEX, 32)}-X\n"),
    (".env", f"SQUARE_ACCESS_TOKEN=sq0idp-{s(URL, 22)}\n"),
    (".env", f"PLAID_ACCESS_TOKEN=access-sandbox-{uuid()}\n"),
    (".env", f"MOLLIE_API_KEY=test_{s(AN, 30)}\n"),
]
SECRET_TWINS = [
    (".env", f"POSTHOG_PERSONAL_API_KEY=phx_{s(AN, 43)}\n", "secrets.posthog-key"),
    (".env", f"STATSIG_SERVER_SECRET=secret-{s(AN, 43)}\n", "secrets.statsig-key"),
    (".env", f"NEW_RELIC_API_KEY=NRAK-{s(string.ascii_uppercase + DIG, 27)}\n",
     "secrets.newrelic-key"),
    (".env", f"FLW_SECRET_KEY=FLWSECK-{s(HEX, 32)}-X\n", "secrets.flutterwave-key"),
    (".env", f"SQUARE_APP_SECRET=sq0csp-{s(URL, 43)}\n", "secrets.square-oauth-secret"),
    (".env", f"PLAID_ACCESS_TOKEN=access-production-{uuid()}\n", "secrets.plaid-token"),
    (".env", f"MOLLIE_API_KEY=live_{s(AN, 30)}\n", "secrets.mollie-key"),
]


@pytest.mark.parametrize(("path", "text"), PUBLIC)
def test_a_public_or_test_mode_key_is_no_generic_password(path: str, text: str) -> None:
    assert reported(path, text) == set()


@pytest.mark.parametrize(("path", "text", "rule"), SECRET_TWINS)
def test_the_same_vendors_secret_is_still_reported(path: str, text: str, rule: str) -> None:
    assert rule in reported(path, text)


def test_a_short_value_is_a_password_but_not_a_token() -> None:
    # a token or key a vendor or generator issues is 16+ characters; a password may be shorter
    assert reported(".env", "AIRTABLE_TOKEN=patch_lin5z7xb\n") == set()
    assert reported(".env", f"API_TOKEN=build_{s(AN, 8)}\n") == set()
    assert "secrets.generic-password" in reported(".env", f"DB_PASSWORD={s(AN, 9)}#{s(DIG, 2)}\n")
    assert "secrets.generic-password" in reported(".env", f"API_TOKEN={s(AN, 24)}\n")


def test_no_new_finding_shows_its_value() -> None:
    for _, good_values, _ in CASES.values():
        for path, text in good_values:
            for h in engine.scan_bytes(path, text.encode(), engine.Options()):
                assert h.value not in str(mask(h.value))
