"""The env check's rule table: one Rule per problem, with the why, the fix and how to suppress
it."""

from __future__ import annotations

from launchgate.model import Rule, Severity

_IGNORE = ("Add `# launchgate: ignore[{id}] reason` on the line the finding points at (dotenv "
           "file or env schema) or the line above; findings on a whole file: the baseline or "
           "`rules: {{{id}: off}}`.")


def _rule(id: str, title: str, severity: Severity, why: str, fix: str, suppress: str = "") -> Rule:
    return Rule(id=id, title=title, severity=severity, why=why, fix=fix,
                suppress=suppress or _IGNORE.format(id=id))


MISSING_REQUIRED = _rule(
    "env.missing-required", "Required environment variable is not set", Severity.HIGH,
    "The schema marks the variable as required in this environment; the app will crash or "
    "misbehave without it.",
    "Set the variable in the deploy platform (or the environment's dotenv file), or drop the "
    "environment from its `required_in`.",
    "Remove the environment from the variable's `required_in` in the env schema.")
EMPTY_REQUIRED = _rule(
    "env.empty-required", "Required environment variable is empty", Severity.HIGH,
    "An empty string passes `is set` checks in code but is never a usable value for a required "
    "variable.",
    "Give the variable a real value where it is set, or remove the empty assignment.")
INVALID_TYPE = _rule(
    "env.invalid-type", "Environment variable has a value of the wrong type", Severity.HIGH,
    "A value that does not parse as its declared type (int, port, url, ...) fails at start-up or, "
    "worse, at the first request that uses it.",
    "Fix the value so that it parses as the declared type (or correct the type in the schema).")
INVALID_ENUM = _rule(
    "env.invalid-enum", "Environment variable is not one of its allowed values", Severity.HIGH,
    "An enum variable outside its `values` usually falls back to a default silently (a log level, "
    "a mode).",
    "Use one of the values the schema lists, or add the value to the schema's `values`.")
PATTERN_MISMATCH = _rule(
    "env.pattern-mismatch", "Environment variable does not match its pattern", Severity.HIGH,
    "The schema's `pattern` encodes what a valid value looks like (a postgres:// URL, a key "
    "prefix); a mismatch usually means the wrong value was pasted into the wrong variable.",
    "Set a value that matches the pattern, or correct the pattern in the schema.")
UNDECLARED_IN_SCHEMA = _rule(
    "env.undeclared-in-schema", "Dotenv file sets a variable the schema does not declare",
    Severity.LOW,
    "Variables nobody declared drift: typos (DATABSE_URL) and leftovers hide among them.",
    "Declare the variable in the env schema, remove it, or set `allow_undeclared: true`.")
USED_BUT_UNDECLARED = _rule(
    "env.used-but-undeclared", "Code reads an environment variable the schema does not declare",
    Severity.MEDIUM,
    "A variable the code needs but the schema does not know is never validated and is easy to "
    "forget at deploy.",
    "Declare the variable in the env schema (with `required_in` if the app needs it), or stop "
    "reading it.",
    "Add the name to `env.ignore_vars` in launchgate.yml, or `launchgate: "
    "ignore[env.used-but-undeclared]` on the reading line.")
PUBLIC_MISSING_PREFIX = _rule(
    "env.public-missing-prefix", "Public variable lacks the framework's client prefix",
    Severity.MEDIUM,
    "Frameworks only inline variables with their client prefix (NEXT_PUBLIC_, VITE_, ...) into "
    "the browser bundle; without it the client code sees `undefined`.",
    "Rename the variable with the framework's client prefix, or drop `public: true` if the client "
    "never reads it.")
SECRET_PUBLIC_PREFIX = _rule(
    "env.secret-public-prefix", "Secret exposed through a client-side prefix", Severity.BLOCKER,
    "Anything under a client-exposed prefix is inlined into the JavaScript bundle every visitor "
    "downloads. Reported when the schema marks the variable secret, or when its value looks like a "
    "secret or has a credential format the secrets check knows (an OpenAI `sk-proj-` key under "
    "`VITE_`), whatever its name.",
    "Remove the client prefix and read the secret only on the server; rotate it if it was ever "
    "deployed.",
    "Mark a key that is public by design with `secret: false` in the schema.")
PLACEHOLDER_VALUE = _rule(
    "env.placeholder-value", "Placeholder value in a deployed environment", Severity.HIGH,
    "`changeme`, `TODO`, `xxx`, `<your-key>` in staging or production means the real value was "
    "never set.",
    "Set the real value in the deploy platform or the environment's dotenv file.")
COMMITTED_SECRET_VALUE = _rule(
    "env.committed-secret-value", "Secret value committed in a dotenv file", Severity.BLOCKER,
    "Everything in git history is readable by everyone with repository access, forever.",
    "Remove the value from the committed file, rotate the secret, and inject it from the deploy "
    "platform.",
    "Leave a placeholder in committed files; mark non-secret variables `secret: false` in the "
    "schema.")
LOCAL_ENV_FILE_COMMITTED = _rule(
    "env.local-env-file-committed", "Local dotenv file is committed", Severity.HIGH,
    "`.env.local` and `.env.*.local` hold one machine's overrides and secrets; every framework "
    "expects them to stay out of git.",
    "`git rm --cached` the file and add `.env*.local` to .gitignore.")
PRIVATE_KEY_FILE_PRESENT = _rule(
    "env.private-key-file-present", "dotenvx private key file is committed or not ignored",
    Severity.BLOCKER,
    "`.env.keys` holds the private keys that decrypt every dotenvx-encrypted value; with it, "
    "encryption is moot.",
    "Move `.env.keys` to a secret store, add it to .gitignore, and rotate the keys if it was ever "
    "committed.")
UNENCRYPTED_SECRET = _rule(
    "env.unencrypted-secret", "Plaintext secret in a dotenvx-encrypted file", Severity.HIGH,
    "In a dotenvx file every secret is expected to be `encrypted:...`; a plaintext one is "
    "readable by all.",
    "Encrypt the value with `dotenvx encrypt -k NAME` (or `dotenvx set NAME value`).")
LOCALHOST_IN_PRODUCTION = _rule(
    "env.localhost-in-production", "Deployed environment's variable points at localhost",
    Severity.HIGH,
    "A localhost URL in a deployed environment (staging, production, ...) connects to the "
    "container itself: the service is not there.",
    "Point the variable at the real host of that environment.")
UNRESOLVED_INTERPOLATION = _rule(
    "env.unresolved-interpolation", "`${VAR}` reference is not defined", Severity.MEDIUM,
    "python-dotenv and dotenv-expand replace an undefined `${VAR}` with an empty string, silently.",
    "Define the referenced variable earlier (or in a lower dotenv layer), or give it a default: "
    "`${VAR:-value}`.")
PARSER_DIVERGENCE = _rule(
    "env.parser-divergence", "Parsers read this line differently", Severity.MEDIUM,
    "npm's dotenv cuts an unquoted value at `#` (python-dotenv keeps it unless a space precedes "
    "it), dotenv-expand replaces `$NAME` (python-dotenv keeps it), npm strips backticks "
    "(python-dotenv keeps them): the same file gives your Node and Python services different "
    "values.",
    "Single-quote the value (`KEY='a#b$c'`), or write `${NAME}` when a reference is meant.")
EXAMPLE_MISSING_KEY = _rule(
    "env.example-missing-key", "Variable is missing from .env.example", Severity.LOW,
    ".env.example is how a new developer (and the next deploy) learns which variables exist.",
    "Add the variable to .env.example with a placeholder or a safe default.",
    "Add the name to `env.ignore_vars`, or `rules: {env.example-missing-key: off}` when there is "
    "no template.")
EXAMPLE_STALE_KEY = _rule(
    "env.example-stale-key", "Template key that nothing uses", Severity.LOW,
    "A key in .env.example that no schema declares, no other file sets and nothing reads sends "
    "every new developer (and the next deploy) looking for a value the app never uses.",
    "Remove the key from the template (or declare it in the env schema if a tool outside the "
    "repository reads it).")
DUPLICATE_KEY = _rule(
    "env.duplicate-key", "Variable is set twice in one dotenv file", Severity.MEDIUM,
    "Parsers disagree on which one wins (the last for python-dotenv and npm dotenv); the first is "
    "dead and misleading.",
    "Keep one assignment.")
TRAILING_WHITESPACE = _rule(
    "env.trailing-whitespace", "Trailing whitespace after a value", Severity.LOW,
    "python-dotenv strips it, `docker --env-file` and shells keep it: a password with an "
    "invisible space.",
    "Remove the trailing whitespace, or quote the value if the space is intended.")
SPACES_AROUND_EQUALS = _rule(
    "env.spaces-around-equals", "Spaces around `=`", Severity.LOW,
    "`KEY = value` is not valid for shells, `docker --env-file` or systemd EnvironmentFile.",
    "Write `KEY=value` with no space around `=`.")
LOWERCASE_KEY = _rule(
    "env.lowercase-key", "Variable name has lowercase letters", Severity.LOW,
    "Environment variables are conventionally upper case; on Windows they are case-insensitive, "
    "so `db_url` and `DB_URL` collide.",
    "Rename the variable in upper case (and where the code reads it).")
INVALID_KEY_NAME = _rule(
    "env.invalid-key-name", "Invalid variable name", Severity.MEDIUM,
    "A name outside `[A-Za-z_][A-Za-z0-9_]*` cannot be exported by a shell and some parsers drop "
    "the line.",
    "Use letters, digits and underscores only, not starting with a digit.")
KEY_WITHOUT_VALUE = _rule(
    "env.key-without-value", "Variable without `=` or value", Severity.LOW,
    "`KEY` alone is `None` to python-dotenv, an empty string to others, and ignored by docker.",
    "Write `KEY=` for an explicit empty value, or give it a value.")
UNTERMINATED_QUOTE = _rule(
    "env.unterminated-quote", "Quoted value is never closed", Severity.HIGH,
    "An unterminated quote makes python-dotenv drop the line, and npm dotenv swallows the "
    "following lines.",
    "Close the quote on the same line (or the last line of a multi-line value).")
CRLF_LINE_ENDINGS = _rule(
    "env.crlf-line-endings", "Dotenv file has Windows (CRLF) line endings", Severity.LOW,
    "Shells and `docker --env-file` keep the `\\r` as part of each value.",
    "Convert the file to LF line endings (and add `*.env* text eol=lf` to .gitattributes).")
UNREADABLE_FILE = _rule(
    "env.unreadable-file", "Dotenv file could not be read", Severity.MEDIUM,
    "A binary, unreadable or out-of-repo dotenv file cannot be validated, and the app may fail to "
    "load it too.",
    "Make the file a readable UTF-8 text file inside the repository (a symlink must stay inside "
    "the repo).")
NOT_UTF8 = _rule(
    "env.not-utf8", "Dotenv file is not UTF-8", Severity.MEDIUM,
    "python-dotenv and npm dotenv read files as UTF-8; a Latin-1 file crashes the loader or "
    "garbles values.",
    "Re-encode the file as UTF-8 (`iconv -f latin1 -t utf-8`).")

RULES: tuple[Rule, ...] = (
    MISSING_REQUIRED, EMPTY_REQUIRED, INVALID_TYPE, INVALID_ENUM, PATTERN_MISMATCH,
    UNDECLARED_IN_SCHEMA, USED_BUT_UNDECLARED, PUBLIC_MISSING_PREFIX, SECRET_PUBLIC_PREFIX,
    PLACEHOLDER_VALUE, COMMITTED_SECRET_VALUE, LOCAL_ENV_FILE_COMMITTED, PRIVATE_KEY_FILE_PRESENT,
    UNENCRYPTED_SECRET, LOCALHOST_IN_PRODUCTION, UNRESOLVED_INTERPOLATION, PARSER_DIVERGENCE,
    EXAMPLE_MISSING_KEY, EXAMPLE_STALE_KEY, DUPLICATE_KEY, TRAILING_WHITESPACE,
    SPACES_AROUND_EQUALS, LOWERCASE_KEY, INVALID_KEY_NAME, KEY_WITHOUT_VALUE, UNTERMINATED_QUOTE,
    CRLF_LINE_ENDINGS, UNREADABLE_FILE, NOT_UTF8,
)
BY_ID: dict[str, Rule] = {r.id: r for r in RULES}
