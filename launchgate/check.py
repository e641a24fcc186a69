"""The Check contract and what a check is given: ``Check``, ``Context``, ``Scope``, ``Skip``,
``CheckError``.

Above model.py (which knows nothing of the repo or the network) and below the checks. A ``Context``
is frozen: the only thing a check changes through it is its figures, recorded in the small
``Figures`` object it holds.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar, Protocol, TypeVar

from launchgate.clone import History
from launchgate.model import Finding, Location, Phase, Rule, Shard, key_digest
from launchgate.net import Net
from launchgate.repo import Repo

Figure = float | int | str
S = TypeVar("S")


class Skip(Exception):
    """Raised by a check when it has nothing to do here (e.g. no migrations folder); becomes a
    skipped result."""


class CheckError(Exception):
    """Raised by a check for an expected failure it can explain in one line (unreachable database).

    ``findings`` are what the check had found before the part that failed (the migrations lint
    before an unreachable scratch database): the error result still reports them.
    """

    def __init__(self, message: str, *, findings: Iterable[Finding] = ()) -> None:
        super().__init__(message)
        self.findings = tuple(findings)


@dataclass(frozen=True, kw_only=True)
class Scope:
    """The pull-request scope diff-aware checks use. ``base`` None means: whole tree."""

    base: str | None = None
    head: str | None = None
    all: bool = False  # --all: ignore the PR scope and look at everything
    # A push event's (before, after) under GitHub Actions: base/head then come from the push, not a
    # pull request
    push: tuple[str, str] | None = None
    # what the clone holds of base..head, decided once before the checks (clone.prepare)
    history: History = field(default_factory=History)
    staged: bool = False  # only what `git commit` would record: the index against HEAD

    @property
    def endpoints(self) -> bool:
        """Diff the two trees (``base head``): a shallow clone has both commits, no merge base."""
        return self.history.endpoints_only


class Figures(Mapping[str, Figure]):
    """The measured figures of one check run (e.g. p95 per endpoint): written by ``record``, read as
    a Mapping."""

    def __init__(self) -> None:
        self._values: dict[str, Figure] = {}
        # a sharded run: the keys behind a figure that merge must count as a union (key_digest)
        self.sets: dict[str, frozenset[bytes]] = {}

    def record(self, name: str, value: Figure) -> None:
        self._values[name] = value

    def record_set(self, name: str, keys: Iterable[str]) -> None:
        """What the figure ``name`` counts, for merge to count the union of the shards' sets."""
        self.sets[name] = frozenset(key_digest(k) for k in keys)

    def __getitem__(self, name: str) -> Figure:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


@dataclass(frozen=True, kw_only=True)
class Context:
    """What a check gets: validated config (defaults filled), the repo, the network factory, the
    clock.

    ``config`` is the whole validated launchgate.yml as plain data (so post-deploy checks can read
    ``targets``); ``section(name)`` is the usual entry point. ``env`` is the process environment
    handed down by the CLI (checks never read os.environ). ``paths`` are extra file arguments
    (``--secrets-scope files``), absolute. ``run_id`` names this CI run (GitHub's run id), when
    there is one.
    """

    config: Mapping[str, Any]
    repo: Repo
    net: Net
    env: Mapping[str, str]
    scope: Scope
    environment: str | None = None
    config_path: Path | None = None
    # "tls.min_days" -> line in launchgate.yml
    config_lines: Mapping[str, int] = field(default_factory=dict)
    paths: tuple[Path, ...] = ()
    run_id: str | None = None
    clock: Callable[[], datetime] = datetime.now
    figures: Figures = field(default_factory=Figures)
    shard: Shard | None = None  # sharded run: a splitting check does only the units this one owns
    anchor_path: str | None = field(init=False, default=None)  # the config file, repo-relative

    def __post_init__(self) -> None:
        if self.config_path is not None:  # once, here: not a file-system lookup per finding
            object.__setattr__(self, "anchor_path", self.repo.relpath(self.config_path))

    def section(self, name: str) -> Any:
        return self.config.get(name, {})

    def owns(self, key: str) -> bool:
        """Whether this run does the work unit ``key`` (a path, a scope name)."""
        return self.shard is None or self.shard.owns(key)

    def now(self) -> datetime:
        return self.clock()

    def record(self, name: str, value: Figure) -> None:
        self.figures.record(name, value)

    def record_set(self, name: str, keys: Iterable[str]) -> None:
        self.figures.record_set(name, keys)

    def anchor(self, key_path: str) -> Location:
        """A Location pointing at the launchgate.yml line that declared ``key_path`` (for live
        findings)."""
        if self.anchor_path is None:
            return Location()
        line = self.config_lines.get(key_path)
        while line is None and "." in key_path:
            key_path = key_path.rsplit(".", 1)[0]
            line = self.config_lines.get(key_path)
        return Location(anchor_path=self.anchor_path, anchor_line=line or 1)

    def anchored(self, findings: Iterable[Finding], key_path: str) -> list[Finding]:
        """Attach the launchgate.yml line that declared the target to findings built by pure
        evaluators."""
        anchor = self.anchor(key_path)
        return [dataclasses.replace(f,
                                    location=dataclasses.replace(f.location,
                                                                 anchor_path=anchor.anchor_path,
                                                                    anchor_line=anchor.anchor_line))
                for f in findings]


def settings_of(cls: type[S], fragment: Mapping[str, Any], section: Mapping[str, Any]) -> S:
    """A family's typed Settings from its config section, defaults taken from its schema fragment
    (the only place they are written). Lists become tuples; an optional field (``T | None``) without
    a schema default is None; any other field the section and the schema both leave out is an error
    in the family's schema, not in the user's config."""
    props: Mapping[str, Any] = fragment.get("properties", {})
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if not f.init:  # derived in __post_init__ from the other fields
            continue
        if f.name in section:
            raw = section[f.name]
        elif "default" in props.get(f.name, {}):
            raw = props[f.name]["default"]
        # an optional key the schema gives no default
        elif str(f.type).replace(" ", "").endswith("|None"):
            raw = None
        else:
            raise TypeError(f"{cls.__name__}.{f.name}: no value in the section and no default in "
                            "the schema")
        values[f.name] = tuple(raw) if isinstance(raw, list) else raw
    return cls(**values)


def with_defaults(fragment: Mapping[str, Any], entry: Mapping[str, Any]) -> dict[str, Any]:
    """One entry of a list section (e.g. ``health[0]``) with its item schema's top-level defaults
    filled in, so the code reads ``e["timeout_s"]`` and the default is written once, in the
    schema."""
    props: Mapping[str, Any] = fragment.get("properties", {})
    return {**{k: p["default"] for k, p in props.items() if isinstance(p, Mapping)
               and "default" in p}, **entry}


class Check(Protocol):
    """A producer of findings. Implementations are small classes listed in checks/__init__.py.

    ``schema`` maps each top-level config section the check owns to its JSON Schema fragment;
    schema.json is generated from these. An ``exclusive`` check (one that times a load it sends)
    runs after the others, alone. ``run`` gathers (I/O), then evaluates with pure functions; it
    raises Skip or CheckError for the expected non-results, anything else is reported as an internal
    error of this check.
    """

    id: ClassVar[str]
    phase: ClassVar[Phase]
    rules: ClassVar[tuple[Rule, ...]]
    schema: ClassVar[Mapping[str, Mapping[str, Any]]]
    timeout_s: ClassVar[float]
    exclusive: ClassVar[bool]

    async def run(self, ctx: Context) -> list[Finding]: ...


def shard_sums(check: Check) -> tuple[str, ...] | None:
    """How a check splits across the shards of a sharded run: a check that declares ``shard_sums``
    runs in every shard on the units each owns (``Context.owns``), and the figures whose names end
    with one of these suffixes add up when the shards' reports are merged (the others are the same
    in every shard). None: the check runs whole, in the one shard that owns its id."""
    sums = getattr(check, "shard_sums", None)
    return tuple(sums) if sums is not None else None
