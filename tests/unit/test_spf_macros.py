"""SPF macros (RFC 7208 §7) name domains per message: the walker never looks them up literally (a
false permerror and void lookups before), while a literal target without a record is still a
permerror."""

from __future__ import annotations

from launchgate.net import DnsAnswer
from launchgate.spf import MailSnapshot, walk_spf


def snap(**txt: str) -> MailSnapshot:
    answers = {(name.replace("_", "."), "TXT"): DnsAnswer(name=name.replace("_", "."), rdtype="TXT",
                                                         status="ok" if rec else "nxdomain",
                                                         records=(rec,) if rec else ())
               for name, rec in txt.items()}
    return MailSnapshot(domain="example.test", answers=answers)


def test_macro_targets_are_counted_but_not_looked_up() -> None:
    s = snap(example_test="v=spf1 exists:%{i}.bl.example.test include:%{d}.spf.example.test "
                          "redirect=%{d}.d.example.test")
    need: list[tuple[str, str]] = []
    walk = walk_spf(s, "example.test", need=need)
    assert (walk.permerrors, walk.voids, need) == ([], [], [])
    assert walk.lookups == ["exists:%{i}.bl.example.test (example.test)",
                            "include:%{d}.spf.example.test " "(example.test)",
                            # each still counts towards the 10
                            "redirect=%{d}.d.example.test (example.test)"]


def test_a_literal_include_without_a_record_is_still_a_permerror() -> None:
    walk = walk_spf(snap(example_test="v=spf1 include:nospf.example.test -all",
                         nospf_example_test=""), "example.test")
    assert walk.permerrors == ["included domain nospf.example.test has no SPF records"]
    assert walk.voids == ["include:nospf.example.test (no record)"]
