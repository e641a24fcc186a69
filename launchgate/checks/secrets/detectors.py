"""launchgate's own detectors: which vendor formats and judgement detectors to try on a line, and
the multi-line formats (PEM, OpenSSH, PGP and PuTTY private keys, service-account JSON) that see the
whole text.

The vendor formats are in ``formats.py``, the judgement ones (URLs, assignments, headers) in
``generic.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from launchgate.checks.secrets import benign
from launchgate.checks.secrets.formats import (
    LOW,
    Candidate,
    classify_jwt,
    clerk_rule,
    github_checksum_ok,
)
from launchgate.checks.secrets.generic import generic_candidates, url_candidates
from launchgate.checks.secrets.prefilter import GENERIC, URL
from launchgate.checks.secrets.vendors import LINE_DETECTORS

__all__ = ["LOW", "BlockHit", "Candidate", "TriggerIndex", "classify_jwt", "github_checksum_ok",
           "line_candidates",
           "private_key_blocks", "putty_keys", "service_account_json"]


class TriggerIndex:
    """Which of several items (detectors, plugins) a line can trigger, from one Aho-Corasick pass
    over the line and one over its lower-cased form, instead of a substring test per item."""

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
        # a declared dependency; the slow path gives the same answer
        except ImportError:  # pragma: no cover
            self._ac = []

    def hits(self, line: str, low: str) -> list[int]:
        found: set[int] = set()
        if not self._ac:
            return [i for i, (words, fold) in enumerate(self.items)
                    if any(w in (low if fold else line) for w in words)]
        for table, ac, hay in zip(self._by_pattern, self._ac, (line, low), strict=True):
            if ac is None:
                continue
            keys = list(table)
            for pattern, _, _ in ac.find_matches_as_indexes(hay, overlapping=True):
                found.update(table[keys[pattern]])
        return sorted(found)


_DETECTOR_INDEX: TriggerIndex | None = None


def _triggered(line: str, low: str, gated: frozenset[int] | None) -> list[int]:
    """The detectors to run on a line: those a trigger of theirs is in, and the native gate
    (prefilter.py, ``gated``: the ids whose regex may match) allows."""
    global _DETECTOR_INDEX  # noqa: PLW0603 - built once per process, on first use
    if gated is not None:
        return [i for i in sorted(gated) if i < len(LINE_DETECTORS)
                and any(w in (low if LINE_DETECTORS[i].fold else line)
                        for w in LINE_DETECTORS[i].triggers)]
    if _DETECTOR_INDEX is None:
        _DETECTOR_INDEX = TriggerIndex([(d.triggers, d.fold) for d in LINE_DETECTORS])
    return _DETECTOR_INDEX.hits(line, low)


def line_candidates(line: str, path: str,
                    gated: frozenset[int] | None = None) -> Iterator[Candidate]:
    """Every candidate on one line (or window), benign look-alikes already rejected. ``gated``:
    the native gate's verdict on the line (None: every detector is tried)."""
    low = line.lower()
    for i in _triggered(line, low, gated):
        det = LINE_DETECTORS[i]
        for m in det.pattern.finditer(line):
            value = m.group(det.group)
            verdict = det.validate(value, line, path) if det.validate else ("", None)
            if verdict is None:
                continue
            note, sev = verdict
            rule = det.rule
            if rule == "secrets.jwt-token":
                got = classify_jwt(value)
                rule = got[0] if got else rule
            elif rule == "secrets.stripe-secret-key":
                rule = clerk_rule(line, value) or rule
            if benign.ui_text_at(line, m.start(det.group)):
                note, sev = "in a UI placeholder or label: an example of the format", LOW
            yield Candidate(rule=rule, value=value, start=m.start(det.group), note=note,
                            severity=sev)
    if "://" in line and (gated is None or URL in gated):
        yield from url_candidates(line, path)
    if gated is None or GENERIC in gated:
        yield from generic_candidates(line, path)


# -- multi-line formats
# --------------------------------------------------------------------------------------
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
    """PEM / OpenSSH / PGP private key blocks with a body (a bare header string in code is not a
    key)."""
    for m in _PEM_BEGIN.finditer(text):
        body = _PEM_BODY.match(text, m.end(), min(len(text), m.end() + 8192))
        if body is None:
            continue
        value = re.sub(r"\\[rn]|[\s\"'+]", "", body.group(1))
        if len(value) < 64 or benign.is_benign_value(value[:64]):
            continue
        yield BlockHit(rule="secrets.private-key", value=value, offset=m.start(),
                       note=f"{m.group(1).lower()} block")


_PUTTY = re.compile(r"PuTTY-User-Key-File-\d: (\S+)\r?\nEncryption: "
                    r"(\S+)[\s\S]{0,4000}?Private-Lines: \d+\r?\n([A-Za-z0-9+/=\r\n]{64,})")


def putty_keys(text: str) -> Iterator[BlockHit]:
    """PuTTY .ppk private keys (the Private-Lines body)."""
    for m in _PUTTY.finditer(text[:16384]):
        value = re.sub(r"\s", "", m.group(3))
        if not benign.is_benign_value(value[:64]):
            yield BlockHit(rule="secrets.private-key", value=value, offset=m.start(),
                           note=f"PuTTY {m.group(1)} private key (encryption: {m.group(2)})")


def service_account_json(text: str) -> Iterator[BlockHit]:
    """GCP service-account key files (``"type": "service_account"`` with a private key); Firebase
    admin SDK keys."""
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
            rule="secrets.gcp-service-account", value=blocks[0].value, offset=m.start(),
            note=f"service account {who}"
        )
