"""Vendor token formats, written from each vendor's documentation: prefixes, lengths, alphabets,
checksums.

Each ``Detector`` is a regex plus the substrings a line must contain for it to be worth trying, and
a validator that rejects benign look-alikes (``benign.py``) or downgrades a value (a GitHub token
whose checksum does not match, a test-mode key). ``Candidate`` is what every detector yields; the
raw value never leaves the engine unmasked.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace

from launchgate.checks.secrets import benign

LOW = "low"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A value a detector believes is a secret. ``start`` is its offset in the scanned line."""

    rule: str
    value: str
    start: int
    note: str = ""
    # "low": downgraded (test key, bad checksum); None: the rule's default
    severity: str | None = None


# (value, line, path) -> (note, sev) | None
Validator = Callable[[str, str, str], "tuple[str, str | None] | None"]


@dataclass(frozen=True, slots=True)
class Detector:
    """A regex for one documented format. ``triggers``: substrings one of which the line must
    contain (checked lower-cased when ``fold``), so most detectors cost one ``in`` test per line."""

    rule: str
    triggers: tuple[str, ...]
    pattern: re.Pattern[str]
    validate: Validator | None = None
    group: int = 1
    fold: bool = False


def _ok(note: str = "", sev: str | None = None) -> tuple[str, str | None]:
    return note, sev


# -- checksums and decoders
# ----------------------------------------------------------------------------------
_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def base62(n: int, width: int = 6) -> str:
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = _B62[r] + out
    return out.rjust(width, "0")


def github_checksum_ok(token: str) -> bool:
    """GitHub's documented token format: 30 random base62 characters then a 6-character base62 CRC32
    of them."""
    body = token.split("_", 1)[1]
    return len(body) == 36 and base62(zlib.crc32(body[:30].encode())) == body[30:]


def jwt_payload(token: str) -> dict[str, object] | None:
    """The decoded payload (claims) of a JWT, or None when it is not one."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        raw = base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4))
        claims = json.loads(raw)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    return claims if isinstance(claims, dict) else None


_SENSITIVE_ROLES = {"admin", "administrator", "superuser", "root", "owner", "service_role",
                    "service", "system"}


def classify_jwt(token: str) -> tuple[str, str, str | None] | None:
    """(rule, note, severity) for a JWT, or None when it is public by design (Supabase anon key,
    jwt.io sample)."""
    claims = jwt_payload(token)
    if claims is None:
        return None
    role = str(claims.get("role", "")).lower()
    if role == "anon" or (claims.get("sub") == "1234567890" and claims.get("name") == "John Doe"):
        return None
    # the Supabase CLI's published local keys
    if str(claims.get("iss", "")).lower() == "supabase-demo":
        return (("secrets.supabase-service-role-key" if role == "service_role"
                 else "secrets.jwt-token"),
                "the Supabase CLI's public local-development key (iss: supabase-demo)", LOW)
    if role == "service_role":
        return "secrets.supabase-service-role-key", ("JWT with role=service_role (bypasses "
                                                     "row-level security)"), None
    scopes = " ".join(str(claims.get(k, ""))
                      for k in ("scope", "scp", "permissions", "roles")).lower()
    sensitive = [f"role={role}"] if role in _SENSITIVE_ROLES else []
    if claims.get("admin") is True or claims.get("is_admin") is True:
        sensitive.append("admin=true")
    if re.search(r"admin|write|delete|\*|all", scopes):
        sensitive.append("privileged scope")
    if "exp" not in claims and ("sub" in claims or "iss" in claims):
        sensitive.append("no expiry")
    if sensitive:
        return "secrets.jwt-token", "JWT with sensitive claims: " + ", ".join(sensitive), None
    return "secrets.jwt-token", "JWT (no sensitive claims)", LOW


# -- validators
# ----------------------------------------------------------------------------------------------
_PAYSTACK = re.compile(r"^sk_(?:live|test)_[a-f0-9]{40}$")


def _not_benign(value: str, line: str, path: str) -> tuple[str, str | None] | None:
    return None if benign.is_benign_value(value) else _ok()


def _github(value: str, line: str, path: str) -> tuple[str, str | None] | None:
    if benign.is_benign_value(value):
        return None
    if value.startswith("github_pat_"):
        return _ok("fine-grained personal access token")
    if github_checksum_ok(value):
        return _ok("checksum valid")
    return _ok("checksum does not match: likely fake or truncated", LOW)


def b64_json(text: str) -> dict[str, object] | None:
    """The JSON object a base64 (or base64url) text encodes, or None (a cut-off copy does not
    decode, or decodes to no complete document)."""
    try:
        raw = base64.urlsafe_b64decode(text.replace("+", "-").replace("/", "_")
                                       + "=" * (-len(text) % 4))
        doc = json.loads(raw)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    return doc if isinstance(doc, dict) else None


def _json_token(prefix: str, *keys: str) -> Validator:
    """Tokens whose body is a base64 JSON document (Sentry's org tokens, 1Password's service
    account tokens): reported when it decodes to one holding ``keys``; a truncated copy does not."""

    def check(value: str, line: str, path: str) -> tuple[str, str | None] | None:
        body = value[len(prefix):]
        if prefix == "sntrys_":
            body = body.rsplit("_", 1)[0]  # <base64 JSON>_<secret>
        doc = b64_json(body)
        if benign.is_benign_value(value) or doc is None or not all(k in doc for k in keys):
            return None
        return _ok()

    return check


def _npm(value: str, line: str, path: str) -> tuple[str, str | None] | None:
    """npm's granular and automation tokens carry GitHub's checksum: 30 base62 characters then
    their CRC32 in 6 base62 digits."""
    if benign.is_benign_value(value):
        return None
    if github_checksum_ok(value):
        return _ok("checksum valid")
    return _ok("checksum does not match: likely fake or truncated", LOW)


def _stripe(value: str, line: str, path: str) -> tuple[str, str | None] | None:
    if benign.is_benign_value(value):
        return None
    if "paystack" in line.lower() and not _PAYSTACK.match(value):
        return None  # Paystack issues 40 lower-case hex: anything else is a cut or mistyped copy
    if "clerk" in line.lower() and not 40 <= len(value.split("_", 2)[2]) <= 60:
        return None  # vendors-b: Clerk's secret keys are 40-60 characters: a cut copy
    kind = "restricted key" if value.startswith("rk_") else "secret key"
    if "_test_" in value:
        return _ok(f"test-mode {kind}", LOW)
    return _ok(f"live {kind}")


def _with_context(words: str) -> Validator:
    ctx = re.compile(words, re.IGNORECASE)

    def check(value: str, line: str, path: str) -> tuple[str, str | None] | None:
        if benign.is_benign_value(value) or not ctx.search(line):
            return None
        return _ok()

    return check


def _aws_secret(value: str, line: str, path: str) -> tuple[str, str | None] | None:
    if (
        benign.is_benign_value(value)
        or benign.char_classes(value) < 3
        or benign.shannon(value) < 3.5
    ):
        return None
    return _ok()


def _azure_key(value: str, line: str, path: str) -> tuple[str, str | None] | None:
    if benign.is_benign_value(value):
        return None
    # Azurite's well-known account key, published in Microsoft's docs
    if "devstoreaccount1" in line:
        return _ok("the Azurite storage emulator's published development key", LOW)
    return _ok()


def _mixed(value: str, line: str, path: str) -> tuple[str, str | None] | None:
    return None if benign.is_benign_value(value) or benign.char_classes(value) < 2 else _ok()


def _jwt(value: str, line: str, path: str) -> tuple[str, str | None] | None:
    if benign.is_benign_value(value):
        return None
    got = classify_jwt(value)
    return None if got is None else _ok(got[1], got[2])


_HEX32 = r"[0-9a-f]{32}"
LINE_DETECTORS: tuple[Detector, ...] = (
    Detector(
        "secrets.aws-access-key",
        ("AKIA", "ASIA"),
        re.compile(r"(?<![A-Za-z0-9])((?:AKIA|ASIA)[A-Z0-9]{16})(?![A-Za-z0-9])"),
        _not_benign,
    ),
    Detector(
        "secrets.aws-secret-key",
        ("secret",),
        re.compile(
            r"(?i)(?:secret[_-]?(?:access[_-]?)?key|aws.{0,20}secret)[\"']?\s{0,5}[:=>,]{1,2}\s{0,5}[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"
        ),
        _aws_secret,
    ),
    Detector(
        "secrets.github-token",
        ("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
        re.compile(r"(?<![A-Za-z0-9_])(gh[pousr]_[A-Za-z0-9]{36})(?![A-Za-z0-9_])"),
        _github,
    ),
    Detector(
        "secrets.github-token",
        ("github_pat_",),
        re.compile(
            r"(?<![A-Za-z0-9_])(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})(?![A-Za-z0-9_])"
        ),
        _github,
    ),
    Detector(
        "secrets.gitlab-token",
        (
            "glpat-",
            "gldt-",
            "glrt-",
            "glptt-",
            "glcbt-",
            "gloas-",
            "glsoat-",
            "glffct-",
            "glimt-",
            "glagent-",
            "glft-",
        ),
        # GitLab's documented shapes: 20 characters (legacy), or the routable form <27+>.<2>.<7-9>;
        # pipeline-trigger and OAuth secrets are hex of a fixed length
        re.compile(
            r"(?<![A-Za-z0-9_-])((?:gl(?:pat|dt|rt|soat|ffct|imt"
            r"|ft)-(?:[A-Za-z0-9_\-]{27,300}\.[0-9a-z]{2}"
            r"\.[0-9a-z]{7,9}|[A-Za-z0-9_\-]{20,25}(?![A-Za-z0-9_\-.]))|glptt-[a-f0-9]{40}"
            r"|gloas-[a-f0-9]{64}"
            r"|glagent-[A-Za-z0-9_\-]{50,}"
            r"|glcbt-[0-9a-f]{1,5}_[A-Za-z0-9_\-]{20}))(?![A-Za-z0-9_\-])"
        ),
        _not_benign,
    ),
    Detector(
        "secrets.npm-token",
        ("npm_",),
        re.compile(r"(?<![A-Za-z0-9_])(npm_[A-Za-z0-9]{36})(?![A-Za-z0-9_])"),
        _npm,
    ),
    Detector(
        "secrets.pypi-token",
        ("pypi-",),
        # a macaroon: location, identifier, caveats and 32-byte signature are 125+ bytes, so
        # 150+ base64 characters after the location; under 130 is a cut-off copy
        re.compile(r"(pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_\-]{130,})"),
        _not_benign,
    ),
    Detector(
        "secrets.dockerhub-token",
        ("dckr_",),
        re.compile(r"(?<![A-Za-z0-9_])(dckr_pat_[A-Za-z0-9_\-]{27}|dckr_oat_[A-Za-z0-9_\-]{27,40})"
                   r"(?![A-Za-z0-9_\-])"),
        _not_benign,
    ),
    Detector(
        "secrets.stripe-secret-key",
        ("sk_", "rk_"),
        # the issued lengths: Stripe's legacy 24-34 and current 99+ characters, 40-60 (Clerk's
        # secret keys, Paystack's 40 hex); a body of 35-39 or 61-98 is a cut-off copy, not a key
        re.compile(
            r"(?<![A-Za-z0-9_])((?:sk|rk)_(?:live|test)_(?:[A-Za-z0-9]{24,34}|[A-Za-z0-9]{40,60}"
            r"|[A-Za-z0-9]{99,247}))(?![A-Za-z0-9_])"
        ),
        _stripe,
    ),
    Detector(
        "secrets.stripe-webhook-secret",
        ("whsec_",),
        re.compile(r"(?<![A-Za-z0-9_])(whsec_[A-Za-z0-9+/=]{32,})"),
        _not_benign,
    ),
    Detector(
        "secrets.twilio-key",
        ("SK",),
        re.compile(r"(?<![A-Za-z0-9])(SK[0-9a-fA-F]{32})(?![A-Za-z0-9])"),
        _not_benign,
    ),
    Detector(
        "secrets.twilio-key",
        ("twilio",),
        re.compile(
            r"(?i)twilio.{0,40}?(?:auth|token|secret).{0,10}?[\s\"':=]{1,5}(" + _HEX32 + r")\b"
        ),
        _not_benign,
    ),
    Detector(
        "secrets.sendgrid-key",
        ("SG.",),
        re.compile(
            r"(?<![A-Za-z0-9_])(SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43})(?![A-Za-z0-9_\-])"
        ),
        _not_benign,
    ),
    Detector(
        "secrets.mailgun-key",
        ("key-",),
        re.compile(r"(?<![A-Za-z0-9_])(key-[0-9a-f]{32})(?![0-9a-f])"),
        _not_benign,
    ),
    Detector(
        "secrets.mailgun-key",
        ("mailgun",),
        re.compile(r"(?<![0-9a-f])([0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8})(?![0-9a-f])"),
        _with_context("mailgun"),
    ),
    Detector(
        "secrets.postmark-token",
        ("postmark",),
        re.compile(
            r"(?<![0-9a-f-])([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![0-9a-f-])"
        ),
        _with_context(r"postmark"),
    ),
    Detector(
        "secrets.resend-key",
        ("re_",),
        re.compile(r"(?<![A-Za-z0-9_])(re_[A-Za-z0-9]{8}_[A-Za-z0-9]{24})(?![A-Za-z0-9_])"),
        _not_benign,
    ),
    Detector(
        "secrets.slack-token",
        ("xox",),
        # bot and user tokens have documented segment shapes; the other kinds keep the looser form
        re.compile(
            r"(?<![A-Za-z0-9_])(xoxb-\d{10,13}-\d{10,13}-[A-Za-z0-9]{24}"
            r"|xoxp-\d{10,13}-\d{10,13}-\d{10,13}"
            r"-[a-f0-9]{32}|(?:xox[aosre]"
            r"|xoxe\.xox[bp])-(?:\d+-)+[A-Za-z0-9\-]{10,})(?![A-Za-z0-9\-])"
        ),
        _not_benign,
    ),
    Detector(
        "secrets.slack-token",
        ("xapp-",),
        # app-level tokens: xapp-<version>-<app id A...>-<13-digit id>-<64 hex>
        re.compile(
            r"(?<![A-Za-z0-9_])(xapp-\d-A[A-Z0-9]{8,12}-\d{10,13}-[a-f0-9]{64})(?![A-Za-z0-9_])"
        ),
        _not_benign,
    ),
    Detector(
        "secrets.slack-webhook",
        ("hooks.slack.com",),
        re.compile(
            r"(https://hooks\.slack\.com/(?:services/T[A-Z0-9]{8,12}/B[A-Z0-9]{8,12}/"
            r"[A-Za-z0-9]{24}"
            r"|(?:workflows|triggers)/T[A-Z0-9]+/[A-Za-z0-9_/]{16,}))(?![A-Za-z0-9])"
        ),
        _not_benign,
    ),
    Detector(
        "secrets.openai-key",
        ("sk-",),
        # project, service-account and admin keys carry the T3BlbkFJ marker between two long halves
        re.compile(
            r"(?<![A-Za-z0-9_])(sk-(?:proj|svcacct|admin"
            r"|None)-[A-Za-z0-9_\-]{58,100}T3BlbkFJ"
            r"[A-Za-z0-9_\-]{58,100}|sk-(?:proj|svcacct|admin"
            r"|None)-[A-Za-z0-9_\-]{120,})(?![A-Za-z0-9_\-])"
        ),
        _not_benign,
    ),
    Detector(
        "secrets.openai-key",
        ("sk-",),
        re.compile(r"(?<![A-Za-z0-9_])(sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})(?![A-Za-z0-9_])"),
        _not_benign,
    ),
    Detector(
        "secrets.anthropic-key",
        ("sk-ant-",),
        re.compile(
            # 95 characters after the kind and version, the last two AA
            r"(?<![A-Za-z0-9_])(sk-ant-(?:api|admin|oat)\d{2}-[A-Za-z0-9_\-]{93}AA)"
            r"(?![A-Za-z0-9_\-])"
        ),
        _not_benign,
    ),
    Detector(
        "secrets.supabase-service-role-key",
        ("sb_secret_",),
        # 22 random characters, "_", an 8-character checksum (the sb_publishable_ shape)
        re.compile(r"(?<![A-Za-z0-9_])(sb_secret_[A-Za-z0-9_\-]{31})(?![A-Za-z0-9_\-])"),
        _not_benign,
    ),
    Detector(
        "secrets.shopify-token",
        ("shp",),
        re.compile(r"(?<![A-Za-z0-9_])(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})(?![0-9a-f])"),
        _not_benign,
    ),
    Detector(
        "secrets.vercel-token",
        ("vercel",),
        re.compile(
            r"(?i)vercel.{0,30}?(?:token|key|secret).{0,10}?[\s\"':=]{1,5}([A-Za-z0-9]{24})(?![A-Za-z0-9])"
        ),
        _mixed,
    ),
    Detector(
        "secrets.azure-storage-key",
        ("accountkey", "sharedaccesskey"),
        re.compile(
            r"(?i)(?:AccountKey|SharedAccessKey)\s{0,3}=\s{0,3}([A-Za-z0-9+/]{86}=="
            r"|[A-Za-z0-9+/]{43}=)"
            r"(?![A-Za-z0-9+/=])"
        ),
        _azure_key,
    ),
    Detector(
        "secrets.jwt-token",
        ("eyJ",),
        re.compile(
            r"(?<![A-Za-z0-9_\-])(eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{16,})"
        ),
        _jwt,
    ),
)


def _prefixed(rule: str, trigger: str, body: str) -> Detector:
    """A token that starts with a documented vendor prefix: ``trigger`` then ``body`` (regex),
    word-bounded."""
    return Detector(rule, (trigger,),
                    re.compile(rf"(?<![A-Za-z0-9_])({re.escape(trigger)}{body})(?![A-Za-z0-9_\-])"),
                    _not_benign)


_CLIENT_SIDE = re.compile(
    r"firebase|authdomain|next_public_|vite_|react_app_|expo_public_|nuxt_public_|public_|gatsby_|vue_app_|maps|places|browser|client",
    re.IGNORECASE,
)


def _google_api_key(value: str, line: str, path: str) -> tuple[str, str | None] | None:
    """``AIza…`` keys: Firebase web and Maps keys are public by design (restricted by referrer); a
    key next to a Gemini / generative-language / server-side name is a billed secret."""
    if benign.is_benign_value(value) or _CLIENT_SIDE.search(line) or _CLIENT_SIDE.search(path):
        return None
    return _ok("Google API key in a server-side context")


LINE_DETECTORS += (
    _prefixed("secrets.huggingface-token", "hf_", r"[A-Za-z0-9]{34}"),
    _prefixed("secrets.replicate-token", "r8_", r"[A-Za-z0-9]{37}"),
    _prefixed("secrets.groq-key", "gsk_", r"[A-Za-z0-9]{52}"),
    # <base64 JSON of the user and token id>.<22-character signature>
    _prefixed("secrets.mapbox-secret-token", "sk.eyJ", r"[A-Za-z0-9_\-]{20,}\.[A-Za-z0-9_\-]{22}"),
    _prefixed("secrets.digitalocean-token", "dop_v1_", r"[a-f0-9]{64}"),
    _prefixed("secrets.digitalocean-token", "doo_v1_", r"[a-f0-9]{64}"),
    _prefixed("secrets.linear-key", "lin_api_", r"[A-Za-z0-9]{40}"),
    _prefixed("secrets.notion-token", "secret_", r"[A-Za-z0-9]{43}"),
    _prefixed("secrets.notion-token", "ntn_", r"[A-Za-z0-9]{46}"),
    # org tokens: sntrys_<base64 JSON of iat, url, region_url, org>_<secret>
    Detector("secrets.sentry-token", ("sntrys_",),
             re.compile(r"(?<![A-Za-z0-9_])(sntrys_eyJ[A-Za-z0-9_\-+/]{40,}={0,2}_[A-Za-z0-9+/]{43})"
                        r"(?![A-Za-z0-9+/])"),
             _json_token("sntrys_", "iat", "org")),
    _prefixed("secrets.sentry-token", "sntryu_", r"[a-f0-9]{64}"),
    _prefixed("secrets.newrelic-key", "NRAK-", r"[A-Z0-9]{27}"),
    _prefixed("secrets.postman-key", "PMAK-", r"[a-f0-9]{24}-[a-f0-9]{34}"),
    _prefixed("secrets.vault-token", "hvs.", r"[A-Za-z0-9_\-]{90,}"),
    _prefixed("secrets.age-secret-key", "AGE-SECRET-KEY-1", r"[0-9A-Z]{58}"),
    _prefixed("secrets.atlassian-token", "ATATT3", r"[A-Za-z0-9_\-=]{150,}"),
    _prefixed("secrets.square-token", "EAAA", r"[A-Za-z0-9_\-]{60}"),
    _prefixed("secrets.square-token", "sq0atp-", r"[A-Za-z0-9_\-]{22}"),
    _prefixed("secrets.netlify-token", "nfp_", r"[A-Za-z0-9]{36}"),
    _prefixed("secrets.pulumi-token", "pul-", r"[a-f0-9]{40}"),
    _prefixed("secrets.doppler-token", "dp.pt.", r"[A-Za-z0-9]{43}"),
    _prefixed("secrets.grafana-token", "glsa_", r"[A-Za-z0-9]{32}_[a-f0-9]{8}"),
    # base64 of a JSON document holding the org id, token name, a 32-character key and the region:
    # never under 100 characters
    _prefixed("secrets.grafana-token", "glc_", r"[A-Za-z0-9+/]{100,}={0,2}"),
    _prefixed("secrets.planetscale-token", "pscale_pw_", r"[A-Za-z0-9_\-.]{32,64}"),
    _prefixed("secrets.planetscale-token", "pscale_tkn_", r"[A-Za-z0-9_\-.]{32,64}"),
    _prefixed("secrets.pinecone-key", "pcsk_", r"[A-Za-z0-9]{4,8}_[A-Za-z0-9]{60,70}"),
    _prefixed("secrets.airtable-token", "pat", r"[A-Za-z0-9]{14}\.[a-f0-9]{64}"),
    _prefixed("secrets.braintree-token", "access_token$production$", r"[a-z0-9]{16}\$[a-f0-9]{32}"),
    _prefixed("secrets.google-oauth-secret", "GOCSPX-", r"[A-Za-z0-9_\-]{28}"),
    Detector(
        "secrets.google-api-key",
        ("AIza",),
        re.compile(r"(?<![A-Za-z0-9_])(AIza[0-9A-Za-z_\-]{35})(?![A-Za-z0-9_\-])"),
        _google_api_key,
    ),
    Detector(
        "secrets.discord-webhook",
        ("discord",),
        re.compile(
            r"(https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d{5,}/[A-Za-z0-9_\-]{50,})"
        ),
        _not_benign,
    ),
    Detector(
        "secrets.azure-storage-key",
        ("sig=",),
        re.compile(
            r"[?&;]sv=\d{4}-\d\d-\d\d[^\s\"']{0,300}?[?&;]sig=([A-Za-z0-9%+/]{30,}(?:%3D|=){0,2})"
        ),
        _not_benign,
    ),
)


LINE_DETECTORS = tuple(replace(d, fold=all(t.isalpha() and t.islower() for t in d.triggers))
                       for d in LINE_DETECTORS)

def clerk_rule(line: str, value: str) -> str:
    """Clerk and Paystack secret keys share Stripe's ``sk_live_`` prefix: the surrounding name
    tells Clerk's apart, the body Paystack's (40 lower-case hex, a body Stripe never issues)."""
    if not value.startswith("sk_"):
        return ""
    low = line.lower()
    if "clerk" in low:
        return "secrets.clerk-secret-key"
    if "paystack" in low or _PAYSTACK.match(value):
        return "secrets.paystack-secret-key"
    return ""

