"""A native gate in front of the Python detectors: one Hyperscan database holding every regex a
candidate needs (launchgate's line detectors, the generic assignment, header and URL detectors,
detect-secrets' plugins), so a candidate window that none of them can match costs one native scan
and no Python regex, and a window some of them match runs only those.

The gate never changes what is found (docs/adr/0002-native-prefilter.md):

- each regex is compiled in Hyperscan's prefilter mode, which matches a superset of the pattern, and
  its counted repeats are first widened (``{m,n}`` -> ``{min(m, 16),}``), which widens it further;
- Python's ``str`` regexes are Unicode-aware where Hyperscan reads bytes, so a window holding a
  non-ASCII byte, or one of ``\\x1c``-``\\x1f`` (Python's ``\\s`` counts them as spaces), is not
  gated: every detector runs on it, as without the gate;
- without the ``hyperscan`` wheel (a platform it is not built for) nothing is gated.

The database takes a few tenths of a second to compile, so it is built once per process, and only
when that process has a scan worth it (``wanted``); and once compiled it is kept in the user's
cache directory (``launchgate/cache.py``), keyed by a hash of every expression, flag and the
Hyperscan version, so the next process loads it in a millisecond instead.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import threading
from collections.abc import Callable, Sequence
from typing import Any

from launchgate import cache
from launchgate.checks.secrets import generic
from launchgate.checks.secrets.vendors import LINE_DETECTORS

# ids of the gate: 0 .. len(LINE_DETECTORS)-1 are the line detectors, then these, then one per
# detect-secrets plugin (DS_BASE + its index in dsbridge's plugin list)
GENERIC = len(LINE_DETECTORS)  # the assignment and Authorization-header detectors (generic.py)
URL = GENERIC + 1  # passwords in URLs
DS_BASE = URL + 1
_UNGATED = 0xFFFF  # a byte the gate cannot judge: the window runs everything
REPEAT_CAP = 16
# worth compiling for: a process scanning less than this in one call keeps the plain path
WORTH_BYTES = 1024 * 1024

# ``password = "..."``: generic_candidates' own expressions, so a syntax it learns is gated too: a
# secret word, the rest of the name, then the value anchored there (_SECRET_WORD, _KEY_RIGHT,
# _ASSIGN_VALUE), and the other syntaxes it reads (an XML element, a call's name/value pair, a
# flag, a Dockerfile ENV, curl -u)
_GENERIC_ASSIGN = (
    "(?:" + generic._SECRET_WORD.pattern + ")" + generic._KEY_RIGHT.pattern
    + generic._ASSIGN_VALUE.pattern
)
_GENERIC_FORMS = (generic._XML_ELEMENT, generic._CALL_PAIR, generic._CLI_FLAG,
                  generic._DOCKER_ENV, generic._CURL_USER, *generic.EXTRA_FORMS)
# detect-secrets' keyword regexes (ten, half a second to compile) reduced to what each needs: a
# word of its deny list (each holds one of these stems) and around it a comparison, an assignment,
# a call or a quoted value ended by a semicolon. Each is a superset of one or more of them;
# together they compile in milliseconds.
_KEYWORD_STEMS = "(?:key|pass|pwd|secret|contrase)"
_KEYWORD = (
    r"['\"`]\s*[!=]{2}\s*\w*<W>",  # "value" == my_password
    r"<W>[\w\[\]'\"\s]*[!=:]",  # password = "value", password[0] != "v", key: v, := and =>
    r"<W>[^\n]*\(\"",  # password.assign("value")
    r"<W>[^\n]*['\"`];",  # password "value";
)
_QUANTIFIER = re.compile(r"\{(\d*)(,?)(\d*)\}")
_FLAGS = {re.IGNORECASE: "CASELESS", re.DOTALL: "DOTALL", re.MULTILINE: "MULTILINE"}


def widen(pattern: str, cap: int = REPEAT_CAP) -> str:
    """``pattern`` with every counted repeat made open-ended and its minimum capped: a superset
    that Hyperscan compiles in a fraction of the time (``{0,30}?`` -> ``{0,}?``, ``{40}`` ->
    ``{16,}``)."""
    out: list[str] = []
    i, in_class, n = 0, False, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            # Python's \v is the vertical tab alone; PCRE's is every vertical space (\r, \f, ...)
            out.append("\\x0b" if pattern[i + 1:i + 2] == "v" else pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            j = i + 1 + (pattern[i + 1:i + 2] == "^")
            j += pattern[j:j + 1] == "]"  # a leading ] is a member, not the end
            out.append(pattern[i:j])
            i = j
            continue
        elif c == "{" and (m := _QUANTIFIER.match(pattern, i)) and (m[1] or m[3]):
            low = int(m[1] or 0)
            out.append(f"{{{min(low, cap)},}}" if m[2] or low else m[0])
            i = m.end()
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _hs_flags(hs: Any, flags: int) -> int | None:
    """Hyperscan flags for a Python pattern's flags; None for a flag it has no equivalent of."""
    out = hs.HS_FLAG_PREFILTER | hs.HS_FLAG_SINGLEMATCH | hs.HS_FLAG_ALLOWEMPTY
    for py, name in _FLAGS.items():
        if flags & py:
            out |= getattr(hs, f"HS_FLAG_{name}")
    rest = flags & ~(re.IGNORECASE | re.DOTALL | re.MULTILINE | re.UNICODE)
    return None if rest else out


def _plugin_patterns(plugin: Any) -> list[tuple[str, int]] | None:
    """The regexes one of a detect-secrets plugin's hits needs (any of them), None when unknown."""
    name = type(plugin).__name__
    if name == "KeywordDetector":
        from detect_secrets.plugins import keyword

        # a deny-list word without one of the stems would make the gate miss it
        assert all(re.search(_KEYWORD_STEMS, w) for w in keyword.DENYLIST)
        return [(p.replace("<W>", _KEYWORD_STEMS), re.IGNORECASE) for p in _KEYWORD]
    if name in ("Base64HighEntropyString", "HexHighEntropyString"):
        # a quoted run whose Shannon entropy can pass the limit: more than 2**limit characters
        chars = "".join(sorted({re.escape(c) if not c.isalnum() else c
                                for c in plugin.charset}))
        return [(f"[\"'][{chars}]{{{int(2 ** plugin.entropy_limit) + 1},}}[\"']", 0)]
    denylist = getattr(plugin, "denylist", None)
    if denylist is None:
        return None
    return [(r.pattern, r.flags) for r in denylist]


def _patterns(plugins: Sequence[Any]) -> tuple[list[tuple[int, str, int]], set[int]]:
    """(id, pattern, re flags) of everything the gate holds, and the ids it cannot gate."""
    out = [(i, d.pattern.pattern, d.pattern.flags) for i, d in enumerate(LINE_DETECTORS)]
    out += [(GENERIC, _GENERIC_ASSIGN, re.IGNORECASE),
            *((GENERIC, form.pattern, form.flags) for form in _GENERIC_FORMS),
            (GENERIC, generic._AUTH_HEADER.pattern, generic._AUTH_HEADER.flags),
            (GENERIC, generic._DOCKER_AUTH.pattern, generic._DOCKER_AUTH.flags),
            (URL, generic._URL_RE.pattern, generic._URL_RE.flags),
            (_UNGATED, r"[\x0b\x1c-\x1f\x80-\xff]", 0)]
    always: set[int] = set()
    for j, plugin in enumerate(plugins):
        got = _plugin_patterns(plugin)
        if got is None:
            always.add(DS_BASE + j)
        else:
            out += [(DS_BASE + j, p, f) for p, f in got]
    return out, always


class Gate:
    """One compiled database and the ids it cannot gate (a pattern Hyperscan refused)."""

    def __init__(self, hs: Any, plugins: Sequence[Any]) -> None:
        self._hs = hs
        patterns, self.always = _patterns(plugins)
        self.entropy = frozenset(DS_BASE + j for j, p in enumerate(plugins)
                                 if "High Entropy" in p.secret_type)
        exprs: list[tuple[int, bytes, int]] = []
        for pid, pattern, flags in patterns:
            hs_flags = _hs_flags(hs, flags)
            if hs_flags is None:
                self.always.add(pid)
            else:
                exprs.append((pid, widen(pattern).encode("utf-8"), hs_flags))
        self._db = self._load_or_compile(exprs)
        self._local = threading.local()  # a scratch per thread: in-process scans run in threads

    def _load_or_compile(self, exprs: list[tuple[int, bytes, int]]) -> Any:
        """The database of ``exprs`` from the cache when it holds one built from exactly these
        (and the ids found ungateable then), else compiled and stored."""
        hs = self._hs
        key = hashlib.sha256(json.dumps(
            [hs.__version__, sorted(self.always), [(i, e.decode(), f) for i, e, f in exprs]]
        ).encode()).hexdigest()[:32]
        got = cache.load(f"gate-{key}")
        if got is not None:
            with contextlib.suppress(hs.error, ValueError, TypeError):
                head, _, blob = got.partition(b"\n")
                always = {int(i) for i in json.loads(head)}
                db = hs.loadb(blob, hs.HS_MODE_BLOCK)
                self.always |= always
                return db
        before = set(self.always)
        db = self._compile(exprs)
        head = json.dumps(sorted(self.always - before)).encode()
        cache.store(f"gate-{key}", head + b"\n" + hs.dumpb(db))
        return db

    def _compile(self, exprs: list[tuple[int, bytes, int]]) -> Any:
        try:
            return self._build(exprs)
        except self._hs.error:  # find the pattern(s) it refuses; those run ungated
            ok = []
            for e in exprs:
                try:
                    self._build([e])
                    ok.append(e)
                except self._hs.error:
                    self.always.add(e[0])
            return self._build(ok)

    def _build(self, exprs: Sequence[tuple[int, bytes, int]]) -> Any:
        db = self._hs.Database(mode=self._hs.HS_MODE_BLOCK)
        db.compile(expressions=[e[1] for e in exprs], ids=[e[0] for e in exprs],
                   elements=len(exprs), flags=[e[2] for e in exprs])
        return db

    def matched(self, data: bytes) -> frozenset[int] | None:
        """The ids whose pattern may match in ``data``; None when the window cannot be gated."""
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = self._hs.Scratch(self._db)
        found: set[int] = set(self.always)

        def on_match(pid: int, _start: int, _end: int, _flags: int, _ctx: object) -> bool | None:
            if pid == _UNGATED:
                found.add(pid)
                return True  # stop: nothing else matters
            found.add(pid)
            return None

        with contextlib.suppress(self._hs.ScanTerminated):  # on_match stopped it: ungated
            self._db.scan(data, match_event_handler=on_match, scratch=scratch)
        return None if _UNGATED in found else frozenset(found)


_GATE: Gate | None = None
_LOCK = threading.Lock()
_TRIED = False
_SEEN = [0]  # bytes this process was asked to scan


def gate(wanted: bool, plugins: Callable[[], Sequence[Any]]) -> Gate | None:
    """This process's gate; built on first call with ``wanted`` (a scan big enough to pay for the
    compile) for detect-secrets' ``plugins()``, None without hyperscan or before then."""
    global _GATE, _TRIED  # noqa: PLW0603 - one database per process, like detect-secrets' settings
    if _GATE is not None or _TRIED or not wanted:
        return _GATE
    with _LOCK:
        if not _TRIED:
            _GATE = _build_gate(plugins)
            _TRIED = True
    return _GATE


def _build_gate(plugins: Callable[[], Sequence[Any]]) -> Gate | None:
    try:
        import hyperscan
    except ImportError:  # no wheel for this platform: the plain path, with the same findings
        return None
    try:
        return Gate(hyperscan, plugins())
    except hyperscan.error:  # a database it cannot build at all: the plain path too
        return None


def gate_for(size: int, plugins: Callable[[], Sequence[Any]]) -> Gate | None:
    """The gate for a text of ``size`` bytes: built once this process has scanned WORTH_BYTES."""
    _SEEN[0] += size
    return gate(_SEEN[0] >= WORTH_BYTES, plugins)


# -- needles in binary files
# ----------------------------------------------------------------------------------
# a binary file holding more needle occurrences than this is searched by the automata alone
MAX_OCCURRENCES = 20_000


class Needles:
    """Every occurrence of each group of needles (literal bytes, ASCII case folded or exact) in a
    text, found in one native pass: a binary file (an image, a video) is megabytes where a needle
    occurs a few times, so the engine runs its Aho-Corasick automata only on the few bytes around
    those occurrences (``clustered``) instead of on every byte, four times."""

    def __init__(self, hs: Any, groups: Sequence[tuple[Sequence[bytes], bool]]) -> None:
        self._hs = hs
        self.groups = len(groups)
        self._len: dict[int, int] = {}
        exprs: list[tuple[int, bytes, int]] = []
        for g, (needles, fold) in enumerate(groups):
            for i, needle in enumerate(needles):
                pid = g * 1_000_000 + i
                self._len[pid] = len(needle)
                exprs.append((pid, b"".join(b"\\x%02x" % c for c in needle),
                              hs.HS_FLAG_CASELESS if fold else 0))
        key = hashlib.sha256(json.dumps(
            [hs.__version__, [(i, e.decode(), f) for i, e, f in exprs]]).encode()).hexdigest()[:32]
        self._db = _cached_db(hs, f"needles-{key}", exprs)
        self._local = threading.local()

    def occurrences(self, data: bytes) -> list[list[tuple[int, int]]] | None:
        """Per group, the (start, end) of every occurrence, overlapping ones too, by start; None
        past MAX_OCCURRENCES."""
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = self._hs.Scratch(self._db)
        found: list[tuple[int, int]] = []
        lengths = self._len

        def on_match(pid: int, _start: int, end: int, _flags: int, _ctx: object) -> bool | None:
            found.append((pid, end))
            return True if len(found) > MAX_OCCURRENCES else None

        with contextlib.suppress(self._hs.ScanTerminated):
            self._db.scan(data, match_event_handler=on_match, scratch=scratch)
        if len(found) > MAX_OCCURRENCES:
            return None
        out: list[list[tuple[int, int]]] = [[] for _ in range(self.groups)]
        for pid, end in found:
            out[pid // 1_000_000].append((end - lengths[pid], end))
        for occ in out:
            occ.sort()
        return out


def clustered(automaton: Any, data: bytes, occurrences: Sequence[tuple[int, int]],
              fold: bool) -> list[int]:
    """The start offsets ``automaton.find_matches_as_indexes(data)`` (non-overlapping, standard
    semantics) gives, from the sorted ``occurrences`` of its needles: the automaton is run on each
    cluster of overlapping occurrences only. Exact: no occurrence spans a cluster's edges, so the
    automaton enters every cluster with nothing in progress, as it does on the whole text."""
    out: list[int] = []
    i, n = 0, len(occurrences)
    while i < n:
        start, end = occurrences[i]
        j = i + 1
        while j < n and occurrences[j][0] < end:
            end = max(end, occurrences[j][1])
            j += 1
        if j == i + 1:  # one occurrence alone: the automaton reports it
            out.append(start)
        else:
            piece = data[start:end]
            out += [start + m[1] for m in automaton.find_matches_as_indexes(
                piece.lower() if fold else piece)]
        i = j
    return out


def _cached_db(hs: Any, name: str, exprs: Sequence[tuple[int, bytes, int]]) -> Any:
    got = cache.load(name)
    if got is not None:
        with contextlib.suppress(hs.error, ValueError, TypeError):
            return hs.loadb(got, hs.HS_MODE_BLOCK)
    db = hs.Database(mode=hs.HS_MODE_BLOCK)
    db.compile(expressions=[e[1] for e in exprs], ids=[e[0] for e in exprs],
               elements=len(exprs), flags=[e[2] for e in exprs])
    cache.store(name, hs.dumpb(db))
    return db


_NEEDLES: dict[int, Needles | None] = {}


def needles(groups: Callable[[], Sequence[tuple[Sequence[bytes], bool]]]) -> Needles | None:
    """This process's needle scanner (built on first use), None without hyperscan."""
    if 0 not in _NEEDLES:
        with _LOCK:
            if 0 not in _NEEDLES:
                _NEEDLES[0] = _build_needles(groups)
    return _NEEDLES[0]


def _build_needles(groups: Callable[[], Sequence[tuple[Sequence[bytes], bool]]]) -> Needles | None:
    try:
        import hyperscan
    except ImportError:
        return None
    try:
        return Needles(hyperscan, groups())
    except hyperscan.error:
        return None
