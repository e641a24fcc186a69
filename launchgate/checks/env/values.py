"""Pure predicates on variable names and values: types, placeholders, secret-looking values,
localhost.

Nothing here returns or formats a value; callers get booleans and short explanations that never
quote it.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from urllib.parse import urlsplit

from launchgate.checks.env.envschema import VarSpec
from launchgate.checks.secrets.benign import counting
from launchgate.checks.secrets.detectors import LOW, line_candidates
from launchgate.checks.secrets.formats import LINE_DETECTORS

_BOOLS = frozenset({"true", "false", "1", "0", "yes", "no", "on", "off"})
_INT = re.compile(r"[+-]?\d+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
_PATH_SCHEMES = frozenset({"file", "sqlite", "sqlite3", "unix"})

EXPECT = {
    "int": "an integer", "float": "a number", "bool": "a boolean (true/false/1/0/yes/no/on/off)",
    "port": "a port number 1-65535", "url": "a URL with a scheme and host",
    "email": "an email address",
    "json": "valid JSON", "string": "a string", "enum": "one of its values",
}


def type_problem(spec: VarSpec, value: str) -> str | None:
    """Why ``value`` is not a valid ``spec.type`` (without quoting it), or None. Enum is checked
    separately."""
    if not _parses_as(spec.type, value.strip()):
        return f"is not {EXPECT.get(spec.type, spec.type)}"
    if spec.min_length is not None and len(value) < spec.min_length:
        return f"is shorter than min_length {spec.min_length} ({len(value)} chars)"
    return None


def _parses_as(typ: str, v: str) -> bool:
    match typ:
        case "int":
            return bool(_INT.fullmatch(v))
        case "float":
            return _is_float(v)
        case "bool":
            return v.lower() in _BOOLS
        case "port":
            return bool(_INT.fullmatch(v)) and 1 <= int(v) <= 65535
        case "url":
            return is_url(v)
        case "email":
            return bool(_EMAIL.fullmatch(v))
        case "json":
            return _is_json(v)
        case _:  # string, enum (checked against its values elsewhere), and any type the schema adds
            return True


def _is_float(v: str) -> bool:
    try:
        return math.isfinite(float(v))
    except ValueError:
        return False


def _is_json(v: str) -> bool:
    try:
        json.loads(v)
    except ValueError:
        return False
    return True


def is_url(v: str) -> bool:
    if not v or any(c.isspace() for c in v):
        return False
    try:
        parts = urlsplit(v)
    except ValueError:
        return False
    if not parts.scheme or not _SCHEME.fullmatch(parts.scheme) or "://" not in v:
        return False
    try:
        parts.port  # noqa: B018  (raises on a bad port)
    except ValueError:
        return False
    return bool(parts.hostname) or (parts.scheme.lower() in _PATH_SCHEMES and bool(parts.path))


# -- placeholders
# ----------------------------------------------------------------------------------------------
_PLACEHOLDER_WORDS = frozenset({
    "changeme", "change-me", "change_me", "changethis", "change-this", "todo", "tbd", "fixme",
    "placeholder",
    "replaceme", "replace-me", "replace_me", "secret", "password", "dummy", "example",
    "undefined", "...", "xxx",
})
_PLACEHOLDER_RES = (
    re.compile(r"^<[^<>]*>$"),                       # <your-key>
    re.compile(r"^\{\{.*\}\}$"),                     # {{ API_KEY }}
    re.compile(r"^\[[A-Za-z _-]+\]$"),               # [api key]
    re.compile(r"^(your|insert|enter|put)[-_ ].*", re.IGNORECASE),   # your-api-key-here
    re.compile(r"[-_ ]here$", re.IGNORECASE),
    re.compile(r"x{4,}", re.IGNORECASE),             # sk_live_xxxxxxxx
    re.compile(r"^\*+$"),
    re.compile(r"change[-_]?me|\b(todo|fixme)\b|replace[-_]?me", re.IGNORECASE),
    re.compile(r"(^|[/@.])example\.(com|org|net)\b", re.IGNORECASE),
    # a value that says what it is: example2password, swarm2replace2secret, dummy-token, fake_key
    re.compile(r"example|sample|dummy|fake|placeholder|replace|notreal|not[-_]real", re.IGNORECASE),
)


def is_placeholder(value: str) -> bool:
    v = value.strip().strip("'\"")
    if not v:
        return False
    if v.lower() in _PLACEHOLDER_WORDS or counting(v):
        return True
    return any(r.search(v) for r in _PLACEHOLDER_RES)


# -- secrets
# --------------------------------------------------------------------------------------------------
_SECRET_VALUE_RES = (
    re.compile(r"^(sk|rk)_(live|test)_[A-Za-z0-9]{10,}"),
    re.compile(r"^whsec_[A-Za-z0-9+/=]{10,}"),
    re.compile(r"^(ghp|gho|ghs|ghu|ghr)_[A-Za-z0-9]{20,}|^github_pat_[A-Za-z0-9_]{20,}"),
    re.compile(r"^xox[abposr]-[A-Za-z0-9-]{10,}"),
    re.compile(r"^(AKIA|ASIA)[0-9A-Z]{16}$"),
    re.compile(r"^AIza[0-9A-Za-z_-]{35}$"),
    re.compile(r"^SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}$"),
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    re.compile(r"^eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+$"),  # JWT
)
_SECRET_NAME = re.compile(
    r"(SECRET|PASSWORD|PASSWD|PASSPHRASE|PRIVATE|TOKEN|API_?KEY|ACCESS_?KEY|AUTH_?KEY|CREDENTIAL|SERVICE_ROLE|SIGNING_?KEY|ENCRYPTION_?KEY|WEBHOOK_?KEY)",
    re.IGNORECASE,
)
# Public by design: shipped to browsers on purpose by their vendors.
_PUBLIC_NAME = re.compile(
    r"(ANON_?KEY|PUBLISHABLE|PUBLIC_?KEY|SITE_?KEY|FIREBASE_API_KEY|MEASUREMENT_ID|SENTRY_DSN|POSTHOG_KEY|ALGOLIA_SEARCH_KEY|SEARCH_ONLY|MAPBOX_(ACCESS_)?TOKEN)",
    re.IGNORECASE,
)
_PUBLIC_VALUE = re.compile(r"^(pk_(live|test)_|pk\.[A-Za-z0-9]|phc_)")
_ENCRYPTED = re.compile(r"^encrypted:")


def is_encrypted(value: str) -> bool:
    return bool(_ENCRYPTED.match(value.strip()))


def url_has_credentials(value: str) -> bool:
    """A URL with a non-empty password (``scheme://user:pass@host``) that is not a placeholder or a
    reference."""
    v = value.strip()
    if "://" not in v or "@" not in v:
        return False
    try:
        pw = urlsplit(v).password
    except ValueError:
        return False
    return bool(pw) and not is_placeholder(pw or "") and "${" not in (pw or "")


def public_by_design(name: str, value: str | None) -> bool:
    return bool(_PUBLIC_NAME.search(name)) or (value is not None
                                               and bool(_PUBLIC_VALUE.match(value.strip())))


def looks_secret_value(value: str) -> bool:
    v = value.strip()
    return any(r.search(v) for r in _SECRET_VALUE_RES) or url_has_credentials(v)


def secret_name(name: str) -> bool:
    return bool(_SECRET_NAME.search(name)) and not _PUBLIC_NAME.search(name)


def is_real_value(value: str) -> bool:
    """A value that is neither empty, a placeholder, a reference (``${X}``) nor
    dotenvx-encrypted."""
    v = value.strip()
    return bool(v) and not is_placeholder(v) and "${" not in v and not is_encrypted(v)


_SECRET_QUERY = re.compile(
    r"[?&](password|passwd|pwd|token|secret|key|api_key|access_token|sig)=[^&]", re.IGNORECASE
)


def secret_value(spec: VarSpec | None, name: str, value: str) -> bool:
    """Whether ``value`` of ``name`` is a real secret: the schema says so, or the name/value looks
    like one.

    A URL is secret only through its credentials (password, token in the query):
    ``sqlite:///dev.db`` or ``postgres://db.internal/app`` with peer/IAM auth hold nothing to leak,
    even under a secret name.
    """
    if not is_real_value(value):
        return False
    if is_url(value.strip()) and not url_has_credentials(value) and not _SECRET_QUERY.search(value):
        return False
    if spec is not None and spec.secret is not None:
        return spec.secret
    if public_by_design(name, value):
        return False
    if looks_secret_value(value):
        return True
    return secret_name(name) and random_looking(value.strip())


# Vendor credential formats the secrets family knows (its judgement detectors, generic passwords and
# URL credentials, are not shapes). Google API keys are browser keys by design (Maps, Firebase),
# restricted by referrer, so under a client prefix they are expected.
_SHAPES = frozenset(d.rule for d in LINE_DETECTORS) - {"secrets.google-api-key"}
_JWT_SHAPES = frozenset({"secrets.supabase-service-role-key"})  # what a JWT may be classified as


def secret_shape(name: str, value: str, path: str) -> str | None:
    """The secrets family's rule id for the vendor credential format ``value`` has (an OpenAI
    ``sk-proj-`` key, a Stripe ``sk_live_`` key, a service-role JWT), or None. A candidate the
    detectors themselves downgrade (a test-mode key, a bad checksum, a demo key) is no shape."""
    v = value.strip()
    if not is_real_value(v):
        return None
    for cand in line_candidates(f"{name}={v}", path):
        if cand.start > len(name) and cand.rule in _SHAPES | _JWT_SHAPES and cand.severity != LOW:
            return cand.rule
    return None


def random_looking(v: str) -> bool:
    """Long enough, no spaces, and mixed like a generated credential (not `X-CSRF-Token`, `3600`,
    `github`)."""
    if len(v) < 16 or any(c.isspace() for c in v) or v.isdigit() or not any(c.isdigit() for c in v):
        # generated credentials of 16+ chars (hex, base64, base62) virtually always hold a digit
        return False
    if not any(c.isalpha() for c in v):
        return False
    counts = Counter(v)
    entropy = -sum(n / len(v) * math.log2(n / len(v)) for n in counts.values())
    return entropy >= 3.0


_LOCALHOST = re.compile(r"(?<![\w.-])(localhost|127(\.\d{1,3}){3}|0\.0\.0\.0|\[::1\]|::1)(?![\w-])",
                        re.IGNORECASE)


def mentions_localhost(value: str) -> bool:
    return bool(_LOCALHOST.search(value))


def dev_stack_url(value: str) -> bool:
    """A URL whose credentials only work on a throw-away stack: its host is loopback, a
    documentation range or reserved name (RFC 5737, ``.example``, ``.invalid``, ``.test``), or a
    single-label compose service or CI service container (``postgres``, ``teable-db``), or its
    password is its user name (``postgres:postgres``). Meant for templates, where a deployed host
    would have a dot in it."""
    v = value.strip()
    if "://" not in v or "@" not in v:
        return False
    try:
        parts = urlsplit(v)
        host, user, pw = parts.hostname or "", parts.username, parts.password
    except ValueError:
        return False
    return bool(_DEV_HOST.match(host)) or (bool(pw) and pw == user)


_DEV_HOST = re.compile(
    r"^(?:[a-z][a-z0-9_-]{0,62}|127(?:\.\d{1,3}){3}|0\.0\.0\.0|::1|2001:db8:[0-9a-f:]*|192\.0\.2\.\d{1,3}|198\.51\.100\.\d{1,3}|203\.0\.113\.\d{1,3}|[\w.-]*\.(?:local|test|example|invalid|localhost)|(?:[\w-]+\.)*example\.(?:com|org|net))$",
    re.IGNORECASE,
)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_UPPER_SNAKE = re.compile(r"[A-Z_][A-Z0-9_]*")


def display_name(key: str) -> str | None:
    """``key`` when it can be shown in a message; None when the "name" is likely a pasted secret (a
    bare ``sk_live_...`` line parses as a key without value)."""
    if len(key) > 80 or looks_secret_value(key) or (is_placeholder(key) and "<" in key):
        return None
    if _UPPER_SNAKE.fullmatch(key):
        return key
    if random_looking(key) or not _NAME.fullmatch(key.replace("-", "_").replace(".", "_")):
        return None
    return key
