"""The scanning engine: a cheap keyword/literal prefilter, launchgate's detectors and
detect-secrets' plugins on the few lines that pass it, and a process pool (detect-secrets keeps its
settings in a process-wide singleton).

Work is bounded: files are read once, the prefilter is a handful of C-speed substring searches per
file, the expensive detectors see only candidate lines, and a very long line (minified code) is cut
into windows around each prefilter hit, so a 50 MB single-line file costs linear time and no regex
sees more than a few KiB.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from launchgate.checks.secrets import benign, chunks, detectors, generic, prefilter
from launchgate.checks.secrets.dsbridge import DS_RULES, OWNED_DS_TYPES, ds_plugins, ds_scan
from launchgate.checks.secrets.gitleaks import ALLOW_COMMENT
from launchgate.checks.secrets.textual import as_text
from launchgate.checks.secrets.vendors import LINE_DETECTORS, line_near_miss, vendor_prefixed
from launchgate.containment import Refused, read_regular
from launchgate.repo import ignore_matches

KEYWORDS: tuple[bytes, ...] = (
    b"password", b"passwd", b"passphrase", b"pwd", b"secret", b"token", b"api_key", b"apikey",
    b"api-key",
    b"access_key", b"accesskey", b"private_key", b"privatekey", b"credential", b"auth_key",
    b"bearer",
    b"twilio", b"postmark", b"mailgun", b"vercel", b"clerk", b"resend", b"cloudant", b"softlayer",
    b"ibm",
    b"artifactory", b"discord", b"telegram", b"mailchimp", b"accountkey", b"sharedaccesskey",
    b"_pass", b"-pass", b"pass=", b"pass:", b"pass\"", b"_pw", b"pw=", b"encryption_key",
    b"signing_key",
    b"master_key", b"jwt_key", b"hmac_key", b"session_key", b"app_key", b"cookie_key",
)
LITERALS: tuple[bytes, ...] = (
    b"AKIA", b"ASIA", b"ghp_", b"gho_", b"ghu_", b"ghs_", b"ghr_", b"github_pat_", b"glpat-",
    b"gldt-", b"glrt-",
    b"glptt-", b"glcbt-", b"gloas-", b"glsoat-", b"glffct-", b"glimt-", b"glagent-", b"npm_",
    b"pypi-Ag", b"dckr_",
    b"sk_live_", b"rk_live_", b"sk_test_", b"rk_test_", b"whsec_", b"SG.", b"key-", b"xox",
    b"xapp-",
    b"hooks.slack.com", b"sk-", b"eyJ", b"-----BEGIN", b"shpat_", b"shpca_", b"shppa_", b"shpss_",
    b"sb_secret_",
    b"\"service_account\"", b"sq0csp-", b"sq0atp-", b"://",
    b"hf_", b"r8_", b"gsk_", b"sk.eyJ", b"dop_v1_", b"doo_v1_", b"lin_api_", b"secret_", b"ntn_",
    b"sntry",
    b"NRAK-", b"PMAK-", b"hvs.", b"AGE-SECRET-KEY-", b"ATATT3", b"EAAA", b"nfp_", b"pul-",
    b"dp.pt.", b"glsa_",
    b"glc_", b"pscale_", b"pcsk_", b"access_token$production$", b"GOCSPX-", b"AIza", b"discord",
    b"sig=",
    b"Bearer ", b"Basic ", b"_authToken", b"\"auth\"", b"PuTTY-User-Key-File",
)
# every detector's trigger is in the prefilter too (exact ones as literals, folded ones as keywords)
LITERALS += tuple(sorted({t.encode() for d in LINE_DETECTORS if not d.fold for t in d.triggers}
                         - set(LITERALS)))
KEYWORDS += tuple(sorted({t.encode() for d in LINE_DETECTORS if d.fold for t in d.triggers}
                         - set(KEYWORDS)))
GENERIC = "secrets.generic-password"
# rules whose detection is a judgement (not a vendor format): an example in a docstring is reported
# low
HEURISTIC = frozenset({GENERIC, "secrets.jwt-token", "secrets.url-password",
                       "secrets.database-url-password"})
ENTROPY = "secrets.high-entropy-string"
AWS_SECRET = "secrets.aws-secret-key"  # noqa: S105 - a rule id
LONG_LINE = 4096
WINDOW_BEFORE, WINDOW_AFTER = 512, 1536
# overlapping windows of one long line are scanned together, up to this many bytes
MERGED_MAX = 32 * 1024
PRAGMA = "pragma: allowlist secret"
# what the multi-line formats look for on a window (_TextScan.window)
_BLOCK_MARKS = (b"PuTTY-User-Key-File", b"\"service_account\"", b"-----BEGIN")
PRAGMA_NEXT = "pragma: allowlist nextline secret"

@dataclass(frozen=True, slots=True)
class Options:
    """What a worker needs to scan; picklable. ``known`` are (name, value) of env-schema secrets."""

    detect_secrets: bool = True
    entropy: bool = False
    known: tuple[tuple[str, str], ...] = ()
    max_bytes: int = 8 * 1024 * 1024
    # the native gate (prefilter.py); off gives the same findings, slower (a test compares them)
    native_gate: bool = True


@dataclass(frozen=True, slots=True)
class Hit:
    """One secret found in one file at one line. ``value`` is raw: the check hashes and masks it,
    never prints it."""

    rule: str
    path: str
    line: int
    value: str
    note: str = ""
    severity: str | None = None
    ds_type: str = ""  # the detect-secrets type name, for .secrets.baseline matching


@dataclass(slots=True)
class FileResult:
    hits: list[Hit] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    bytes_scanned: int = 0
    files_scanned: int = 0
    candidate_lines: int = 0
    binary_files: int = 0  # scanned for printable strings only (or holding none)
    utf16_files: int = 0
    hit_where: list[str] = field(default_factory=list)  # scan_groups: each hit's group (commit)
    # a history job that read git's log itself (history.scan_log): what the log held
    added_lines: int = 0
    changed_paths: set[str] = field(default_factory=set)
    commits: list[str] = field(default_factory=list)


def known_forms(known: Iterable[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(name, form description, searched text) for each exact secret value: raw, base64 and
    URL-encoded."""
    import base64
    from urllib.parse import quote

    out: list[tuple[str, str, str]] = []
    for name, value in known:
        if len(value) < 8:
            continue
        out.append((name, "value", value))
        b64 = base64.b64encode(value.encode()).decode()
        out.append((name, "base64-encoded value", b64.rstrip("=")))
        enc = quote(value, safe="")
        if enc != value:
            out.append((name, "URL-encoded value", enc))
    return out


# -- the prefilter
# -------------------------------------------------------------------------------------------
# one pass of an Aho-Corasick automaton per file (Rust); a substring search per needle otherwise
try:
    import ahocorasick_rs

    _KW_AC: Any = ahocorasick_rs.BytesAhoCorasick(list(KEYWORDS))
    _LIT_AC: Any = ahocorasick_rs.BytesAhoCorasick(list(LITERALS))
# the dependency is declared; the fallback keeps the check working
except ImportError:  # pragma: no cover
    _KW_AC = _LIT_AC = None

MAX_POSITIONS = 200_000
# a binary file from this size on is searched natively first (_fast_binary_positions)
FAST_BINARY_BYTES = 64 * 1024


def _find_all(hay: bytes, needles: Sequence[bytes], pos: list[int]) -> None:
    for kw in needles:
        i = hay.find(kw)
        while i != -1 and len(pos) < MAX_POSITIONS:
            pos.append(i)
            i = hay.find(kw, i + 1)


def _positions(data: bytes, known: Sequence[bytes]) -> list[int]:
    """Offsets of every keyword (case-insensitive), vendor literal and known secret value in
    ``data``."""
    pos: list[int] = []
    low = data.lower()
    if _KW_AC is not None:
        pos.extend(m[1] for m in _KW_AC.find_matches_as_indexes(low)[:MAX_POSITIONS])
        pos.extend(m[1] for m in _LIT_AC.find_matches_as_indexes(data)[:MAX_POSITIONS])
    else:
        _find_all(low, KEYWORDS, pos)
        _find_all(data, LITERALS, pos)
    _find_all(data, known, pos)
    return sorted(set(pos))


try:  # the same needles as UTF-16LE, for the strings of binary files
    _KW16_AC: Any = ahocorasick_rs.BytesAhoCorasick([k.decode().encode("utf-16-le")
                                                     for k in KEYWORDS])
    _LIT16_AC: Any = ahocorasick_rs.BytesAhoCorasick([k.decode().encode("utf-16-le")
                                                      for k in LITERALS])
except NameError:  # pragma: no cover - ahocorasick_rs missing: binary strings are read whole
    _KW16_AC = _LIT16_AC = None


def _needle_groups() -> list[tuple[Sequence[bytes], bool]]:
    """The prefilter's needles as the native scanner takes them: (needles, ASCII case folded)."""
    return [(KEYWORDS, True), (LITERALS, False),
            ([k.decode().encode("utf-16-le") for k in KEYWORDS], True),
            ([k.decode().encode("utf-16-le") for k in LITERALS], False)]


def _binary_positions(data: bytes, opts: Options) -> tuple[list[int], list[int]]:
    """Prefilter hits in a binary file's raw bytes: ASCII needles, and the same as UTF-16LE."""
    needles = [f[2] for f in known_forms(opts.known)]
    known = [n.encode("utf-8", "surrogateescape") for n in needles]
    known16 = [n.encode("utf-16-le", "surrogatepass") for n in needles]
    fast = _fast_binary_positions(data, known, known16)
    if fast is not None:
        return fast
    ascii_at = _positions(data, known)
    if _KW16_AC is None:  # pragma: no cover
        return ascii_at, list(range(0, len(data), 4096))  # every region: the whole file
    utf16_at = [m[1] for m in _KW16_AC.find_matches_as_indexes(data.lower())[:MAX_POSITIONS]]
    utf16_at += [m[1] for m in _LIT16_AC.find_matches_as_indexes(data)[:MAX_POSITIONS]]
    _find_all(data, known16, utf16_at)
    return ascii_at, utf16_at


def _fast_binary_positions(data: bytes, known: Sequence[bytes],
                           known16: Sequence[bytes]) -> tuple[list[int], list[int]] | None:
    """What the four automaton passes of _binary_positions give, from one native pass
    (prefilter.Needles) and the automata run on the bytes around each occurrence only; None when
    the native scanner is missing or the file holds too many occurrences."""
    if _KW16_AC is None or len(data) < FAST_BINARY_BYTES:
        return None
    scanner = prefilter.needles(_needle_groups)
    occ = scanner.occurrences(data) if scanner is not None else None
    if occ is None:
        return None
    kw, lit, kw16, lit16 = occ
    ascii_at = prefilter.clustered(_KW_AC, data, kw, True)[:MAX_POSITIONS]
    ascii_at += prefilter.clustered(_LIT_AC, data, lit, False)[:MAX_POSITIONS]
    _find_all(data, known, ascii_at)
    utf16_at = prefilter.clustered(_KW16_AC, data, kw16, True)[:MAX_POSITIONS]
    utf16_at += prefilter.clustered(_LIT16_AC, data, lit16, False)[:MAX_POSITIONS]
    _find_all(data, known16, utf16_at)
    return sorted(set(ascii_at)), utf16_at


def _literal_positions(data: bytes, known: Sequence[bytes]) -> list[int]:
    """Offsets of vendor literals and known secret values only (what a past-budget window must
    hold)."""
    pos: list[int] = []
    if _LIT_AC is not None:
        pos.extend(m[1] for m in _LIT_AC.find_matches_as_indexes(data)[:MAX_POSITIONS])
    else:
        _find_all(data, LITERALS, pos)
    _find_all(data, known, pos)
    return sorted(set(pos))


def _windows(data: bytes, positions: list[int]) -> Iterator[tuple[int, int, int]]:
    """(line number, start, end) of the candidate lines, or windows of long lines, in order; each
    once.

    Linear in ``data`` whatever its shape: the line of a position is found once for all its
    positions, and the overlapping windows of one long line (a minified bundle has a keyword every
    few bytes) are merged up to MERGED_MAX, so a 50 MB single line is scanned at the speed per byte
    of ordinary files."""
    line_no, counted_to = 1, 0
    ls = le = -1
    pending: tuple[int, int, int] | None = None  # (line, start, end) not yet yielded
    for p in positions:
        if not ls <= p < le:
            if pending is not None:
                yield pending
                pending = None
            ls = data.rfind(b"\n", counted_to, p) + 1 or counted_to
            le = data.find(b"\n", p)
            le = len(data) if le == -1 else le
            line_no += data.count(b"\n", counted_to, ls)
            counted_to = ls
        s, e = (max(ls, p - WINDOW_BEFORE),
                min(le, p + WINDOW_AFTER)) if le - ls > LONG_LINE else (ls, le)
        if pending is not None:
            _, ps, pe = pending
            if e <= pe:
                continue
            if s <= pe and e - ps <= MERGED_MAX:
                pending = (line_no, ps, e)
                continue
            yield pending
            s = max(s, pe)
        pending = (line_no, s, e)
    if pending is not None:
        yield pending


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _suppressed(data: bytes, start: int, line: str, rule: str) -> bool:
    if PRAGMA in line or ALLOW_COMMENT in line or ignore_matches(line, rule):
        return True
    prev_end = data.rfind(b"\n", 0, start)
    if prev_end <= 0:
        return False
    prev = _decode(data[data.rfind(b"\n", 0, prev_end) + 1:prev_end][:LONG_LINE])
    return PRAGMA_NEXT in prev or ignore_matches(prev, rule)


# -- scanning one text
# ---------------------------------------------------------------------------------------
def scan_bytes(path: str, data: bytes, opts: Options, line_map: Sequence[int] | None = None,
               stats: FileResult | None = None, budget: chunks.Budget | None = None) -> list[Hit]:
    """Every secret in ``data`` (one file's content, or its added lines with ``line_map`` giving
    real numbers).

    A big text goes piece by piece (chunks.py) with one window budget, so time and memory stay
    bounded."""
    own = budget is None
    budget = budget or chunks.Budget()
    if len(data) > chunks.PIECE_BYTES:
        total = data.count(b"\n") + 1
        merged: dict[tuple[str, int, str], Hit] = {}
        for lines, piece in chunks.pieces(data):
            for h in scan_bytes(path, piece, opts, chunks.Shifted(line_map, lines, total), stats,
                                budget):
                merged.setdefault((h.rule, h.line, h.value), h)
        found = list(merged.values())
    else:
        found = _scan_text(path, data, opts, line_map, stats, budget)
    note = budget.note() if own else None
    if note and stats is not None:
        stats.skipped.append((path, note))
    return found


def _scan_text(path: str, data: bytes, opts: Options, line_map: Sequence[int] | None,
               stats: FileResult | None, budget: chunks.Budget) -> list[Hit]:
    forms = known_forms(opts.known)
    needles = [f[2].encode("utf-8", "surrogateescape") for f in forms]
    positions = _positions(data, needles)
    if generic.is_pgpass(path):  # host:port:db:user:password lines hold no keyword
        positions = sorted({*positions, 0, *(i + 1 for i in range(len(data)) if data[i] == 10)})
    if not positions:
        return []
    scan = _TextScan(path, data, opts, line_map, forms)
    scan.gate = prefilter.gate_for(len(data), ds_plugins) if opts.native_gate else None
    for n, s, e in budget.filter(_windows(data, positions),
                                 lambda: _literal_positions(data, needles)):
        if stats is not None:
            stats.candidate_lines += 1
        scan.window(n, s, e)
    found = list(scan.hits.values())
    accounts = {h.value for h in found
                if h.rule in ("secrets.gcp-service-account", "secrets.firebase-admin-key")}
    return _pair_aws([h for h in found
                      if not (h.rule == "secrets.private-key" and h.value in accounts)])


class _TextScan:
    """One text's hits, keyed by (line, value): a specific rule replaces the generic one found on
    the same value."""

    def __init__(self, path: str, data: bytes, opts: Options, line_map: Sequence[int] | None,
                 forms: Sequence[tuple[str, str, str]]) -> None:
        self.path, self.data, self.opts, self.line_map, self.forms = (
            path,
            data,
            opts,
            line_map,
            forms,
        )
        self.lock = benign.is_lock_file(path)
        self.low_path = benign.is_test_or_doc(path)
        self.throwaway = benign.is_throwaway_stack(path)
        self.quotes: list[int] | None = None
        self.gate: prefilter.Gate | None = None
        self.needles = [f[2].encode("utf-8", "surrogateescape") for f in forms]
        self.hits: dict[tuple[int, str], Hit] = {}
        self.n, self.line, self.start = 0, "", 0  # the window being scanned

    def in_docstring(self, offset: int) -> bool:
        """Python only: inside a triple-quoted string (odd number of triple quotes before the
        line)."""
        if not self.path.endswith((".py", ".pyi")):
            return False
        if self.quotes is None:
            self.quotes = []
            _find_all(self.data, (b'"""', b"'''"), self.quotes)
            self.quotes.sort()
        return bisect.bisect_left(self.quotes, offset) % 2 == 1

    def real(self, n: int) -> int:
        line_map = self.line_map
        return line_map[n - 1] if line_map and 0 < n <= len(line_map) else n

    def add(self, rule: str, value: str, note: str, sev: str | None, ds: str = "",
            at: int = 0) -> None:
        """A hit on the current window (line ``n`` at offset ``start`` of ``data``); ``at``: the
        value's offset within the line."""
        n, line, start = self.n, self.line, self.start
        if _suppressed(self.data, start, line, rule):
            return
        if (self.low_path and not rule.startswith("secrets.env-schema")) or (
            rule == GENERIC and self.throwaway
        ):
            sev = detectors.LOW
        elif rule in HEURISTIC and self.in_docstring(start + at):
            sev, note = detectors.LOW, f"{note} (in a docstring: an example)"
        key = (self.real(n), value)
        old = self.hits.get(key)
        # a judgement yields to a vendor's format on the same value: the generic rule, and the AWS
        # secret key's ``SECRET_KEY = <40>`` on a line that names no AWS (``DUO_SECRET_KEY``)
        weak = old is not None and (old.rule == GENERIC or (old.rule == AWS_SECRET
                                                            and "aws" not in line.lower()))
        if old is not None and not (weak and rule not in (GENERIC, ENTROPY, AWS_SECRET)):
            return
        self.hits[key] = Hit(rule=rule, path=self.path, line=key[0], value=value, note=note,
                             severity=sev,
                             ds_type=ds)

    def window(self, n: int, s: int, e: int) -> None:
        """Line ``n`` (bytes ``s:e`` of the text): the known values, the multi-line formats, then
        line rules; through the native gate, only those that can match."""
        data, raw = self.data, self.data[s:e]
        gated = self.gate.matched(raw) if self.gate is not None else None
        if gated is not None and not self.needed(gated, raw):
            return
        line = _decode(raw)
        self.n, self.line, self.start = n, line, s
        self.known_values(line)
        blocks: list[detectors.BlockHit] = []
        if "PuTTY-User-Key-File" in line:
            blocks += detectors.putty_keys(_decode(data[s:]))
        if "\"service_account\"" in line:
            blocks += detectors.service_account_json(_decode(data))
        for b in blocks:
            self.add(b.rule, b.value, b.note, None)
        if "-----BEGIN" in line:
            for b in detectors.private_key_blocks(_decode(data[s:min(len(data), s + 65536)])):
                if b.offset < e - s:  # blocks further down are reported from their own line
                    self.add(b.rule, b.value, b.note, detectors.LOW if self.lock else None)
        for c in detectors.line_candidates(line, self.path, gated):
            if not (self.lock and c.rule == "secrets.generic-password"):
                self.add(c.rule, c.value, c.note, c.severity, at=c.start)
        if (generic.opens_value(line) and data[e:e + 1] == b"\n" and not self.lock
                and (gated is None or prefilter.GENERIC in gated)):
            self.next_line_value(n, line, e)
        if self.opts.detect_secrets and not self.lock:
            self.detect_secrets(n, line, gated)

    def next_line_value(self, n: int, line: str, e: int) -> None:
        """A secret named on line ``n`` (ending at ``e``) with its value on the next line
        (``- name: API_TOKEN`` / ``value: ...``, ``token: >-``): reported on that line."""
        end = self.data.find(b"\n", e + 1)
        follow = _decode(self.data[e + 1:(len(self.data) if end == -1 else end)][:LONG_LINE])
        saved = self.n, self.line, self.start
        self.n, self.line, self.start = n + 1, follow, e + 1
        for c in generic.two_line_candidates(line, follow, self.path):
            self.add(c.rule, c.value, c.note, c.severity, at=c.start)
        self.n, self.line, self.start = saved

    def needed(self, gated: frozenset[int], raw: bytes) -> bool:
        """Whether anything can be found in the window ``raw``, given the gate's ``gated`` ids."""
        if any(i < prefilter.DS_BASE for i in gated):
            return True
        entropy = self.gate.entropy if self.gate is not None and not self.opts.entropy else ()
        if self.opts.detect_secrets and not self.lock and any(i not in entropy for i in gated):
            return True
        return any(m in raw for m in _BLOCK_MARKS) or any(k in raw for k in self.needles)

    def known_values(self, line: str) -> None:
        for name, form, needle in self.forms:
            if needle in line:
                self.add("secrets.env-schema-secret", needle, f"{form} of {name}, which "
                         "env.schema marks secret", None)

    def detect_secrets(self, n: int, line: str, gated: frozenset[int] | None) -> None:
        path = self.path
        for ds_type, value in ds_scan(path, n, line, self.opts.entropy, gated):
            rule = DS_RULES.get(ds_type)
            if rule is None or ds_type in OWNED_DS_TYPES or benign.is_benign_value(value):
                continue
            if benign.is_name(value) or benign.names_a_token(line, value):
                continue  # an identifier: a token's *name* (Tinybird ``TOKEN "<name>"``), a map key
            if rule == GENERIC and (benign.is_uuid(value) or benign.is_translation(path)
                                    or vendor_prefixed(value) or line_near_miss(line, value)
                                    or not generic.looks_secret(value, line,
                                                                config=not benign.is_code(path))):
                continue
            self.add(rule, value, f"detect-secrets: {ds_type}", None, ds_type)


def _pair_aws(hits: list[Hit]) -> list[Hit]:
    """An AWS key id with a secret key in the same text is a working credential pair: say so on the
    key id."""
    has_secret = any(h.rule == "secrets.aws-secret-key" for h in hits)
    if not has_secret:
        return hits
    out = []
    for h in hits:
        if h.rule == "secrets.aws-access-key" and h.severity is None:
            h = Hit(rule=h.rule, path=h.path, line=h.line, value=h.value, ds_type=h.ds_type,
                    note="access key id paired with a secret access key in the same file",
                    severity="blocker")
        out.append(h)
    return out


# -- worker entry points (run in the process pool)
# -----------------------------------------------------------
def scan_files(root: str, paths: Sequence[str], opts: Options) -> FileResult:
    """Read and scan each repo-relative path under ``root`` with the size, binary and symlink
    guards."""
    res = FileResult()
    real_root = os.path.realpath(root)
    for rel in paths:
        full = os.path.join(root, rel)
        try:
            if os.path.islink(full):
                target = os.path.realpath(full)
                if not (target + os.sep).startswith(real_root + os.sep):
                    res.skipped.append((rel, "symlink points outside the repository"))
                    continue
            st = os.stat(full)
            if st.st_size > opts.max_bytes:
                res.skipped.append((rel, f"larger than the {opts.max_bytes}-byte cap "
                                    f"({st.st_size} bytes)"))
                continue
            # judged again on the descriptor, opened non-blocking: a file swapped for a FIFO or a
            # device after
            # the walk is refused, never waited on or read without end
            data = read_regular(Path(full), opts.max_bytes, rel)
        except Refused as exc:
            res.skipped.append((rel, exc.reason))
            continue
        except (OSError, RuntimeError) as exc:
            res.skipped.append((rel, "unreadable: "
                                f"{getattr(exc, 'strerror', None) or type(exc).__name__}"))
            continue
        res.files_scanned += 1
        res.bytes_scanned += len(data)
        _scan_any(rel, data, opts, None, res)
    return res


def _scan_any(path: str, data: bytes, opts: Options, line_map: Sequence[int] | None,
              res: FileResult) -> None:
    """Scan one file's content, whatever its encoding; binary strings have no line: their hits are
    on line 1."""
    got = as_text(data, lambda raw: _binary_positions(raw, opts))
    if got is None:
        res.binary_files += 1
        return
    text, kind = got
    if kind == "binary":
        res.binary_files += 1
        res.hits.extend(Hit(rule=h.rule, path=h.path, line=1, value=h.value, severity=h.severity,
                            ds_type=h.ds_type, note=f"{h.note} (in a printable string of a binary "
                            "file)".lstrip())
                        for h in scan_bytes(path, text, opts, stats=res))
        return
    res.utf16_files += kind == "utf-16"
    res.hits.extend(scan_bytes(path, text, opts, line_map=line_map, stats=res))


def scan_blobs(blobs: Sequence[tuple[str, bytes, Sequence[int] | None]],
               opts: Options) -> FileResult:
    """Scan in-memory texts: (path, content, line map or None). Used for diffs and history."""
    res = FileResult()
    for path, data, line_map in blobs:
        res.files_scanned += 1
        res.bytes_scanned += len(data)
        _scan_any(path, data, opts, line_map, res)
    return res


def scan_groups(groups: Sequence[tuple[str, Sequence[tuple[str, bytes, Sequence[int] | None]]]],
                opts: Options) -> FileResult:
    """Scan groups of in-memory texts, (commit, blobs as scan_blobs takes them), in order; each
    hit's commit is in ``hit_where``."""
    res = FileResult()
    for where, blobs in groups:
        scan_group(res, where, blobs, opts)
    return res


def scan_group(res: FileResult, where: str,
               blobs: Iterable[tuple[str, bytes, Sequence[int] | None]], opts: Options) -> None:
    """Scan one group of texts (one commit's) into ``res``."""
    before = len(res.hits)
    for path, data, line_map in blobs:
        res.files_scanned += 1
        res.bytes_scanned += len(data)
        _scan_any(path, data, opts, line_map, res)
    res.hit_where += [where] * (len(res.hits) - before)
