"""Recognisers for values that look like secrets but are public or fake by design.

Every function here is pure and cheap; the engine asks them about each candidate before it becomes a
hit. Each false positive met while building the corpus became a case here and a test in the corpus.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from itertools import pairwise

# Documented example credentials (AWS's own docs, jwt.io's debugger sample, ...): public by design.
_EXAMPLE_WORDS = re.compile(
    r"example|sample|dummy|fake|placeholder|redacted|notreal|not-real|not_real|mock", re.IGNORECASE
)
_PLACEHOLDER = re.compile(
    r"""^(?:
        # your-api-key-here
        .*your[-_ .]?.*(?:key|token|secret|password|pass|pwd|id)(?:[-_ .]?here)?.*
      | .*(?:changeme|change[-_]me|replace[-_]?me|replace[-_]?this|insert[-_]?here|fill[-_]?me).*
      | (?:.*[^a-z0-9])?(?:todo|tbd|fixme)(?:[^a-z0-9].*)?
      | .*[xX*#.]{4,}.*                                      # xxxx, ****, ####, ....
      | .*<[A-Za-z][\w .-]*>.*                                # <token>, sk_live_<your-key>
      | \[[^\]]*\]                                           # [secret]
      | \$\{[^}]*\}.* | \$[A-Z_][A-Z0-9_]*                   # ${VAR}, $VAR
      | .*\{\{[^}]*\}\}.* | .*%\([a-z_]+\)s.* | %s | \{\}    # templates
      | .*\$\(\w+\).*                                        # $(VAR)
      | (?:password|passwd|secret|token|apikey|api_key|pass|pwd|test|testing|null|none|nil
         |undefined|empty
         |admin|root|user|username|demo|guest|default|string|str|bytes|int|required|optional|hidden
         |password1?2?3?|secret123|123456\d*|qwerty\d*|letmein|hunter2|foobar|foo|bar|baz
         |s3cr3t\w{0,3}|p@ss(?:w0rd|word)?\w{0,3}|passw0rd\w{0,3}|secr3t\w{0,3}|t0ken|changeit|admin123|root123)
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)+$")
_SECRET_KEY = re.compile(r"key|token|secret|passw|pwd|credential", re.IGNORECASE)
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_HEX = re.compile(r"^[0-9a-fA-F]+$")
_SRI = re.compile(r"^(?:sha1|sha256|sha384|sha512)-[A-Za-z0-9+/]+=*$")
# stored password hashes: crypt(3) ($2b$, $6$, ...), Django's <algorithm>$..., LDAP's {SSHA}...,
# Spring Security's {bcrypt}...
_PASSWORD_HASH = re.compile(
    r"^(?:\$(?:2[abxy]|argon2(?:id|i|d)|scrypt|pbkdf2[-_a-z0-9]*|[156]|apr1|y|gy|7)\$"
    r"|(?:pbkdf2_sha256|pbkdf2_sha1|argon2|bcrypt_sha256|bcrypt|scrypt)\$"
    r"|\{(?:S?SHA(?:256|512)?|S?MD5|CRYPT|bcrypt|pbkdf2|scrypt|argon2|sha256)\})",
    re.IGNORECASE,
)
# ciphertext, which is committed on purpose: Vault transit (vault:v1:), AWS KMS blobs (AQICAH...),
# dotenvx (encrypted:), SOPS (ENC[...]), Jasypt (ENC(...)), Spring Cloud Config ({cipher}),
# Ansible Vault, EJSON (EJ[1:...]), Sealed Secrets (AgA.../AgB..., long)
_CIPHERTEXT = re.compile(
    r"^(?:vault:v\d+:|AQICAH|encrypted:|ENC\[|ENC\(|\{cipher\}|\$ANSIBLE_VAULT|EJ\[\d:"
    r"|Ag[AB][A-Za-z0-9+/]{200})"
)
# key fingerprints (ssh-keygen -l, GPG): a digest of a public key
_FINGERPRINT = re.compile(r"^(?:SHA256|SHA1|MD5):[A-Za-z0-9+/=:]{16,}$")
_EXPRESSION = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*[({\[]")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*(?:\(\)?)?$")

LOCK_FILES = frozenset(
    {
        "pnpm-lock.yaml",
        "package-lock.json",
        "yarn.lock",
        "poetry.lock",
        "Pipfile.lock",
        "uv.lock",
        "Cargo.lock",
        "Gemfile.lock",
        "composer.lock",
        "go.sum",
        "npm-shrinkwrap.json",
        "bun.lock",
        "pdm.lock",
        "mix.lock",
    }
)
_TRANSLATION_PATH = re.compile(
    r"(?:^|/)(?:locales?|i18n|l10n|lang|langs|languages|translations?|messages)/"
    r"|\.(?:po|pot|xliff|xlf|strings|resx|arb)$",
    re.IGNORECASE,
)
_TEST_PATH = re.compile(
    r"(?:^|/)(?:tests?|__tests__|spec|specs|fixtures?|testdata|test_data|__fixtures__|__mocks__|mocks?|e2e|docs?|examples?|samples?|seeds?|seeders?|seeding|testing|test[-_]utils|cypress|playwright|stories|__generated__|generated|codegen)/|(?:^|/)test_[^/]*$|_test\.[a-z]+$|\.(?:test|spec|stories|story|gen|generated)\.[a-z]+$|(?:^|/)conftest\.py$|(?:^|/)seed(?:[-_.][^/]*)?\.[a-z]+$|(?:^|/)(?:vitest|jest)[-_.]?setup[^/]*$|(?:^|/)setup[-_]?tests\.[a-z]+$|\.(?:md|mdx|rst|adoc)$|(?:^|/)README[^/]*$|(?:^|/)(?:METADATA|PKG-INFO)$",
    re.IGNORECASE,
)
_CODE_EXT = re.compile(
    r"\.(?:py|pyi|js|jsx|mjs|cjs|ts|tsx|go|rb|java|kt|kts|scala|cs|php|rs|swift|c|cc|cpp|h|hpp|m|dart|ex|exs|erl|lua|pl|pm|t|vue|svelte|astro|groovy|r|jl|coffee|clj|hs|ml|fs|vb|rake|gemspec|ru|thor)$",
    re.IGNORECASE,
)


def is_uuid(value: str) -> bool:
    return bool(_UUID.match(value))


# Checksum and lock files: every value is a digest of something else (i18n.lock maps message keys
# such as
# ``forgot_password`` to the hash of their text; SHA256SUMS, go.sum, integrity maps).
_CHECKSUM_FILE = re.compile(
    r"\.(?:lock|sum|sha1|sha256|sha512|md5)$|(?:^|/)(?:(?:SHA|MD5)\d*SUMS|checksums?(?:\.[a-z]+)?"
    r"|[\w.-]*integrit(?:y|ies)[\w.-]*\.json)$",
    re.IGNORECASE,
)


def is_lock_file(path: str) -> bool:
    """Package manager lock files and checksum maps (``*.lock``, ``i18n.lock``, ``SHA256SUMS``,
    integrity JSON)."""
    return path.rsplit("/", 1)[-1] in LOCK_FILES or bool(_CHECKSUM_FILE.search(path))


def is_test_or_doc(path: str) -> bool:
    """Test fixtures, seed data, generated API clients and documentation: findings there are ``low``
    at most."""
    return bool(_TEST_PATH.search(path))


def is_translation(path: str) -> bool:
    return bool(_TRANSLATION_PATH.search(path))


def is_code(path: str) -> bool:
    return bool(_CODE_EXT.search(path))


def shannon(value: str) -> float:
    """Bits of Shannon entropy per character."""
    if not value:
        return 0.0
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


def char_classes(value: str) -> int:
    return sum(
        (
            any(c.islower() for c in value),
            any(c.isupper() for c in value),
            any(c.isdigit() for c in value),
            any(not c.isalnum() for c in value),
        )
    )


# Example values printed in specifications everybody copies (RFC 6749's sample tokens and client
# credentials).
DOCUMENTED_EXAMPLES = frozenset({
    "2YotnFZFEjr1zCsicMWpAA", "tGzv3JOkF0XG5Qx2TlKWIA", "SplxlOBeZQQYbYS6WxSbIA",
    "czZCaGRSa3F0MzpnWDFmQmF0M2JW",
    "gX1fBat3bV", "s6BhdRkqt3", "mF_9.B5f-4.1JqM", "8xLOxBtZp8",
    # the bot token of Telegram's Bot API documentation (core.telegram.org/bots/api)
    "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11",
    # the permanent token of YouTrack's REST API documentation (login "root", name "token")
    "perm:cm9vdA==.dG9rZW4=.rNZ38ije7uiWwnUTRDdyFDdUkoPUPi",
})


def is_example(value: str) -> bool:
    """Documented example keys (``AKIAIOSFODNN7EXAMPLE``, RFC samples) and values that say they are
    fake."""
    return bool(_EXAMPLE_WORDS.search(value)) or value in DOCUMENTED_EXAMPLES


# a command-line flag (``--password-stdin``, ``-p``): a leading dash before a random body is a key
# that
# happens to start with one (Django's generated SECRET_KEY often does)
_FLAG = re.compile(r"^--?[A-Za-z][a-z0-9-]*(?:=\S*)?$")
_RATE = re.compile(
    r"^\d+(?:\.\d+)?/(?:\d+)?(?:ms|s|sec|second|m|min|minute|h|hr|hour|d|day|week|month)s?$", re.I
)


def _repeated_sequence(v: str) -> bool:
    """``0123456789abcdef0123456789abcdef``, ``abcdefghijklmnopqrstuvwxyz1234567890``: counting
    sequences typed as a stand-in key. Three in four neighbouring characters count up by one (a
    random value: about one in 36)."""
    return counting(v)


def counting(v: str) -> bool:
    """Whether ``v`` (12+ characters) is mostly counting runs: 1234..., abcd..., in any order and
    repeated."""
    low = v.lower()
    if len(low) < 12:
        return False
    steps = sum(1 for a, b in pairwise(low) if ord(b) - ord(a) == 1)
    return steps >= 0.75 * (len(low) - 1)


# the passwords tutorials and default configs print: a stand-in word, then digits and symbols
# (Admin@123, Welcome1!, Password123!, localdev123)
_EXAMPLE_PASSWORD = re.compile(
    r"^(?:password|passw0rd|pass|admin|administrator|root|secret|welcome|letmein|qwerty|changeme"
    r"|default|test|demo|user|guest|local|localdev|dev|development)[\W_]{0,2}\d{0,6}[\W_]{0,2}$",
    re.IGNORECASE,
)


def is_placeholder(value: str) -> bool:
    """``your-api-key-here``, ``xxxx``, ``${VAR}``, ``<token>``, ``changeme``, ``Admin@123``,
    repeated or sequential characters."""
    v = value.strip().strip("'\"`")
    if not v or _PLACEHOLDER.match(v) or _EXAMPLE_PASSWORD.match(v):
        return True
    if (len(v) >= 6 and len(set(v.lower())) <= 2) or _repeated_sequence(v):
        return True
    low = v.lower()
    return (
        low in "0123456789abcdefghijklmnopqrstuvwxyz"
        or low in "abcdefghijklmnopqrstuvwxyz0123456789"
    )


def is_benign_value(value: str) -> bool:
    """Fake or public in any context: examples, placeholders, low-diversity strings."""
    if is_example(value) or is_placeholder(value):
        return True
    return len(value) >= 12 and len(set(value)) <= 4


# Keys each vendor documents as public (they ship in browsers and apps) or as test-mode: PostHog
# project keys, Statsig client keys, New Relic browser keys, Flutterwave public keys, Square
# application ids, Plaid sandbox/development and public tokens, Mollie test keys
_UUID_BODY = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_PUBLIC_KEY = re.compile(
    r"^(?:phc_[A-Za-z0-9]{43}|client-[A-Za-z0-9]{43}|NRJS-[a-f0-9]{19}"
    r"|FLWPUBK(?:_TEST)?-[a-f0-9]{32}-X|sq0idp-[A-Za-z0-9_\-]{22}"
    rf"|access-(?:sandbox|development)-{_UUID_BODY}|public-(?:sandbox|development|production)-"
    rf"{_UUID_BODY}|test_[A-Za-z0-9]{{30}})$"
)


def is_public_key(value: str) -> bool:
    """A key its vendor documents as public or test-mode (``phc_…``, ``client-…``, ``sq0idp-…``)."""
    return bool(_PUBLIC_KEY.match(value))


def is_benign_generic(value: str, key: str = "") -> bool:
    """Values that a ``password=``/``token=`` assignment may hold without being a secret.

    UUIDs, git SHAs and other hex digests, SRI integrity strings, password *hashes*, data: URIs,
    URLs and paths, identifiers (a variable or attribute name), numbers and booleans.
    """
    v = value
    if (
        any(c.isspace() for c in v)
        or is_benign_value(v)
        or _SRI.match(v)
        or _PASSWORD_HASH.match(v)
        or _RATE.match(v)
        or _PUBLIC_KEY.match(v)
        or _CIPHERTEXT.match(v)
        or _FINGERPRINT.match(v)
    ):
        return True
    # a UUID is an id, unless its name says key/token
    if _UUID.match(v) and not _SECRET_KEY.search(key):
        return True
    if (
        _HEX.match(v)
        and len(v) in (32, 40, 64, 128)
        and re.search(r"hash|sha|sum|digest|integrity|etag|commit|md5", key, re.IGNORECASE)
    ):
        return True
    if v.startswith(
        ("data:", "http://", "https://", "/", "./", "../", "~/", "file:", "AIza", "pk_", "pk.",
         "sb_publishable_", "phc_")  # signal: PostHog project keys (phc_) are public by design
    ):
        return True
    if _is_code(v) or "${" in v:
        # signal: a template literal (`ol_whs_${randomString(32)}`) builds the value at run time
        return True
    if (v.isalpha() and len(v) < 24) or v.startswith(("$", "@", ":", "&", "*", "?")) \
            or _FLAG.match(v) or v.endswith((".", ":")):
        # words, flags, prose, variables and expressions ($grammar->..., @list, :symbol, ${X:?msg})
        return True
    if _SLUG.match(v) and all(p.isalpha() or p.isdigit() for p in re.split(r"[-_.]", v)):
        return True  # an enum or algorithm name: scram-sha-256, aes-256-gcm, always-impersonate
    return v.replace(".", "", 1).isdigit() or v.lower() in ("true", "false", "yes", "no", "on",
                                                            "off")


def _is_code(v: str) -> bool:
    """An expression (``strings.TrimSpace(c.FormValue(...))``, ``null.String{}``) or a name
    (``DB_PASSWORD``, ``settings.secret_key``, ``getToken()``): code, not a value."""
    if _EXPRESSION.match(v):
        return True
    if len(v) >= 16 and v.isalpha() and not is_name(v):
        return False  # vendors-b: one run of random letters (``uToKkoMCLeHjczbIO...``), no name
    return bool(_IDENTIFIER.match(v)) and all(p.isalpha() for p in re.split(r"[._]", v.rstrip("()"))
                                              if p)


def strong_enough(value: str, *, config_file: bool) -> bool:
    """Entropy and shape test for a generic assignment's value.

    Config files (.env, YAML, INI) hold real values, so a shorter mixed value counts; in code, a
    literal must look random (length, several character classes, entropy) to be worth a finding.
    """
    if not any(c.isalpha() for c in value):  # versions, ranges, numbers: 3.0-3.12
        return False
    alnum_classes = char_classes("".join(c for c in value if c.isalnum()))
    # a real value: mixed letters/digits, or long ('pass:insta' or 'true|false' are not)
    if config_file:
        return len(value) >= 8 and (alnum_classes >= 2
                                    or len(value) >= 16) and shannon(value) >= 2.5
    # in code a hard-coded secret is generated, so mixed letters/digits; 'geheim$parole' is a docs
    # example
    return len(value) >= 10 and alnum_classes >= 2 and shannon(value) >= 3.0


_DATA_URI = re.compile(r"data:[\w.+-]+/[\w.+-]+;base64,[A-Za-z0-9+/=]+")


def inside_data_uri(line: str, start: int) -> bool:
    """True when position ``start`` falls inside a base64 data: URI (inline images, fonts)."""
    return any(m.start() <= start < m.end() for m in _DATA_URI.finditer(line))


# -- dev stacks: example, compose and CI files, and the hosts only they reach
# ---------------------------------
_DEV_STACK_FILE = re.compile(
    r"(?:^|/)(?:docker-)?compose[^/]*\.ya?ml$|(?:^|/)\.github/workflows/|(?:^|/)\.gitlab-ci[^/]*\.ya?ml$|(?:^|/)\.circleci/|(?:^|/)\.buildkite/|(?:^|/)(?:bitbucket-pipelines|\.travis|\.drone|azure-pipelines)\.ya?ml$|(?:^|/)\.devcontainer/|\.(?:example|sample|template|dist|tpl)$|(?:^|/)\.env[^/]*\.(?:example|sample|template)[^/]*$|(?:^|/)examples?/"
    # signal: a dev/ folder is the local development stack (unkey's dev/k8s manifests, an app's
    # dev/*.toml): its single-label hosts are that stack's service names
    r"|(?:^|/)dev/",
    re.IGNORECASE,
)
# RFC 5737 / RFC 3849 documentation ranges, reserved names (RFC 2606, RFC 6761) and loopback
_DOC_HOST = re.compile(
    r"^(?:localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[?::1\]?|\[?2001:db8:[0-9a-f:]*\]?"
    r"|192\.0\.2\.\d+|198\.51\.100\.\d+|203\.0\.113\.\d+|host\.docker\.internal"
    r"|[\w.-]*\.(?:local|test|example|invalid|localhost)|(?:[\w-]+\.)*example\.(?:com|org|net))$",
    re.IGNORECASE,
)
_SERVICE_NAME = re.compile(r"^[a-z][a-z0-9_-]{0,62}$", re.IGNORECASE)


def is_dev_stack_file(path: str) -> bool:
    """Example/template files, compose files, CI workflows and dev containers: they describe a
    throw-away stack."""
    return bool(_DEV_STACK_FILE.search(path))


def is_dev_host(host: str, path: str) -> bool:
    """A host no deployment reaches: loopback, documentation ranges and reserved names anywhere; in
    a dev stack file also a single-label name (a compose service or CI service container such as
    ``postgres``)."""
    h = host.rsplit("@", 1)[-1]
    h = h if h.startswith("[") else h.split(":", maxsplit=1)[0]
    if _DOC_HOST.match(h):
        return True
    return is_dev_stack_file(path) and bool(_SERVICE_NAME.match(h))


_NAME_PART = re.compile(r"[a-z]+|[A-Z]+|[A-Z]?[a-z]+(?:[A-Z][a-z]+)*|[a-z]?\d{1,4}[a-z]?")


def is_name(value: str) -> bool:
    """An identifier made of words, not a generated value: ``endpoint_dns_get_14d__v0_read_9756``,
    ``getResultForOnDemandCheck``. Random tokens have segments like ``Xk9fQ2`` that are no word or
    number."""
    parts = [p for p in re.split(r"[_\-.]+", value) if p]
    if not any(len(p) >= 4 and p.isalpha() for p in parts):
        return False
    if len(parts) == 1 and sum(c.isupper() for c in value[1:]) < 2:
        return False  # one lower-case run is as likely a random token as a word
    return all(_NAME_PART.fullmatch(p) for p in parts)


# the value is the text of a form field's placeholder, label or hint: ``placeholder: "glpat-…"``,
# ``placeholder="sk_live_…"`` (JSX), ``helperText={'…'}``; what the user is shown as the shape to
# paste
_UI_TEXT = re.compile(
    r"(?:placeholder|label|hint|helper[-_]?text|description|tooltip|aria-label|example)[\"']?\s*[:=]\s*\{?\s*(?:t\()?[\"'`][^\"'`]*$",
    re.IGNORECASE,
)


def ui_text_at(line: str, start: int) -> bool:
    """True when the value at ``start`` is inside the string of a placeholder/label/hint
    attribute."""
    return bool(_UI_TEXT.search(line, max(0, start - 200), start))


_NAMED_TOKEN = re.compile(r"^\s*(?:TOKEN|KEY|SECRET)\s+[\"']([^\"']+)[\"']", re.IGNORECASE)


def names_a_token(line: str, value: str) -> bool:
    """The value is a name, not a value: the quoted name of a ``TOKEN "<name>" READ`` declaration,
    or a map key (``"<value>": ...``) rather than what a key maps to."""
    m = _NAMED_TOKEN.match(line)
    if m and value in m.group(1):
        return True
    return bool(re.search(r"[\"']" + re.escape(value) + r"[\"']\s*:(?!:)", line))


# Stacks nobody deploys: CI workflows (service containers live for one job), dev containers, compose
# files named
# for development or tests, and templates. A guessed-at password there is a setting of a throw-away
# database.
_THROWAWAY = re.compile(
    r"(?:^|/)\.github/workflows/|(?:^|/)\.gitlab-ci[^/]*\.ya?ml$|(?:^|/)\.circleci/|(?:^|/)\.devcontainer/|(?:^|/)(?:docker-)?compose[^/]*(?:dev|test|ci|local|e2e)[^/]*\.ya?ml$|\.(?:example|sample|template|tpl)$|(?:^|/)\.env[^/]*\.(?:example|sample|template)[^/]*$"
    r"|(?:^|/)dev/",  # signal: the local development stack's folder (unkey's dev/k8s, dev/*.toml)
    re.IGNORECASE,
)


def is_throwaway_stack(path: str) -> bool:
    """CI workflows, dev containers, dev/test compose files and templates: generic passwords there
    are low."""
    return bool(_THROWAWAY.search(path))
