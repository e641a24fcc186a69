"""The judgement detectors: passwords in URLs, ``password=``/``API_KEY:`` assignments, Authorization
headers.

No vendor format to lean on here, so each value goes through the entropy, shape and context tests of
``benign.py``.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

from launchgate.checks.secrets import benign
from launchgate.checks.secrets.formats import LOW, Candidate
from launchgate.checks.secrets.vendors import (
    contextual_near_miss,
    named_near_miss,
    public_by_vendor,
    vendor_prefixed,
    vendor_shape,
)

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


def url_candidates(line: str, path: str = "") -> Iterator[Candidate]:
    """Passwords embedded in URLs: ``postgres://app:s3cr3t@db.prod/...`` (database/broker) or any
    other scheme."""
    for m in _URL_RE.finditer(line):
        pw, host, scheme = m.group("pw"), m.group("host"), m.group("scheme").lower()
        plain = unquote(pw)
        if plain != pw and (any(c.isspace() for c in plain) or _WORDY.search(plain)):
            continue  # "a%20secret": percent-encoded prose in a docs example
        if "]" in host:
            continue  # signal: the URL syntax itself, "redis://[[user][:password]@][host][:port]"
        if (
            benign.is_placeholder(pw)
            or benign.is_example(pw)
            or pw.startswith(("$", "%", "{"))
            or pw == m["user"]
        ):
            continue
        if scheme.startswith("jdbc") or _DB_SCHEMES.match(scheme):
            rule = "secrets.database-url-password"
        elif scheme in ("http", "https", "ftp", "ftps", "sftp", "ssh", "git", "smtp", "smtps",
                        "ldap", "ldaps"):
            rule = "secrets.url-password"
        else:
            continue
        local = bool(_LOCAL_HOSTS.match(host.rsplit("@", 1)[-1])) or benign.is_dev_host(host, path)
        if local and rule == "secrets.url-password":
            continue
        yield Candidate(
            rule=rule,
            value=pw,
            start=m.start("pw"),
            note=f"{scheme} URL with an embedded password for host {host}",
            severity=LOW if local else None,
        )


# The generic assignment: a key containing a secret word, an assignment, a value. The keyword is
# found first
# (a plain alternation), the key widened by hand, and the value matched anchored: no regex scans a
# line from
# every position. The value is judged by benign.is_benign_generic and benign.strong_enough.
_SECRET_WORD = re.compile(
    r"password|passwd|passphrase|pwd|secret|api[_-]?key|apikey|access[_-]?key|auth[_-]?key"
    r"|token|bearer|private[_-]?key|credential|(?<![a-z])pass(?![a-z])|(?<![a-z])pw(?![a-z])"
    r"|(?:encryption|signing|master|jwt|hmac|session|app|cookie)[_-]?key",
    re.IGNORECASE,
)
# the key's closing quote or bracket (``headers["X-Api-Key"] = ``), a type annotation
# (``API_KEY: string = ``, ``val apiSecret: String = ``), the operator, the value
_ASSIGN_VALUE = re.compile(
    r"[\"']?\]?\s{0,5}(?::\s{0,3}&?(?:'static\s{1,3})?[A-Za-z_][\w.\[\]<>|?]{0,30}\s{0,3}=(?!=)"
    r"|:=|=>|=|:)\s{0,5}"
    r"(?P<q>[\"'`]?)(?P<val>[^\s\"'`,;&)(\]\[}{<>]{6,256})(?P=q)"
    r"(?![^\s\"'`,;&)\]}>])"
)
_WORDS = ("password", "passwd", "passphrase", "pwd", "secret", "api_key", "api-key", "apikey",
          "access_key",
          "access-key", "accesskey", "auth_key", "auth-key", "authkey", "auth_token", "auth-token",
          "authtoken",
          "token",
          "bearer", "private_key", "private-key", "privatekey", "credential", "pass", "pw",
          "encryption_key",
          "encryptionkey", "signing_key", "signingkey", "master_key", "masterkey", "jwt_key",
          "jwtkey", "hmac_key",
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
    """(start, end) of each secret word in ``line`` (case-insensitive), longest first at each
    position."""
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
    r"|endpoint|provider|store|manager|version|limit|size|timeout|prefix|suffix|key_?id"
    r"|address|addr|host|port|issuer|audience|namespace)$",
    re.IGNORECASE,
)
_WORDY = re.compile(r"password|passwd|secret|token|credential|private|apikey|api_key",
                    re.IGNORECASE)
# names that say the value is public: ``*_PUBLIC_KEY``, ``publishableKey``, and the prefixes
# front-end frameworks bundle into the browser (NEXT_PUBLIC_, VITE_, REACT_APP_, ...)
_PUBLIC_NAME = re.compile(
    r"(?:^|[_.\-])(?:public|publishable|pub|pubkey)(?:[_.\-]|$)"
    r"|^(?:next_public|vite|react_app|expo_public|nuxt_public|gatsby|vue_app|public)_",
    re.IGNORECASE,
)
# values in other syntaxes than ``name = value``: an XML element, a (name, value) call argument
# pair, a command-line flag with a space, a Dockerfile ENV with a space, curl's -u user:password
_KEYWORD = r"[\w.\-:]{0,40}?(?:password|passwd|secret|token|api[_-]?key|apikey)[\w.\-]{0,40}"
_XML_ELEMENT = re.compile(rf"<({_KEYWORD})>(?P<val>[^<\s]{{6,256}})</\1>", re.IGNORECASE)
_CALL_PAIR = re.compile(
    rf"([\"'])(?P<key>{_KEYWORD})\1\s*,\s*([\"'])(?P<val>[^\"'\s]{{6,256}})\3", re.IGNORECASE
)
_CLI_FLAG = re.compile(
    r"(?<![\w-])--(?P<key>[\w-]*(?:password|passwd|secret|token|api-key|apikey)[\w-]*)\s+"
    r"([\"']?)(?P<val>[^\s\"'$`<>|]{6,256})\2(?!\S)",
    re.IGNORECASE,
)
_DOCKER_ENV = re.compile(
    r"^\s*ENV\s+(?P<key>[A-Za-z_]\w*)\s+([\"']?)(?P<val>[^\s\"'$=]{6,256})\2\s*$"
)
_DOCKERFILE = re.compile(r"(?:^|/)(?:Dockerfile|Containerfile)[^/]*$|\.dockerfile$", re.IGNORECASE)
_CURL_USER = re.compile(
    r"\b(?:curl|wget)\b.*?\s(?:-u|--user)\s+([\"']?)(?P<key>[^:\s\"']{1,64}):"
    r"(?P<val>[^\s\"'@]{6,256})\1(?!\S)"
)


_AUTH_HEADER = re.compile(
    r"\b(Bearer|Basic|Token)\s+([A-Za-z0-9._~+/\-]{16,}=*)(?![A-Za-z0-9._~+/\-])"
)
_DOCKER_AUTH = re.compile(r"\"auth\"\s*:\s*\"([A-Za-z0-9+/]{8,}={0,2})\"")


_B64_TEXT = re.compile(r"^[A-Za-z0-9+/]{6,}={0,2}$")


def _printable_b64(value: str) -> str | None:
    """The text a base64 value encodes, when it encodes printable text (``cGFzc3dvcmQ=`` ->
    ``password``)."""
    if len(value) < 8 or len(value) % 4 or not _B64_TEXT.match(value):
        return None
    try:
        plain = base64.b64decode(value, validate=True).decode("ascii")
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    return plain if plain and plain.isprintable() else None


# a name that holds a password (which people choose, and may be short) rather than a token or key
# (which a vendor or a generator issues: 16 characters and more)
_PASSWORD_NAME = re.compile(r"pass|pwd|(?<![a-z])pw(?![a-z])", re.IGNORECASE)
MIN_TOKEN = 16



def looks_secret(value: str, context: str, *, config: bool) -> bool:
    """The value test of an assignment: not benign, strong enough; base64 text is judged by what it
    encodes (Kubernetes Secret ``data:``), so ``cGFzc3dvcmQ=`` is the placeholder ``password``.
    A token or key (``context`` names no password) is at least ``MIN_TOKEN`` characters."""
    plain = _printable_b64(value)
    judged = plain if plain is not None else value
    if len(judged) < MIN_TOKEN and not _PASSWORD_NAME.search(context):
        return False
    if _PUBLIC_NAME.search(_snake(context)) or public_by_vendor(_snake(context)):
        return False
    if benign.is_benign_generic(judged, context) or _WORDY.search(judged):
        return False
    return benign.strong_enough(judged, config_file=config or plain is not None)


def _userpass(b64: str) -> str | None:
    """The password of a base64 ``user:password`` pair, or None when it is not one (or a
    placeholder)."""
    try:
        plain = base64.b64decode(b64 + "=" * (-len(b64) % 4), validate=True).decode("utf-8")
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    user, sep, password = plain.partition(":")
    if (
        not sep
        or not user
        or len(password) < 4
        or not plain.isprintable()
        or benign.is_placeholder(password)
    ):
        return None
    return password


def header_candidates(line: str) -> Iterator[Candidate]:
    """``Authorization: Bearer <token>`` / ``Basic <base64 user:pass>`` and Docker's ``"auth":
    "<base64>"``."""
    for m in _AUTH_HEADER.finditer(line):
        scheme, value = m.group(1), m.group(2)
        # JWTs are judged by their claims
        if benign.is_benign_value(value) or value.startswith("eyJ"):
            continue
        if scheme == "Basic":
            if _userpass(value) is not None:
                yield Candidate(rule="secrets.generic-password", value=value, start=m.start(2),
                                note="HTTP Basic credentials (base64 user:password)")
        elif benign.strong_enough(value, config_file=False) and not benign.is_benign_generic(
            value, "token"
        ):
            yield Candidate(rule="secrets.generic-password", value=value, start=m.start(2),
                            note=f"{scheme} token in an Authorization header")
    for m in _DOCKER_AUTH.finditer(line):
        if _userpass(m.group(1)) is not None:
            yield Candidate(rule="secrets.generic-password", value=m.group(1), start=m.start(1),
                            note="registry credentials (base64 user:password)")


_RANDOM_RUN = re.compile(r"[A-Za-z0-9]{16,}")


def _safe_name(key: str) -> str:
    """The variable name for a message, unless it looks like it holds a token itself
    (``secret_AbC…``)."""
    if len(key) > 60 or any(benign.char_classes(run) >= 2 and benign.shannon(run) >= 3.0
                            for run in _RANDOM_RUN.findall(key)):
        return "a secret-looking name"
    return key


def _snake(key: str) -> str:
    """``EmbeddedTokenTenantID`` -> ``Embedded_Token_Tenant_ID``: the name's last word decides, in
    any case style."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", key)


def _judge(line: str, key: str, val: str, start: int, *, config: bool) -> Candidate | None:
    """The candidate for ``key`` holding ``val`` (at ``start`` of ``line``), or None when the name
    or the value says it is no secret."""
    if _SKIP_KEY.search(_snake(key)) or val.lower() == key.lower() or _WORDY.search(val):
        return None
    note = f"value assigned to {_safe_name(key)}"
    shaped = vendor_shape(val)
    # a format told apart by its structure, e.g. Unleash's <project>:<env>.<hex>
    if shaped and not benign.is_benign_value(val):
        return Candidate(rule=shaped, value=val, start=start, note=note)
    if (vendor_prefixed(val) or contextual_near_miss(key, val) or named_near_miss(key, val)
            or not looks_secret(val, key, config=config)):
        # a vendor prefix: the vendor's own format decides (a truncated token is a near-miss)
        return None
    if benign.inside_data_uri(line, start):
        return None  # inline images
    npm = key.lower().endswith("_authtoken")  # .npmrc: legacy npm tokens are UUIDs
    return Candidate(rule="secrets.npm-token" if npm else "secrets.generic-password", value=val,
                     start=start, note=note)


# --- session 7 (vendors-b): more syntaxes of a hard-coded value ---
# .netrc (``machine HOST login USER password SECRET``, on one line or one token a line), .pgpass
# (``host:port:database:user:password``), and a (name, value) pair written as data: Kubernetes'
# ``- {name: API_TOKEN, value: ...}``, ECS's ``{"name": "API_TOKEN", "value": "..."}``,
# Terraform's ``{ name = "API_TOKEN", value = "..." }``
_NETRC = re.compile(r"(?:^|\s)password\s+(?P<key>)(?P<val>[^\s\"'$`]{6,256})(?=\s|$)")
_NETRC_FILE = re.compile(r"(?:^|/)[._]netrc$")
_PGPASS = re.compile(r"^(?P<host>[^:\s#]+):(?:\d+|\*):[^:\s]+:[^:\s]+:(?P<key>)(?P<val>\S{6,256})$")
_PGPASS_FILE = re.compile(r"(?:^|/)(?:\.pgpass|pgpass\.conf)$")
_NAME_VALUE = re.compile(
    rf"[\"']?name[\"']?\s*[:=]\s*[\"']?(?P<key>{_KEYWORD})[\"']?\s*,\s*[\"']?value[\"']?\s*[:=]"
    r"\s*([\"']?)(?P<val>[^\s\"',}]{6,256})\2(?=\s*[,}])",
    re.IGNORECASE,
)
# Two-line values: a line that names a secret and leaves its value to the next line. Kubernetes and
# compose env lists (``- name: API_TOKEN`` then ``value: ...``), ECS/CloudFormation JSON
# (``"name": "API_TOKEN",`` then ``"value": "..."``), YAML block scalars (``token: >-`` or ``|``
# then the value, indented)
_OPEN_NAME = re.compile(rf"^\s*(?:-\s+)?[\"']?name[\"']?\s*:\s*[\"']?(?P<key>{_KEYWORD})[\"']?"
                        r"\s*,?\s*$", re.IGNORECASE)
_NEXT_VALUE = re.compile(r"^\s*[\"']?value[\"']?\s*:\s*(?P<q>[\"']?)(?P<val>[^\s\"',]{6,256})"
                         r"(?P=q)\s*,?\s*$")
_OPEN_BLOCK = re.compile(rf"^(?P<indent>\s*)(?:-\s+)?[\"']?(?P<key>{_KEYWORD})[\"']?\s*:\s*"
                         r"[|>][-+]?\d?\s*$", re.IGNORECASE)
_BLOCK_LINE = re.compile(r"^(?P<indent>\s+)(?P<val>[^\s\"'#]{6,256})\s*$")
# declarations and settings in more languages: Go's typed ``var apiKey string = "..."``, C's
# ``#define API_KEY "..."``, .NET/Spring XML ``<add key="ApiKey" value="..."/>`` and
# ``<property name="password" value="..."/>``, a header set in nginx or Apache
# (``proxy_set_header X-Api-Key "..."``)
_GO_TYPED = re.compile(rf"\b(?:var|const)\s+(?P<key>{_KEYWORD})\s+[A-Za-z_][\w.\[\]*]{{0,30}}\s*="
                       r"\s*([\"'`])(?P<val>[^\"'`\s]{6,256})\2", re.IGNORECASE)
_C_DEFINE = re.compile(rf"^\s*#\s*define\s+(?P<key>{_KEYWORD})\s+\"(?P<val>[^\"\s]{{6,256}})\"",
                       re.IGNORECASE)
_XML_PAIR = re.compile(rf"\b(?:key|name)\s*=\s*\"(?P<key>{_KEYWORD})\"\s+value\s*=\s*"
                       r"\"(?P<val>[^\"\s]{6,256})\"", re.IGNORECASE)
_HEADER_SET = re.compile(
    rf"\b(?:proxy_set_header|add_header|more_set_headers|RequestHeader\s+set|Header\s+set)\s+"
    rf"[\"']?(?P<key>{_KEYWORD})[\"']?:?\s+([\"']?)(?P<val>[^\s\"';]{{6,256}})\2", re.IGNORECASE)
# forms the native gate must know (prefilter.py reads them): a window that holds only an opener
# must reach two_line_candidates
EXTRA_FORMS: tuple[re.Pattern[str], ...] = (_NETRC, _PGPASS, _NAME_VALUE, _OPEN_NAME,
                                            _OPEN_BLOCK, _GO_TYPED, _C_DEFINE, _XML_PAIR,
                                            _HEADER_SET)


def opens_value(line: str) -> bool:
    """Cheap test: the line may name a secret whose value is on the next line."""
    tail = line.rstrip()[-1:]
    return tail in ("|", ">", "-", "+", ",", '"', "'") or (tail.isalnum() and "name" in line)


def two_line_candidates(line: str, follow: str, path: str) -> Iterator[Candidate]:
    """The value on ``follow`` (the next line) of the secret ``line`` names, judged like an
    assignment; ``start`` is its offset in ``follow``."""
    if benign.is_translation(path) or benign.is_lock_file(path):
        return
    config = bool(_CONFIG_EXT.search(path)) or not benign.is_code(path)
    m, v = _OPEN_NAME.match(line), _NEXT_VALUE.match(follow)
    if m is None or v is None:
        m, v = _OPEN_BLOCK.match(line), _BLOCK_LINE.match(follow)
        if m is None or v is None or len(v.group("indent")) <= len(m.group("indent")):
            return
    got = _judge(follow, m.group("key"), v.group("val"), v.start("val"), config=config)
    if got is not None:
        yield got


def is_pgpass(path: str) -> bool:
    """A libpq password file: its lines hold no keyword, so every line is a candidate."""
    return bool(_PGPASS_FILE.search(path))


def _forms_for(line: str, path: str, code: bool) -> list[re.Pattern[str]]:
    forms = [_CALL_PAIR]
    if not code:
        forms += [_XML_ELEMENT, _CLI_FLAG, _CURL_USER]
        if _DOCKERFILE.search(path):
            forms.append(_DOCKER_ENV)
        if _NETRC_FILE.search(path) or "machine " in line:
            forms.append(_NETRC)
        if is_pgpass(path):
            forms.append(_PGPASS)
    elif "--" in line:
        forms.append(_CLI_FLAG)
    low = line.lower()
    if "value" in low:
        forms += [_NAME_VALUE, _XML_PAIR]
    if "define" in low or "var " in low or "const " in low:
        forms += [_C_DEFINE, _GO_TYPED]
    if "header" in low:
        forms.append(_HEADER_SET)
    return forms
# --- end of session 7 (vendors-b) syntaxes ---


def _other_forms(line: str, path: str, code: bool) -> Iterator[tuple[str, str, int]]:
    """(key, value, start) of the values written in the syntaxes of ``_XML_ELEMENT`` and its
    siblings; in code only quoted ones."""
    for form in _forms_for(line, path, code):
        for m in form.finditer(line):
            key = m.group(1) if form is _XML_ELEMENT else m.group("key")
            if form is _PGPASS and benign.is_dev_host(m.group("host"), path):
                continue  # a local development database
            if form in (_CURL_USER, _NETRC, _PGPASS):
                key = "password"
            elif form is _DOCKER_ENV and not _WORDS_IN.search(key):
                continue
            yield key, m.group("val"), m.start("val")


_WORDS_IN = re.compile(r"password|passwd|secret|token|api_?key|apikey", re.IGNORECASE)
_GRAPHQL_EXT = (".graphql", ".graphqls", ".gql")


def generic_candidates(line: str, path: str) -> Iterator[Candidate]:
    """``password = "..."`` / ``API_TOKEN=...`` with an entropy and context test, never
    translations."""
    if benign.is_translation(path) or benign.is_lock_file(path):
        return
    if "Bearer " in line or "Basic " in line or "Token " in line or "\"auth\"" in line:
        yield from header_candidates(line)
    code = benign.is_code(path)
    config = bool(_CONFIG_EXT.search(path)) or not code
    end = -1
    seen: set[int] = set()
    for ws, we in secret_words(line):
        if ws < end:
            continue
        right = _KEY_RIGHT.match(line, we)
        end = right.end() if right else we
        left = _KEY_LEFT.search(line, max(0, ws - 40), ws)
        begin = left.start() if left else ws
        m = _ASSIGN_VALUE.match(line, end)
        if m is None or (code and not m.group("q")) or line[max(0, begin - 5):begin] == ".svg?":
            continue  # in code only literals; public badge tokens (badge.svg?token=...)
        if not m.group("q") and path.endswith(_GRAPHQL_EXT):
            continue  # signal: in a GraphQL schema, unquoted `apiKey: ObfuscatedString!` is a type
        got = _judge(line, line[begin:end], m.group("val"), m.start("val"), config=config)
        if got is not None:
            seen.add(got.start)
            yield got
    for key, val, start in _other_forms(line, path, code):
        got = _judge(line, key, val, start, config=config)
        if got is not None and start not in seen:
            yield got
