"""Stale template keys (``env.example-stale-key``): a key in ``.env.example`` (or another template)
that no env schema declares, no other dotenv or deployment file sets, and nothing in the repository
reads or even names.

Pure functions of the env Snapshot. The precise part is what counts as a use: a read the code scan
found (which already follows pydantic-settings prefixes and Nuxt runtimeConfig), a ``${KEY}`` in any
dotenv value, a declaration in compose/CI/Dockerfile/manifests, the key named as a word in any other
file (a Prisma ``env("KEY")``, Go or Ruby code, a docs table), a quoted prefix of it in a file
(``env_prefix="APP_"``, ``"FEATURE_" + name``: a dynamic read), or a library that reads it without
naming it (next-auth's ``NEXTAUTH_*``/``AUTH_*``). ``stale_candidates`` narrows the keys with what
the snapshot already holds; the check then searches the repository for the few left
(gather.scan_mentions) before the rule decides.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from launchgate.checks.env import rules as R
from launchgate.checks.env import values as V
from launchgate.checks.env.envschema import ALL_CLIENT_PREFIXES
from launchgate.checks.env.snapshot import Snapshot
from launchgate.model import Finding, Location

_REF = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")
# A name fragment a dynamic read shows: `${provider}_CLIENT_ID`, "_SECRET" + ..., "APP_" + name.
_SUFFIX = re.compile(r"(?:\}|[\"'`])(_[A-Z][A-Z0-9_]*)(?=[\"'`])")
# Products that read variables under their own prefix once the repository names them (an SDK in the
# code or a manifest, an image in a compose file): (the word, in lower case; the prefixes it reads).
IMPLICIT_READERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("next-auth", ("NEXTAUTH_", "AUTH_")), ("@auth/", ("AUTH_",)), ("@sentry/", ("SENTRY_",)),
    ("sentry_sdk", ("SENTRY_",)), ("sentry-sdk", ("SENTRY_",)), ("openai", ("OPENAI_",)),
    ("anthropic", ("ANTHROPIC_",)), ("@vercel/blob", ("BLOB_",)), ("@vercel/kv", ("KV_",)),
    ("@vercel/postgres", ("POSTGRES_",)), ("@trigger.dev/", ("TRIGGER_",)),
    ("@upstash/", ("UPSTASH_",)), ("aws-sdk", ("AWS_",)), ("boto3", ("AWS_",)),
    ("posthog", ("POSTHOG_",)), ("prisma", ("PRISMA_",)), ("postgres", ("POSTGRES_", "PG")),
    ("psycopg", ("PG",)), ("mysql", ("MYSQL_",)), ("mariadb", ("MARIADB_", "MYSQL_")),
    ("mongo", ("MONGO_",)), ("minio", ("MINIO_",)), ("redis", ("REDIS_",)),
    ("rabbitmq", ("RABBITMQ_",)), ("keycloak", ("KEYCLOAK_", "KC_")),
    ("clickhouse", ("CLICKHOUSE_",)), ("@clerk/", ("CLERK_",)), ("inngest", ("INNGEST_",)),
    ("uploadthing", ("UPLOADTHING_",)), ("langchain", ("LANGCHAIN_", "LANGSMITH_")),
    ("firebase-admin", ("FIREBASE_", "GOOGLE_")), ("@google-cloud/", ("GOOGLE_", "GCLOUD_")),
    ("gunicorn", ("GUNICORN_",)), ("uvicorn", ("UVICORN_",)), ("django", ("DJANGO_",)),
)


class Matchers:
    """What marks a candidate key as used in a file's text, compiled once for the keys searched."""

    def __init__(self, names: Collection[str]) -> None:
        self.names = frozenset(names)
        alts = "|".join(sorted(map(re.escape, self.names), key=len, reverse=True))
        self.words = re.compile(rf"(?<![A-Za-z0-9_])({alts})(?![A-Za-z0-9_])")
        self.prefixes = sorted({p for n in self.names for p in prefixes_of(n)}, key=len,
                               reverse=True)
        self.quoted = re.compile("[\"'`](" + "|".join(map(re.escape, self.prefixes)) + ")[\"'`]") \
            if self.prefixes else None
        self.suffixes = frozenset("_" + "_".join(parts[i:]) for n in self.names
                                  if len(parts := n.split("_")) > 1 for i in range(1, len(parts)))
        # an SDK's own names also under a client prefix (@clerk/nextjs: NEXT_PUBLIC_CLERK_...)
        readers = [(word, tuple(c + p for p in ps for c in ("", *ALL_CLIENT_PREFIXES)))
                   for word, ps in IMPLICIT_READERS]
        self.readers = [(word, ps) for word, ps in readers  # only those that matter here
                        if any(n.startswith(ps) for n in self.names)]

    def used_in(self, text: str) -> set[str]:
        """The candidate keys ``text`` names, shows a dynamic-read fragment of, or leaves to a
        product that reads them (IMPLICIT_READERS)."""
        # a substring test first: most files hold none of the names, and `in` is far cheaper
        found = set(self.words.findall(text)) if _any_in(self.names, text) else set()
        starts = set(self.quoted.findall(text)) if self.quoted and _any_in(self.prefixes, text) \
            else set()
        if self.readers:
            low = text.lower()
            starts.update(p for word, ps in self.readers if word in low for p in ps)
        ends = set(_SUFFIX.findall(text)) & self.suffixes if _any_in(self.suffixes, text) else set()
        if starts or ends:
            found.update(k for k in self.names
                         if k.startswith(tuple(starts)) or k.endswith(tuple(ends)))
        return found


def _any_in(needles: Collection[str], text: str) -> bool:
    return any(n in text for n in needles)


def _referenced(snap: Snapshot) -> set[str]:
    """Names a ``${KEY}`` or ``$KEY`` in any dotenv value refers to (templates included)."""
    return {m for f in snap.files.values() for e in f.entries if e.value
            for m in _REF.findall(e.value)}


def stale_candidates(snap: Snapshot) -> dict[tuple[str, str], int]:
    """(template path, key) -> line, for template keys nothing in the snapshot declares, sets or
    reads; empty when the code scan is off (then nothing is known about reads)."""
    if not snap.settings.scan_code:
        return {}
    known = snap.schema.names() | set(snap.declarations) | {u.name for u in snap.uses}
    known |= {e.key for p, f in snap.files.items() if not snap.is_example(p) for e in f.entries}
    known |= _referenced(snap)
    out: dict[tuple[str, str], int] = {}
    for path, f in sorted(snap.files.items()):
        if not snap.is_example(path):
            continue
        for key, e in f.last().items():
            if key in known or snap.ignored_name(key) or key.startswith("DOTENV_") \
                    or V.display_name(key) is None:
                continue
            out[(path, key)] = e.line
    return out


def prefixes_of(name: str) -> tuple[str, ...]:
    """``APP_FEATURE_X`` -> ``APP_``, ``APP``, ``APP_FEATURE_``, ``APP_FEATURE``: the quoted
    prefixes a dynamic read would show (``"APP_" + name``, ``envPrefix: "APP"`` then
    ``${prefix}_X``)."""
    parts = name.split("_")
    heads = ("_".join(parts[:i]) for i in range(1, len(parts)))
    return tuple(p for h in heads if len(h) >= 3 for p in (h + "_", h))


def stale_findings(snap: Snapshot) -> Iterator[Finding]:
    """One low finding per template line whose key nothing uses (see the module docstring)."""
    if snap.mentioned is None:
        return
    for (path, key), line in sorted(stale_candidates(snap).items()):
        if key in snap.mentioned:
            continue
        yield Finding.of(R.EXAMPLE_STALE_KEY, f"{key} is in {path}:{line} but no env schema "
                         "declares it, no other dotenv or deployment file "
                         "sets it and nothing in the repository reads or " "names it",
                         Location(path=path, start_line=line), key=(key,))
