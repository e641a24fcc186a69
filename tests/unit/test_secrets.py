"""The secrets engine and detectors: every rule on a bad and a good case, benign look-alikes,
suppression comments, the corpus floors, and that no planted secret ever appears in a finding."""

from __future__ import annotations

import base64
import random
import string

import pytest

from launchgate.checks.secrets import detectors, engine
from launchgate.checks.secrets.rules import RULES
from launchgate.model import Severity
from tests.fixtures.secrets_corpus import (
    ALNUM,
    B64,
    B64URL,
    HEX,
    _jwt,
    _pem,
    _s,
    aws_id,
    cases,
    github_classic,
    pw,
)
from tests.fixtures.secrets_corpus.score import launchgate_predict, score, severity

R = random.Random(7)
DIG = string.digits


def found(path: str, text: str, minimum: Severity = Severity.MEDIUM,
          **opts) -> set[tuple[str, str]]:
    hits = engine.scan_bytes(path, text.encode(), engine.Options(**opts))
    return {(h.rule, h.path) for h in hits if severity(h) >= minimum}


def lows(path: str, text: str) -> set[tuple[str, str]]:
    hits = engine.scan_bytes(path, text.encode(), engine.Options())
    return {(h.rule, h.path) for h in hits if severity(h) == Severity.LOW}


# rule -> (path, text with a real-format secret); generated at test time, never committed
BAD: dict[str, tuple[str, str]] = {
    "aws-access-key": (".env", f"AWS_ACCESS_KEY_ID={aws_id(R)}\n"),
    "aws-secret-key": (".env", f"AWS_SECRET_ACCESS_KEY={_s(R, B64, 40)}\n"),
    "gcp-service-account": (
        "sa.json",
        '{"type": "service_account", "private_key": "'
        + _pem(R, "PRIVATE KEY").replace("\n", "\\n")
        + '\\n", "client_email": '
        '"a@p.iam.gserviceaccount.com"}',
    ),
    "firebase-admin-key": (
        "sa.json",
        '{"type": "service_account", "private_key": "'
        + _pem(R, "PRIVATE KEY").replace("\n", "\\n")
        + '", "client_email": "firebase-adminsdk-x1@p.iam.gserviceaccount.com"}',
    ),
    "azure-storage-key": (
        ".env",
        "AZ=DefaultEndpointsProtocol=https;AccountName=a;AccountKey="
        + base64.b64encode(R.randbytes(64)).decode()
        + ";EndpointSuffix=core.windows.net\n",
    ),
    "github-token": ("ci.sh", f"export GH={github_classic(R)}\n"),
    "gitlab-token": ("ci.sh", f"export GL=glpat-{_s(R, ALNUM, 20)}\n"),
    "npm-token": (".npmrc", f"//registry.npmjs.org/:_authToken={github_classic(R, 'npm_')}\n"),
    "pypi-token": (".pypirc", f"password = pypi-AgEIcHlwaS5vcmc{_s(R, B64URL, 160)}\n"),
    "dockerhub-token": (".env", f"DOCKER_PAT=dckr_pat_{_s(R, B64URL, 27)}\n"),
    "stripe-secret-key": ("pay.py", f'stripe.api_key = "sk_live_{_s(R, ALNUM, 99)}"\n'),
    "stripe-webhook-secret": (".env", f"STRIPE_WEBHOOK_SECRET=whsec_{_s(R, ALNUM, 32)}\n"),
    "twilio-key": (".env", f"TWILIO_AUTH_TOKEN={_s(R, HEX, 32)}\n"),
    "sendgrid-key": (".env", f"SENDGRID_API_KEY=SG.{_s(R, B64URL, 22)}.{_s(R, B64URL, 43)}\n"),
    "mailgun-key": (".env", f"MAILGUN_API_KEY=key-{_s(R, HEX, 32)}\n"),
    "postmark-token": (
        ".env",
        f"POSTMARK_SERVER_TOKEN={_s(R, HEX, 8)}-{_s(R, HEX, 4)}-{_s(R, HEX, 4)}-{_s(R, HEX, 4)}-{_s(R, HEX, 12)}\n",
    ),
    "resend-key": (
        "mail.ts",
        f"const resend = new Resend('re_{_s(R, ALNUM, 8)}_{_s(R, ALNUM, 24)}');\n",
    ),
    "slack-token": (
        ".env",
        f"SLACK_BOT_TOKEN=xoxb-{_s(R, DIG, 12)}-{_s(R, DIG, 13)}-{_s(R, ALNUM, 24)}\n",
    ),
    "slack-webhook": (
        "notify.py",
        "URL = "
        f'"https://hooks.slack.com/services/T{_s(R, "ABCDEFGH123", 10)}/B{_s(R, "ABCDEFGH123", 10)}/{_s(R, ALNUM, 24)}"\n',
    ),
    "openai-key": (".env", f"OPENAI_API_KEY=sk-proj-{_s(R, B64URL, 120)}\n"),
    "anthropic-key": (".env", f"ANTHROPIC_API_KEY=sk-ant-api03-{_s(R, B64URL, 93)}AA\n"),
    "supabase-service-role-key": (
        ".env",
        "SUPABASE_SERVICE_ROLE_KEY="
        + _jwt(R, {"iss": "supabase", "role": "service_role", "exp": 2015000000})
        + "\n",
    ),
    "clerk-secret-key": (".env", f"CLERK_SECRET_KEY=sk_live_{_s(R, ALNUM, 42)}\n"),
    "vercel-token": (".env", f"VERCEL_TOKEN={_s(R, ALNUM, 23)}7\n"),
    "shopify-token": (".env", f"SHOPIFY_TOKEN=shpat_{_s(R, HEX, 32)}\n"),
    "private-key": ("id_rsa", _pem(R, "RSA PRIVATE KEY") + "\n"),
    "jwt-token": (".env", "ADMIN_TOKEN=" + _jwt(R, {"sub": "u1", "role": "admin"}) + "\n"),
    "database-url-password": (
        ".env",
        f"DATABASE_URL=postgres://app:{pw(R)}@db.prod.internal:5432/app\n",
    ),
    "url-password": ("deploy.sh", f"curl https://deploy:{pw(R)}@registry.shop.io/v2/\n"),
    "generic-password": ("config/app.yml", f"db:\n  password: {pw(R)}\n"),
    "env-schema-secret": ("dist/app.js", "var k='KNOWN_VALUE_PLACEHOLDER';\n"),
    "artifactory-token": (".env", f"ARTIFACTORY_API_KEY= AKC{_s(R, ALNUM, 70)}\n"),
    "cloudant-credentials": ("db.py", f'cloudant_password = "{_s(R, HEX, 64)}"\n'),
    "discord-bot-token": (
        ".env",
        f"DISCORD_TOKEN=M{_s(R, ALNUM, 23)}.{_s(R, ALNUM, 6)}.{_s(R, ALNUM, 27)}\n",
    ),
    "ibm-cloud-key": ("cloud.py", f'ibm_cloud_iam_api_key = "{_s(R, ALNUM, 44)}"\n'),
    "mailchimp-key": (".env", f"MAILCHIMP_KEY={_s(R, HEX, 32)}-us{R.randint(1, 20)}\n"),
    "softlayer-key": (
        "sl.py",
        f'softlayer_api_key = "{_s(R, string.ascii_lowercase + DIG, 64)}"\n',
    ),
    "square-oauth-secret": (".env", f"SQUARE_SECRET=sq0csp-{_s(R, ALNUM, 43)}\n"),
    "telegram-bot-token": (".env", f"TELEGRAM_BOT_TOKEN={_s(R, DIG, 9)}:{_s(R, ALNUM, 35)}\n"),
    "high-entropy-string": ("blob.py", f'blob = "{_s(R, B64, 48)}"  # token\n'),
}

# rule -> (path, text) of a look-alike that must not be reported at medium or above
GOOD: dict[str, tuple[str, str]] = {
    "aws-access-key": (".env", "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n"),
    "aws-secret-key": (".env", "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"),
    "gcp-service-account": (
        "sa.json",
        '{"type": "service_account", "private_key": "<your private key>"}',
    ),
    "firebase-admin-key": (
        "firebase.ts",
        f'const cfg = {{ apiKey: "AIza{_s(R, B64URL, 35)}" }};\n',
    ),
    "azure-storage-key": (
        ".env",
        "AZ=DefaultEndpointsProtocol=https;AccountName=a;AccountKey=<account-key>;\n",
    ),
    "github-token": ("ci.sh", f"export GH={github_classic(R, valid=False)}\n"),
    "gitlab-token": (".env.example", "GITLAB_TOKEN=glpat-xxxxxxxxxxxxxxxxxxxx\n"),
    "npm-token": (".npmrc", "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n"),
    "pypi-token": (".pypirc", "password = pypi-your-token-here\n"),
    "dockerhub-token": (".env", "DOCKER_PAT=dckr_pat_xxxxxxxxxxxxxxxxxxxxxxxxxxx\n"),
    "stripe-secret-key": (
        ".env",
        f"NEXT_PUBLIC_STRIPE_KEY=pk_live_{_s(R, ALNUM, 99)}\nSTRIPE_SECRET_KEY=sk_test_{_s(R, ALNUM, 99)}\n",
    ),
    "stripe-webhook-secret": (
        ".env.example",
        "STRIPE_WEBHOOK_SECRET=whsec_your-webhook-signing-secret-here\n",
    ),
    "twilio-key": (".env", f"TWILIO_ACCOUNT_SID=AC{_s(R, HEX, 32)}\n"),
    "sendgrid-key": (
        ".env.example",
        "SENDGRID_API_KEY=SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
    ),
    "mailgun-key": ("notes.py", 'HEADER = "key-value store"\n'),
    "postmark-token": (
        ".env",
        f"REQUEST_ID={_s(R, HEX, 8)}-{_s(R, HEX, 4)}-{_s(R, HEX, 4)}-{_s(R, HEX, 4)}-{_s(R, HEX, 12)}\n",
    ),
    "resend-key": ("mail.py", "re_compile_pattern = re.compile(r'x')\n"),
    "slack-token": (".env.example", "SLACK_BOT_TOKEN=xoxb-your-bot-token\n"),
    "slack-webhook": (
        "README.md",
        "Set SLACK_WEBHOOK_URL to https://hooks.slack.com/services/T000/B000/XXXXXXXX\n",
    ),
    "openai-key": (".env", "OPENAI_API_KEY=sk-...\n"),
    "anthropic-key": (".env.example", "ANTHROPIC_API_KEY=sk-ant-api03-your-key-here\n"),
    "supabase-service-role-key": (
        ".env",
        "NEXT_PUBLIC_SUPABASE_ANON_KEY="
        + _jwt(R, {"iss": "supabase", "role": "anon", "exp": 2015000000})
        + "\n",
    ),
    "clerk-secret-key": (".env", f"NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY=pk_live_{_s(R, ALNUM, 40)}\n"),
    "vercel-token": (".env", "VERCEL_TOKEN=${VERCEL_TOKEN}\n"),
    "shopify-token": (".env.example", "SHOPIFY_TOKEN=shpat_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"),
    "private-key": (
        "pem.py",
        'HEADER = "-----BEGIN RSA PRIVATE KEY-----"\n' + _pem(R, "PUBLIC KEY") + "\n",
    ),
    "jwt-token": (
        "docs.ts",
        "const t = "
        "'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';\n",
    ),
    "database-url-password": (
        ".env",
        "DATABASE_URL=postgres://postgres:postgres@localhost:5432/app\nREAD_URL=postgres://app:${DB_PASSWORD}@db:5432/app\n",
    ),
    "url-password": ("docs.py", "# e.g. https://user:password@example.com/path\n"),
    "generic-password": (
        "locales/fr.json",
        '{"password": "Mot de passe", "secret": "Geheimnis"}\n',
    ),
    "env-schema-secret": ("dist/app.js", "var k='some-other-value-entirely';\n"),
    "artifactory-token": ("notes.py", 'APPLE = "APPLESAUCE"\n'),
    "cloudant-credentials": ("db.py", 'cloudant_password = os.environ["CLOUDANT_PASSWORD"]\n'),
    "discord-bot-token": (".env.example", "DISCORD_TOKEN=your-discord-bot-token-here\n"),
    "ibm-cloud-key": ("cloud.py", 'ibm_cloud_iam_api_key = os.getenv("IBM_KEY")\n'),
    "mailchimp-key": (".env.example", "MAILCHIMP_KEY=<mailchimp-key>-us6\n"),
    "softlayer-key": ("sl.py", 'softlayer_api_key = get_key("softlayer")\n'),
    "square-oauth-secret": (
        ".env.example",
        "SQUARE_SECRET=sq0csp-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
    ),
    "telegram-bot-token": (
        ".env.example",
        "TELEGRAM_BOT_TOKEN=123456789:your-telegram-token-here\n",
    ),
    # opt-in only: off by default
    "high-entropy-string": ("blob.py", f'# token\ndata_blob = "{_s(R, B64, 48)}"\n'),
}
LOWER = string.ascii_lowercase
BAD.update(
    {
        "huggingface-token": (".env", f"HF_TOKEN=hf_{_s(R, ALNUM, 34)}\n"),
        "replicate-token": (".env", f"REPLICATE_API_TOKEN=r8_{_s(R, ALNUM, 37)}\n"),
        "groq-key": (".env", f"GROQ_API_KEY=gsk_{_s(R, ALNUM, 52)}\n"),
        "mapbox-secret-token": (
            ".env",
            f"MAPBOX_SECRET=sk.eyJ{_s(R, B64URL, 40)}.{_s(R, B64URL, 22)}\n",
        ),
        "digitalocean-token": (".env", f"DO_TOKEN=dop_v1_{_s(R, HEX, 64)}\n"),
        "linear-key": (".env", f"LINEAR_API_KEY=lin_api_{_s(R, ALNUM, 40)}\n"),
        "notion-token": (".env", f"NOTION_TOKEN=secret_{_s(R, ALNUM, 43)}\n"),
        "sentry-token": (".env", f"SENTRY_AUTH_TOKEN=sntryu_{_s(R, HEX, 64)}\n"),
        "newrelic-key": (
            ".env",
            f"NEW_RELIC_API_KEY=NRAK-{_s(R, string.ascii_uppercase + DIG, 27)}\n",
        ),
        "postman-key": (".env", f"POSTMAN_API_KEY=PMAK-{_s(R, HEX, 24)}-{_s(R, HEX, 34)}\n"),
        "vault-token": (".env", f"VAULT_TOKEN=hvs.{_s(R, B64URL, 95)}\n"),
        "age-secret-key": (
            "keys.txt",
            f"AGE-SECRET-KEY-1{_s(R, string.ascii_uppercase + DIG, 58)}\n",
        ),
        "atlassian-token": (".env", f"JIRA_API_TOKEN=ATATT3{_s(R, B64URL, 180)}\n"),
        "square-token": (".env", f"SQUARE_ACCESS_TOKEN=EAAA{_s(R, B64URL, 60)}\n"),
        "netlify-token": (".env", f"NETLIFY_AUTH_TOKEN=nfp_{_s(R, ALNUM, 36)}\n"),
        "pulumi-token": (".env", f"PULUMI_ACCESS_TOKEN=pul-{_s(R, HEX, 40)}\n"),
        "doppler-token": (".env", f"DOPPLER_TOKEN=dp.pt.{_s(R, ALNUM, 43)}\n"),
        "grafana-token": (".env", f"GRAFANA_TOKEN=glsa_{_s(R, ALNUM, 32)}_{_s(R, HEX, 8)}\n"),
        "planetscale-token": (".env", f"PLANETSCALE_PASSWORD=pscale_pw_{_s(R, ALNUM, 43)}\n"),
        "pinecone-key": (".env", f"PINECONE_API_KEY=pcsk_{_s(R, ALNUM, 5)}_{_s(R, ALNUM, 64)}\n"),
        "airtable-token": (".env", f"AIRTABLE_TOKEN=pat{_s(R, ALNUM, 14)}.{_s(R, HEX, 64)}\n"),
        "braintree-token": (
            ".env",
            f"BT=access_token$production${_s(R, LOWER + DIG, 16)}${_s(R, HEX, 32)}\n",
        ),
        "google-oauth-secret": (
            "client.json",
            f'{{"client_secret": "GOCSPX-{_s(R, B64URL, 28)}"}}\n',
        ),
        "google-api-key": (".env", f"GEMINI_API_KEY=AIza{_s(R, B64URL, 35)}\n"),
        "discord-webhook": (
            "notify.py",
            f'HOOK = "https://discord.com/api/webhooks/{_s(R, DIG, 18)}/{_s(R, B64URL, 68)}"\n',
        ),
    }
)
GOOD.update(
    {
        "huggingface-token": (".env.example", "HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"),
        "replicate-token": ("run.py", 'r8_model = "stability-ai/sdxl"\n'),
        "groq-key": (".env.example", "GROQ_API_KEY=gsk_your-groq-api-key-here\n"),
        "mapbox-secret-token": (
            ".env",
            f"NEXT_PUBLIC_MAPBOX_TOKEN=pk.eyJ{_s(R, B64URL, 40)}.{_s(R, B64URL, 22)}\n",
        ),
        "digitalocean-token": (".env.example", "DO_TOKEN=dop_v1_<token>\n"),
        "linear-key": (
            ".env.example",
            "LINEAR_API_KEY=lin_api_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
        ),
        "notion-token": ("notion.py", 'secret_name = "NOTION_TOKEN"\n'),
        "sentry-token": (
            ".env",
            f"NEXT_PUBLIC_SENTRY_DSN=https://{_s(R, HEX, 32)}@o1.ingest.sentry.io/1\n",
        ),
        "newrelic-key": (".env.example", "NEW_RELIC_API_KEY=NRAK-XXXXXXXXXXXXXXXXXXXXXXXXXXX\n"),
        "postman-key": (".env.example", "POSTMAN_API_KEY=PMAK-<your-key>\n"),
        "vault-token": (".env", "VAULT_TOKEN=${VAULT_TOKEN}\n"),
        "age-secret-key": ("keys.txt", f"# public key: age1{_s(R, LOWER + DIG, 58)}\n"),
        "atlassian-token": (".env.example", "JIRA_API_TOKEN=ATATT3xxxxxxxx\n"),
        "square-token": (".env", "SQUARE_APPLICATION_ID=sq0idp-" + _s(R, B64URL, 22) + "\n"),
        "netlify-token": (".env.example", "NETLIFY_AUTH_TOKEN=nfp_your-token-here\n"),
        "pulumi-token": ("Pulumi.yaml", "name: pul-demo\nruntime: nodejs\n"),
        "doppler-token": (
            ".env.example",
            "DOPPLER_TOKEN=dp.pt.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
        ),
        "grafana-token": (".env.example", "GRAFANA_TOKEN=glsa_<token>\n"),
        "planetscale-token": (
            ".env.example",
            "PLANETSCALE_PASSWORD=pscale_pw_your-password-here\n",
        ),
        "pinecone-key": (".env.example", "PINECONE_API_KEY=pcsk_...\n"),
        "airtable-token": ("air.py", 'pattern = "pat.*"\n'),
        "braintree-token": (
            ".env",
            f"BT=access_token$sandbox${_s(R, LOWER + DIG, 16)}${_s(R, HEX, 32)}\n",
        ),
        "google-oauth-secret": ("client.json", '{"client_secret": "GOCSPX-<client-secret>"}\n'),
        "google-api-key": (
            "src/firebase.ts",
            f'const firebaseConfig = {{ apiKey: "AIza{_s(R, B64URL, 35)}" }};\n',
        ),
        "discord-webhook": (
            ".env.example",
            "DISCORD_WEBHOOK=https://discord.com/api/webhooks/<id>/<token>\n",
        ),
    }
)
KNOWN = "s3rv3r-only-" + _s(R, ALNUM, 20)
BAD["env-schema-secret"] = ("dist/app.js", f"var k='{KNOWN}';\n")
# gathered by scopes: test_secrets_scopes
NOT_IN_TABLE = {"secrets.source-map-public", "secrets.file-not-scanned"}


def test_every_rule_has_a_bad_and_a_good_case() -> None:
    # issue 16's formats
    from tests.unit.checks.secrets.test_vendor_formats import NEW_BAD, NEW_GOOD
    from tests.unit.checks.secrets.test_vendors_a import FORMATS as S7A_BAD
    from tests.unit.checks.secrets.test_vendors_a import NEAR as S7A_GOOD
    from tests.unit.checks.secrets.test_vendors_b import BAD as B_BAD
    from tests.unit.checks.secrets.test_vendors_b import GOOD as B_GOOD

    ids = {r.id for r in RULES} - NOT_IN_TABLE
    assert {f"secrets.{k}" for k in (*BAD, *NEW_BAD, *S7A_BAD, *B_BAD)} == ids
    assert {f"secrets.{k}" for k in (*GOOD, *NEW_GOOD, *S7A_GOOD, *B_GOOD)} == ids


@pytest.mark.parametrize("slug", sorted(BAD))
def test_bad_case_is_reported(slug: str) -> None:
    path, text = BAD[slug]
    opts = {"entropy": slug == "high-entropy-string", "known": (("STRIPE_SECRET_KEY", KNOWN),)}
    minimum = Severity.LOW if slug == "high-entropy-string" else Severity.MEDIUM
    assert (f"secrets.{slug}", path) in found(path, text, minimum, **opts)


@pytest.mark.parametrize("slug", sorted(GOOD))
def test_good_case_is_not_reported(slug: str) -> None:
    path, text = GOOD[slug]
    assert found(path, text, known=(("STRIPE_SECRET_KEY", KNOWN),)) == set()


def test_aws_key_id_paired_with_its_secret_is_a_blocker() -> None:
    text = f"aws_access_key_id = {aws_id(R)}\naws_secret_access_key = {_s(R, B64, 40)}\n"
    hits = engine.scan_bytes("creds", text.encode(), engine.Options())
    by_rule = {h.rule: h for h in hits}
    assert by_rule["secrets.aws-access-key"].severity == "blocker"
    assert "paired with a secret access key" in by_rule["secrets.aws-access-key"].note


def test_known_value_found_in_base64_and_url_encoded_forms() -> None:
    value = "p@ss/" + _s(R, ALNUM, 20)
    b64 = base64.b64encode(value.encode()).decode()
    from urllib.parse import quote
    text = f"a='{b64}';\nb='{quote(value, safe='')}';\n"
    hits = engine.scan_bytes("dist/main.js", text.encode(),
                             engine.Options(known=(("API_SECRET", value),)))
    assert {(h.rule, h.line, h.note.split(" of ")[0]) for h in hits} == {
        ("secrets.env-schema-secret", 1, "base64-encoded value"),
        ("secrets.env-schema-secret", 2, "URL-encoded value")}


def test_test_fixtures_and_docs_are_low_at_most() -> None:
    key = f"sk_live_{_s(R, ALNUM, 40)}"
    for path in ("tests/fixtures/pay.py", "docs/setup.md", "src/pay.test.ts", "README.md"):
        text = f'KEY = "{key}"\n'
        assert found(path, text) == set()
        assert lows(path, text) == {("secrets.stripe-secret-key", path)}


@pytest.mark.parametrize("text", [
    "DB_PASSWORD={v}  # pragma: allowlist secret\n",
    "# pragma: allowlist nextline secret\nDB_PASSWORD={v}\n",
    "DB_PASSWORD={v}  # launchgate: ignore[secrets.generic-password] shared dev database\n",
    "# launchgate: ignore[secrets] fixture\nDB_PASSWORD={v}\n",
])
def test_inline_suppressions(text: str) -> None:
    assert found(".env", text.format(v=pw(R))) == set()
    assert found(".env", f"DB_PASSWORD={pw(R)}\n") == {("secrets.generic-password", ".env")}


@pytest.mark.parametrize(("path", "text"), [
    ("pnpm-lock.yaml",
     "  /token-types@5.0.1:\n    resolution: {integrity: sha512-" + base64.b64encode(R.randbytes(64)).decode() + "}\n"),
    ("package-lock.json",
     '"integrity": "sha512-' + base64.b64encode(R.randbytes(64)).decode() + '"\n'),
    ("poetry.lock", f'{{file = "secretstorage-3.3.3.tar.gz", hash = "sha256:{_s(R, HEX, 64)}"}}\n'),
    ("src/ci.yml", f"uses: actions/checkout@{_s(R, HEX, 40)}\nwith:\n  token: ${{{{ "
     f"secrets.GITHUB_TOKEN }}}}\n"),
    ("src/icons.css",
     ".token{background:url(data:image/png;base64," + base64.b64encode(R.randbytes(90)).decode() + ")}\n"),
    ("app/models.py", "password: str\npassword_reset_token: str | None = "
     "None\nPASSWORD_MIN_LENGTH = 12\n"),
    ("app/seed.py", f'password_hash = "$2b$12${_s(R, ALNUM, 53)}"\n'),
    ("app/ids.py", 'session_token_id = '
     f'"{_s(R, HEX, 8)}-{_s(R, HEX, 4)}-4{_s(R, HEX, 3)}-a{_s(R, HEX, 3)}-{_s(R, HEX, 12)}"\n'),
    ("src/auth.ts", "const tokenType = 'Bearer';\nconst secretName = getSecretName();\n"),
    ("deploy/authorized_keys", f"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{_s(R, B64, 43)} ci@host\n"),
    # false positives met on real trees (the Python stdlib, site-packages, /etc, /usr/share/perl)
    ("lib/Grammar.pm", "my $token = $grammar->tokenize($line);\n"),
    ("lib/Credentials.pm", '$CPAN::HTTP::Credentials::VERSION = "1.9601";\n'),
    ("conf/management.properties", "# com.sun.management.jmxremote.password.toHashes = "
     "true|false\n"),
    ("conf/postgresql.conf", "#password_encryption = scram-sha-256\t# scram-sha-256 or md5\n"),
    ("conf/openssl.cnf", "secret = pass:insta # can be used for both client and server side\n"),
    ("mypy/VERSIONS", "spwd: 3.0-3.12\n"),
    ("oauth/parameters.py", '"""Example::\n\n    oauth_token="ad180jjd733klru7",\n"""\n'),
    ("oauth/tokens.py", "# RFC 6749 sample: access_token=2YotnFZFEjr1zCsicMWpAA\n"),
    ("urllib/request.py", "auth.add_password(realm='PDQ', uri='https://x/', user='klem', "
     "passwd='geheim$parole')\n"),
    ("httpx/_urls.py", 'url = '
     'httpx.URL("HTTPS://jo%40email.com:a%20secret@m\u00fcller.de:1234/pa%20th")\n'),
    ("README.md",
     "[![codecov](https://codecov.io/gh/o/r/graph/badge.svg?token=pcXhUQwiL3)](https://codecov.io)\n"),
    ("lib/urls.py", 'def f():\n    """Passwords in URLs: '
     '``postgres://app:Zx8kP2mQ9rTw@db.prod/x``."""\n'),
    (".env.example", "DB_PASSWORD=s3cr3t\nADMIN_PASSWORD=P@ssw0rd\nKEYSTORE_PASSWORD=changeit\n"),
])
def test_benign_look_alikes(path: str, text: str) -> None:
    assert found(path, text) == set()


@pytest.mark.parametrize(("path", "text", "rule"), [
    ("api.py", f'headers = {{"Authorization": "Bearer {_s(R, ALNUM, 40)}"}}\n',
     "secrets.generic-password"),
    ("curl.sh",
     "curl -H 'Authorization: Basic " + base64.b64encode(f"admin:{pw(R)}".encode()).decode() + "' x\n",
     "secrets.generic-password"),
    (".docker/config.json",
     '{"auths": {"ghcr.io": {"auth": "' + base64.b64encode(f"bot:{pw(R)}".encode()).decode()
     + '"}}}\n', "secrets.generic-password"),
    (".npmrc",
     f"//registry.npmjs.org/:_authToken={_s(R, HEX, 8)}-{_s(R, HEX, 4)}-{_s(R, HEX, 4)}-{_s(R, HEX, 4)}-{_s(R, HEX, 12)}\n", "secrets.npm-token"),
    (".env", f"REDIS_URL=redis://:{pw(R)}@cache.prod.internal:6379/0\n",
     "secrets.database-url-password"),
    ("deploy.sh", f"export DB_PASSWORD={pw(R)}\n", "secrets.generic-password"),
    ("app.cfg", f"jdbc:postgresql://db.prod:5432/app?user=app&password={pw(R)}&ssl=true\n",
     "secrets.generic-password"),
    (".env", f"HEROKU_API_KEY={_s(R, HEX, 8)}-{_s(R, HEX, 4)}-{_s(R, HEX, 4)}-{_s(R, HEX, 4)}-{_s(R, HEX, 12)}\n",
     "secrets.heroku-key"),
    ("keys/ci.ppk", "PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: "
     "ci\nPublic-Lines: 1\nAAAAB3NzaC1yc2E\nPrivate-Lines: "
     f"2\n{_s(R, B64, 64)}\n{_s(R, B64, 40)}\nPrivate-MAC: {_s(R, HEX, 40)}\n",
     "secrets.private-key"),
    ("deploy/key.pem", _pem(R, "SSH2 ENCRYPTED PRIVATE KEY") + "\n", "secrets.private-key"),
    ("az.txt",
     f"https://acct.blob.core.windows.net/c?sv=2022-11-02&ss=b&srt=co&sp=rl&sig={_s(R, ALNUM, 43)}%3D\n",
     "secrets.azure-storage-key"),
])
def test_more_credential_forms(path: str, text: str, rule: str) -> None:
    assert (rule, path) in found(path, text)


def test_a_token_used_as_a_name_is_not_echoed_in_the_note() -> None:
    token = "secret_" + _s(R, ALNUM, 43)
    hits = engine.scan_bytes("conf.yml", f"{token}: {pw(R)}\n".encode(), engine.Options())
    assert hits and all(token[7:20] not in h.note for h in hits)


def test_github_checksum() -> None:
    good, bad = github_classic(R), github_classic(R, valid=False)
    assert detectors.github_checksum_ok(good)
    assert not detectors.github_checksum_ok(bad)


def test_jwt_classification() -> None:
    assert detectors.classify_jwt(_jwt(R, {"role": "anon"})) is None
    assert (
        detectors.classify_jwt(_jwt(R, {"role": "service_role"}))[0]
        == "secrets.supabase-service-role-key"
    )
    rule, _note, sev = detectors.classify_jwt(_jwt(R, {"sub": "u", "exp": 1, "scope": "read"}))
    assert (rule, sev) == ("secrets.jwt-token", "low")
    assert detectors.classify_jwt("eyJ.not.a-jwt") is None


def test_long_minified_line_is_windowed_and_found() -> None:
    key = f"sk_live_{_s(R, ALNUM, 32)}"
    text = "var a=1;" * 200_000 + f'var k="{key}";' + "var b=2;" * 1000
    hits = engine.scan_bytes("public/app.min.js", text.encode(), engine.Options())
    assert {(h.rule, h.line) for h in hits} == {("secrets.stripe-secret-key", 1)}


def test_corpus_floors() -> None:
    corpus = cases()
    assert len(corpus) >= 400
    assert len({c.family for c in corpus}) >= 30
    total = score(corpus, [launchgate_predict(c) for c in corpus])["ALL"]
    assert total.recall >= 0.95, total
    assert total.precision >= 0.95, total


def test_no_planted_secret_in_any_hit_text() -> None:
    """Findings are built from the note and the masked value only; neither may contain the
    secret."""
    from launchgate.redact import mask
    for c in cases():
        if not c.label:
            continue
        for h in engine.scan_bytes(c.path, c.text.encode(), engine.Options()):
            for text in (h.note, mask(h.value), h.rule, h.path):
                assert c.secret not in text
                assert h.value not in text
