"""launchgate's own detectors, written from each vendor's documented token format.

A detector looks at one line (or a window of a very long line) and yields ``Candidate``s: the rule id, the raw
value (which never leaves the engine except hashed or masked), and a note for the message. Benign look-alikes
are rejected here with the recognisers of ``benign.py``. Multi-line formats (PEM blocks, service-account JSON)
are ``file_detectors`` that see the whole text.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import unquote

from launchgate.checks.secrets import benign

LOW = "low"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A value a detector believes is a secret. ``start`` is its offset in the scanned line."""

    rule: str
    value: str
    start: int
    note: str = ""
    severity: str | None = None  # "low": downgraded (test key, bad checksum); None: the rule's default


Validator = Callable[[str, str, str], "tuple[str, str | None] | None"]  # (value, line, path) -> (note, sev) | None


@dataclass(frozen=True, slots=True)
class Detector:
    """A regex for one documented format. ``triggers``: substrings one of which the line must contain (checked
    lower-cased when ``fold``), so most detectors cost one ``in`` test per line."""

    rule: str
    triggers: tuple[str, ...]
    pattern: re.Pattern[str]
    validate: Validator | None = None
    group: int = 1
    fold: bool = False


def _ok(note: str = "", sev: str | None = None) -> tuple[str, str | None]:
    return note, sev


# -- checksums and decoders ----------------------------------------------------------------------------------
_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def base62(n: int, width: int = 6) -> str:
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = _B62[r] + out
    return out.rjust(width, "0")


def github_checksum_ok(token: str) -> bool:
    """GitHub's documented token format: 30 random base62 characters then a 6-character base62 CRC32 of them."""
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


_SENSITIVE_ROLES = {"admin", "administrator", "superuser", "root", "owner", "service_role", "service", "system"}


def classify_jwt(token: str) -> tuple[str, str, str | None] | None:
    """(rule, note, severity) for a JWT, or None when it is public by design (Supabase anon key, jwt.io sample)."""
    claims = jwt_payload(token)
    if claims is None:
        return None
    role = str(claims.get("role", "")).lower()
    if role == "anon" or (claims.get("sub") == "1234567890" and claims.get("name") == "John Doe"):
        return None
    if role == "service_role":
        return "secrets.supabase-service-role-key", "JWT with role=service_role (bypasses row-level security)", None
    scopes = " ".join(str(claims.get(k, "")) for k in ("scope", "scp", "permissions", "roles")).lower()
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


# -- validators ----------------------------------------------------------------------------------------------
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


def _stripe(value: str, line: str, path: str) -> tuple[str, str | None] | None:
    if benign.is_benign_value(value):
        return None
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
    if benign.is_benign_value(value) or benign.char_classes(value) < 3 or benign.shannon(value) < 3.5:
        return None
    return _ok()


def _mixed(value: str, line: str, path: str) -> tuple[str, str | None] | None:
    return None if benign.is_benign_value(value) or benign.char_classes(value) < 2 else _ok()


def _jwt(value: str, line: str, path: str) -> tuple[str, str | None] | None:
    if benign.is_benign_value(value):
        return None
    got = classify_jwt(value)
    return None if got is None else _ok(got[1], got[2])


_LOCAL_HOSTS = re.compile(
    r"^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[?::1\]?|db|postgres|mysql|redis|mongo"
    r"|rabbitmq|host\.docker\.internal|[\w.-]*\.(?:local|test|example|invalid|localhost)"
    r"|example\.(?:com|org|net))$",
    re.IGNORECASE,
)
_URL_RE = re.compile(
    r"(?P<scheme>[a-z][a-z0-9+.-]{1,20})://(?P<user>[^:@/\s\"'<>`,]{0,100}):"
    r"(?P<pw>[^@/:,\s\"'<>`]{3,200})@(?P<host>[^/\s\"'<>:?#`]{1,200})",
    re.IGNORECASE,
)
_DB_SCHEMES = re.compile(
    r"^(?:postgres(?:ql)?|mysql|mariadb|mongodb|mongodb\+srv|redis|rediss|amqps?|mssql"
    r"|sqlserver|clickhouse|cockroachdb|oracle|couchdb|neo4j|neo4j\+s|nats|memcached|kafka"
    r"|jdbc:[a-z]+|[a-z]+\+(?:asyncpg|psycopg2?|pymysql|mysqldb|aiomysql|asyncmy|pg8000))$",
    re.IGNORECASE,
)


def url_candidates(line: str) -> Iterator[Candidate]:
    """Passwords embedded in URLs: ``postgres://app:s3cr3t@db.prod/...`` (database/broker) or any other scheme."""
    for m in _URL_RE.finditer(line):
        pw, host, scheme = m.group("pw"), m.group("host"), m.group("scheme").lower()
        plain = unquote(pw)
        if plain != pw and (any(c.isspace() for c in plain) or _WORDY.search(plain)):
            continue  # "a%20secret": percent-encoded prose in a docs example
        if benign.is_placeholder(pw) or benign.is_example(pw) or pw.startswith(("$", "%", "{")) or pw == m["user"]:
            continue
        if scheme.startswith("jdbc") or _DB_SCHEMES.match(scheme):
            rule = "secrets.database-url-password"
        elif scheme in ("http", "https", "ftp", "ftps", "sftp", "ssh", "git", "smtp", "smtps", "ldap", "ldaps"):
            rule = "secrets.url-password"
        else:
            continue
        local = bool(_LOCAL_HOSTS.match(host.rsplit("@", 1)[-1]))
        if local and rule == "secrets.url-password":
            continue
        yield Candidate(
            rule=rule,
            value=pw,
            start=m.start("pw"),
            note=f"{scheme} URL with an embedded password for host {host}",
            severity=LOW if local else None,
        )


# The generic assignment: a key containing a secret word, an assignment, a value. The keyword is found first
# (a plain alternation), the key widened by hand, and the value matched anchored: no regex scans a line from
# every position. The value is judged by benign.is_benign_generic and benign.strong_enough.
_SECRET_WORD = re.compile(
    r"password|passwd|passphrase|pwd|secret|api[_-]?key|apikey|access[_-]?key|auth[_-]?key"
    r"|token|bearer|private[_-]?key|credential|(?<![a-z])pass(?![a-z])|(?<![a-z])pw(?![a-z])"
    r"|(?:encryption|signing|master|jwt|hmac|session|app|cookie)[_-]?key",
    re.IGNORECASE,
)
_ASSIGN_VALUE = re.compile(
    r"[\"']?\s{0,5}(?::=|=>|=|:)\s{0,5}(?P<q>[\"'`]?)(?P<val>[^\s\"'`,;&)(\]\[}{<>]{6,256})(?P=q)"
    r"(?![^\s\"'`,;&)\]}>])"
)
_WORDS = ("password", "passwd", "passphrase", "pwd", "secret", "api_key", "api-key", "apikey", "access_key",
          "access-key", "accesskey", "auth_key", "auth-key", "authkey", "auth_token", "auth-token", "authtoken",
          "token",
          "bearer", "private_key", "private-key", "privatekey", "credential", "pass", "pw", "encryption_key",
          "encryptionkey", "signing_key", "signingkey", "master_key", "masterkey", "jwt_key", "jwtkey", "hmac_key",
          "hmackey", "session_key", "sessionkey", "app_key", "appkey", "cookie_key", "cookiekey")
_BOUNDED = frozenset({"pass", "pw"})  # only as whole words: DB_PASS, MYSQL_PW, never bypass or pwm
try:
    import ahocorasick_rs as _ac

    _WORDS_AC: Any = _ac.AhoCorasick(list(_WORDS), matchkind=_ac.MatchKind.LeftmostLongest)
except ImportError:  # pragma: no cover
    _WORDS_AC = None


def _whole(low: str, a: int, b: int) -> bool:
    return (a == 0 or not low[a - 1].isalpha()) and (b == len(low) or not low[b].isalpha())


def secret_words(line: str) -> list[tuple[int, int]]:
    """(start, end) of each secret word in ``line`` (case-insensitive), longest first at each position."""
    low = line.lower()
    if _WORDS_AC is None:  # pragma: no cover
        return [(m.start(), m.end()) for m in _SECRET_WORD.finditer(line)]
    spans = [(a, b) for _, a, b in _WORDS_AC.find_matches_as_indexes(low)]
    return [(a, b) for a, b in spans if low[a:b] not in _BOUNDED or _whole(low, a, b)]


_KEY_RIGHT = re.compile(r"[A-Za-z0-9_.\-]{0,40}")
_KEY_LEFT = re.compile(r"[A-Za-z0-9_.\-]{1,40}$")
_CONFIG_EXT = re.compile(
    r"(?:^|/)\.env[^/]*$|\.(?:env|ya?ml|ini|cfg|conf|toml|properties|json|tfvars|xml|npmrc"
    r"|pypirc|netrc|htpasswd|log)$|(?:^|/)(?:Dockerfile|docker-compose[^/]*)$",
    re.IGNORECASE,
)
_SKIP_KEY = re.compile(
    r"(?:^|[_.\-])(?:type|len|length|min|max|field|label|placeholder|hint|prompt|name|url|uri|path"
    r"|file|dir|env|var|header|param|policy|reset|expires?|expiry|ttl|count|hash|id|lifetime|class"
    r"|mode|kind|format|regex|pattern|rules?|strength|input|message|error|required|enabled"
    r"|endpoint|provider|store|manager|version|limit|size|timeout|prefix|suffix|key_?id)$",
    re.IGNORECASE,
)
_WORDY = re.compile(r"password|passwd|secret|token|credential|private|apikey|api_key", re.IGNORECASE)


_AUTH_HEADER = re.compile(r"\b(Bearer|Basic|Token)\s+([A-Za-z0-9._~+/\-]{16,}=*)(?![A-Za-z0-9._~+/\-])")
_DOCKER_AUTH = re.compile(r"\"auth\"\s*:\s*\"([A-Za-z0-9+/]{8,}={0,2})\"")


def _userpass(b64: str) -> str | None:
    """The password of a base64 ``user:password`` pair, or None when it is not one (or a placeholder)."""
    try:
        plain = base64.b64decode(b64 + "=" * (-len(b64) % 4), validate=True).decode("utf-8")
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    user, sep, password = plain.partition(":")
    if not sep or not user or len(password) < 4 or not plain.isprintable() or benign.is_placeholder(password):
        return None
    return password


def header_candidates(line: str) -> Iterator[Candidate]:
    """``Authorization: Bearer <token>`` / ``Basic <base64 user:pass>`` and Docker's ``"auth": "<base64>"``."""
    for m in _AUTH_HEADER.finditer(line):
        scheme, value = m.group(1), m.group(2)
        if benign.is_benign_value(value) or value.startswith("eyJ"):  # JWTs are judged by their claims
            continue
        if scheme == "Basic":
            if _userpass(value) is not None:
                yield Candidate(rule="secrets.generic-password", value=value, start=m.start(2),
                                note="HTTP Basic credentials (base64 user:password)")
        elif benign.strong_enough(value, config_file=False) and not benign.is_benign_generic(value, "token"):
            yield Candidate(rule="secrets.generic-password", value=value, start=m.start(2),
                            note=f"{scheme} token in an Authorization header")
    for m in _DOCKER_AUTH.finditer(line):
        if _userpass(m.group(1)) is not None:
            yield Candidate(rule="secrets.generic-password", value=m.group(1), start=m.start(1),
                            note="registry credentials (base64 user:password)")


_RANDOM_RUN = re.compile(r"[A-Za-z0-9]{16,}")


def _safe_name(key: str) -> str:
    """The variable name for a message, unless it looks like it holds a token itself (``secret_AbC…``)."""
    if len(key) > 60 or any(benign.char_classes(run) >= 2 and benign.shannon(run) >= 3.0
                            for run in _RANDOM_RUN.findall(key)):
        return "a secret-looking name"
    return key


def generic_candidates(line: str, path: str) -> Iterator[Candidate]:
    """``password = "..."`` / ``API_TOKEN=...`` with an entropy and context test, never translations."""
    if benign.is_translation(path) or benign.is_lock_file(path):
        return
    if "Bearer " in line or "Basic " in line or "Token " in line or "\"auth\"" in line:
        yield from header_candidates(line)
    code = benign.is_code(path)
    config = bool(_CONFIG_EXT.search(path)) or not code
    end = -1
    for ws, we in secret_words(line):
        if ws < end:
            continue
        right = _KEY_RIGHT.match(line, we)
        end = right.end() if right else we
        left = _KEY_LEFT.search(line, max(0, ws - 40), ws)
        begin = left.start() if left else ws
        m = _ASSIGN_VALUE.match(line, end)
        if m is None:
            continue
        key, val, quoted = line[begin:end], m.group("val"), bool(m.group("q"))
        if (code and not quoted) or _SKIP_KEY.search(key) or val.lower() == key.lower() or _WORDY.search(val):
            continue
        if benign.is_benign_generic(val, key) or not benign.strong_enough(val, config_file=config):
            continue
        if benign.inside_data_uri(line, m.start("val")) or line[max(0, begin - 5):begin] == ".svg?":
            continue  # inline images; public badge tokens (badge.svg?token=...)
        npm = key.lower().endswith("_authtoken")  # .npmrc: legacy npm tokens are UUIDs
        yield Candidate(rule="secrets.npm-token" if npm else "secrets.generic-password", value=val,
                        start=m.start("val"), note=f"value assigned to {_safe_name(key)}")


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
            r"(?i)(?:secret[_-]?(?:access[_-]?)?key|aws.{0,20}secret)[\"']?\s{0,5}[:=>,]{1,2}\s{0,5}"
            r"[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"
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
        re.compile(r"(?<![A-Za-z0-9_])(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})(?![A-Za-z0-9_])"),
        _github,
    ),
    Detector(
        "secrets.gitlab-token",
        ("glpat-", "gldt-", "glrt-", "glptt-", "glcbt-", "gloas-", "glsoat-", "glffct-", "glimt-", "glagent-"),
        re.compile(r"(?<![A-Za-z0-9_-])(gl(?:pat|dt|rt|ptt|cbt|oas|soat|ffct|imt|agent)-[A-Za-z0-9_\-.]{20,})"),
        _not_benign,
    ),
    Detector(
        "secrets.npm-token",
        ("npm_",),
        re.compile(r"(?<![A-Za-z0-9_])(npm_[A-Za-z0-9]{36})(?![A-Za-z0-9_])"),
        _not_benign,
    ),
    Detector(
        "secrets.pypi-token",
        ("pypi-",),
        re.compile(r"(pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_\-]{50,})"),
        _not_benign,
    ),
    Detector(
        "secrets.dockerhub-token",
        ("dckr_",),
        re.compile(r"(?<![A-Za-z0-9_])(dckr_(?:pat|oat)_[A-Za-z0-9_\-]{27,})(?![A-Za-z0-9_\-])"),
        _not_benign,
    ),
    Detector(
        "secrets.stripe-secret-key",
        ("sk_", "rk_"),
        re.compile(r"(?<![A-Za-z0-9_])((?:sk|rk)_(?:live|test)_[A-Za-z0-9]{24,247})(?![A-Za-z0-9_])"),
        _stripe,
    ),
    Detector(
        "secrets.stripe-webhook-secret",
        ("whsec_",),
        re.compile(r"(?<![A-Za-z0-9_])(whsec_[A-Za-z0-9+/=]{32,})"),
        _not_benign,
    ),
    Detector(
        "secrets.twilio-key", ("SK",), re.compile(r"(?<![A-Za-z0-9])(SK[0-9a-fA-F]{32})(?![A-Za-z0-9])"), _not_benign
    ),
    Detector(
        "secrets.twilio-key",
        ("twilio",),
        re.compile(r"(?i)twilio.{0,40}?(?:auth|token|secret).{0,10}?[\s\"':=]{1,5}(" + _HEX32 + r")\b"),
        _not_benign,
    ),
    Detector(
        "secrets.sendgrid-key",
        ("SG.",),
        re.compile(r"(?<![A-Za-z0-9_])(SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43})(?![A-Za-z0-9_\-])"),
        _not_benign,
    ),
    Detector(
        "secrets.mailgun-key", ("key-",), re.compile(r"(?<![A-Za-z0-9_])(key-[0-9a-f]{32})(?![0-9a-f])"), _not_benign
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
        re.compile(r"(?<![0-9a-f-])([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![0-9a-f-])"),
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
        re.compile(r"(?<![A-Za-z0-9_])((?:xox[abposre]|xoxe\.xox[bp])-(?:\d+-)+[A-Za-z0-9\-]{10,})"),
        _not_benign,
    ),
    Detector(
        "secrets.slack-token",
        ("xapp-",),
        re.compile(r"(?<![A-Za-z0-9_])(xapp-\d-[A-Z0-9]+-\d+-[a-f0-9]{32,})"),
        _not_benign,
    ),
    Detector(
        "secrets.slack-webhook",
        ("hooks.slack.com",),
        re.compile(r"(https://hooks\.slack\.com/(?:services|workflows|triggers)/T[A-Z0-9]+/[A-Za-z0-9_/]{16,})"),
        _not_benign,
    ),
    Detector(
        "secrets.openai-key",
        ("sk-",),
        re.compile(r"(?<![A-Za-z0-9_])(sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_\-]{40,})(?![A-Za-z0-9_\-])"),
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
        re.compile(r"(?<![A-Za-z0-9_])(sk-ant-(?:api|admin|oat)\d{2}-[A-Za-z0-9_\-]{80,})(?![A-Za-z0-9_\-])"),
        _not_benign,
    ),
    Detector(
        "secrets.supabase-service-role-key",
        ("sb_secret_",),
        re.compile(r"(?<![A-Za-z0-9_])(sb_secret_[A-Za-z0-9_\-]{20,})(?![A-Za-z0-9_\-])"),
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
        re.compile(r"(?i)vercel.{0,30}?(?:token|key|secret).{0,10}?[\s\"':=]{1,5}([A-Za-z0-9]{24})(?![A-Za-z0-9])"),
        _mixed,
    ),
    Detector(
        "secrets.azure-storage-key",
        ("accountkey", "sharedaccesskey"),
        re.compile(r"(?i)(?:AccountKey|SharedAccessKey)\s{0,3}=\s{0,3}([A-Za-z0-9+/]{40,88}={0,2})"),
        _not_benign,
    ),
    Detector(
        "secrets.jwt-token",
        ("eyJ",),
        re.compile(r"(?<![A-Za-z0-9_\-])(eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{16,})"),
        _jwt,
    ),
)



def _prefixed(rule: str, trigger: str, body: str) -> Detector:
    """A token that starts with a documented vendor prefix: ``trigger`` then ``body`` (regex), word-bounded."""
    return Detector(rule, (trigger,), re.compile(rf"(?<![A-Za-z0-9_])({re.escape(trigger)}{body})(?![A-Za-z0-9_\-])"),
                    _not_benign)


_CLIENT_SIDE = re.compile(r"firebase|authdomain|next_public_|vite_|react_app_|expo_public_|nuxt_public_|public_|"
                          r"gatsby_|vue_app_|maps|places|browser|client", re.IGNORECASE)


def _google_api_key(value: str, line: str, path: str) -> tuple[str, str | None] | None:
    """``AIza…`` keys: Firebase web and Maps keys are public by design (restricted by referrer); a key next to a
    Gemini / generative-language / server-side name is a billed secret."""
    if benign.is_benign_value(value) or _CLIENT_SIDE.search(line) or _CLIENT_SIDE.search(path):
        return None
    return _ok("Google API key in a server-side context")


LINE_DETECTORS += (
    _prefixed("secrets.huggingface-token", "hf_", r"[A-Za-z0-9]{34}"),
    _prefixed("secrets.replicate-token", "r8_", r"[A-Za-z0-9]{37}"),
    _prefixed("secrets.groq-key", "gsk_", r"[A-Za-z0-9]{52}"),
    _prefixed("secrets.mapbox-secret-token", "sk.eyJ", r"[A-Za-z0-9_\-]{20,}\.[A-Za-z0-9_\-]{20,}"),
    _prefixed("secrets.digitalocean-token", "dop_v1_", r"[a-f0-9]{64}"),
    _prefixed("secrets.digitalocean-token", "doo_v1_", r"[a-f0-9]{64}"),
    _prefixed("secrets.linear-key", "lin_api_", r"[A-Za-z0-9]{40}"),
    _prefixed("secrets.notion-token", "secret_", r"[A-Za-z0-9]{43}"),
    _prefixed("secrets.notion-token", "ntn_", r"[A-Za-z0-9]{46}"),
    _prefixed("secrets.sentry-token", "sntrys_", r"eyJ[A-Za-z0-9_\-=+/]{40,}"),
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
    _prefixed("secrets.grafana-token", "glc_", r"[A-Za-z0-9+/]{32,}={0,2}"),
    _prefixed("secrets.planetscale-token", "pscale_pw_", r"[A-Za-z0-9_\-.]{32,64}"),
    _prefixed("secrets.planetscale-token", "pscale_tkn_", r"[A-Za-z0-9_\-.]{32,64}"),
    _prefixed("secrets.pinecone-key", "pcsk_", r"[A-Za-z0-9_]{40,}"),
    _prefixed("secrets.airtable-token", "pat", r"[A-Za-z0-9]{14}\.[a-f0-9]{64}"),
    _prefixed("secrets.braintree-token", "access_token$production$", r"[a-z0-9]{16}\$[a-f0-9]{32}"),
    _prefixed("secrets.google-oauth-secret", "GOCSPX-", r"[A-Za-z0-9_\-]{28}"),
    Detector("secrets.google-api-key", ("AIza",),
             re.compile(r"(?<![A-Za-z0-9_])(AIza[0-9A-Za-z_\-]{35})(?![A-Za-z0-9_\-])"), _google_api_key),
    Detector("secrets.discord-webhook", ("discord",),
             re.compile(r"(https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d{5,}/[A-Za-z0-9_\-]{50,})"),
             _not_benign),
    Detector("secrets.azure-storage-key", ("sig=",),
             re.compile(r"[?&;]sv=\d{4}-\d\d-\d\d[^\s\"']{0,300}?[?&;]sig=([A-Za-z0-9%+/]{30,}(?:%3D|=){0,2})"),
             _not_benign),
)

LINE_DETECTORS = tuple(replace(d, fold=all(t.isalpha() and t.islower() for t in d.triggers)) for d in LINE_DETECTORS)


def clerk_rule(line: str, value: str) -> str:
    """Clerk secret keys share Stripe's ``sk_live_`` prefix; the surrounding name tells them apart."""
    return "secrets.clerk-secret-key" if "clerk" in line.lower() and value.startswith("sk_") else ""


class TriggerIndex:
    """Which of several items (detectors, plugins) a line can trigger, from one Aho-Corasick pass over the line
    and one over its lower-cased form, instead of a substring test per item."""

    def __init__(self, triggers: Sequence[tuple[tuple[str, ...], bool]]) -> None:
        self.items = triggers
        self._by_pattern: list[dict[str, list[int]]] = [{}, {}]  # exact, folded
        for i, (words, fold) in enumerate(triggers):
            for w in words:
                self._by_pattern[fold].setdefault(w, []).append(i)
        self._ac: list[Any] = []
        try:
            import ahocorasick_rs

            for table in self._by_pattern:
                self._ac.append(ahocorasick_rs.AhoCorasick(list(table)) if table else None)
        except ImportError:  # pragma: no cover - declared dependency; the slow path gives the same answer
            self._ac = []

    def hits(self, line: str, low: str) -> list[int]:
        found: set[int] = set()
        if not self._ac:
            return [i for i, (words, fold) in enumerate(self.items) if any(w in (low if fold else line) for w in words)]
        for table, ac, hay in zip(self._by_pattern, self._ac, (line, low), strict=True):
            if ac is None:
                continue
            keys = list(table)
            for pattern, _, _ in ac.find_matches_as_indexes(hay, overlapping=True):
                found.update(table[keys[pattern]])
        return sorted(found)


_DETECTOR_INDEX: TriggerIndex | None = None


def line_candidates(line: str, path: str) -> Iterator[Candidate]:
    """Every candidate on one line (or window), benign look-alikes already rejected."""
    global _DETECTOR_INDEX  # noqa: PLW0603 - built once per process, on first use
    if _DETECTOR_INDEX is None:
        _DETECTOR_INDEX = TriggerIndex([(d.triggers, d.fold) for d in LINE_DETECTORS])
    low = line.lower()
    for i in _DETECTOR_INDEX.hits(line, low):
        det = LINE_DETECTORS[i]
        for m in det.pattern.finditer(line):
            value = m.group(det.group)
            verdict = det.validate(value, line, path) if det.validate else _ok()
            if verdict is None:
                continue
            note, sev = verdict
            rule = det.rule
            if rule == "secrets.jwt-token":
                got = classify_jwt(value)
                rule = got[0] if got else rule
            elif rule == "secrets.stripe-secret-key":
                rule = clerk_rule(line, value) or rule
            yield Candidate(rule=rule, value=value, start=m.start(det.group), note=note, severity=sev)
    if "://" in line:
        yield from url_candidates(line)
    yield from generic_candidates(line, path)


# -- multi-line formats --------------------------------------------------------------------------------------
_PEM_BEGIN = re.compile(r"-----BEGIN ((?:[A-Z0-9]{2,10} ){0,3}PRIVATE KEY(?: BLOCK)?)-----")
_PEM_BODY = re.compile(
    r"(?:\\r|\\n|\r|\n|[\s\"'+,]|(?:Proc-Type|DEK-Info|Version|Comment|Hash):[^\n\\]*)*"
    r"([A-Za-z0-9+/=]{40,}(?:(?:\\r|\\n|\r|\n|[\s\"'+])+[A-Za-z0-9+/=]{4,}){0,200})"
)


@dataclass(frozen=True, slots=True)
class BlockHit:
    rule: str
    value: str
    offset: int  # offset of the block in the text
    note: str


def private_key_blocks(text: str) -> Iterator[BlockHit]:
    """PEM / OpenSSH / PGP private key blocks with a body (a bare header string in code is not a key)."""
    for m in _PEM_BEGIN.finditer(text):
        body = _PEM_BODY.match(text, m.end(), min(len(text), m.end() + 8192))
        if body is None:
            continue
        value = re.sub(r"\\[rn]|[\s\"'+]", "", body.group(1))
        if len(value) < 64 or benign.is_benign_value(value[:64]):
            continue
        yield BlockHit(rule="secrets.private-key", value=value, offset=m.start(), note=f"{m.group(1).lower()} block")


_PUTTY = re.compile(r"PuTTY-User-Key-File-\d: (\S+)\r?\nEncryption: (\S+)[\s\S]{0,4000}?Private-Lines: \d+\r?\n"
                    r"([A-Za-z0-9+/=\r\n]{64,})")


def putty_keys(text: str) -> Iterator[BlockHit]:
    """PuTTY .ppk private keys (the Private-Lines body)."""
    for m in _PUTTY.finditer(text[:16384]):
        value = re.sub(r"\s", "", m.group(3))
        if not benign.is_benign_value(value[:64]):
            yield BlockHit(rule="secrets.private-key", value=value, offset=m.start(),
                           note=f"PuTTY {m.group(1)} private key (encryption: {m.group(2)})")


def service_account_json(text: str) -> Iterator[BlockHit]:
    """GCP service-account key files (``"type": "service_account"`` with a private key); Firebase admin SDK keys."""
    m = re.search(r"\"type\"\s*:\s*\"service_account\"", text)
    if m is None:
        return
    key = re.search(r"\"private_key\"\s*:\s*\"(-----BEGIN[^\"]{100,})\"", text)
    blocks = list(private_key_blocks(key.group(1).replace("\\\\n", "\\n"))) if key else []
    if not blocks:
        return
    email = re.search(r"\"client_email\"\s*:\s*\"([^\"]+)\"", text)
    who = email.group(1) if email else "unknown client_email"
    if "firebase-adminsdk" in who:
        yield BlockHit(
            rule="secrets.firebase-admin-key",
            value=blocks[0].value,
            offset=m.start(),
            note=f"Firebase Admin SDK service account {who}",
        )
    else:
        yield BlockHit(
            rule="secrets.gcp-service-account", value=blocks[0].value, offset=m.start(), note=f"service account {who}"
        )
