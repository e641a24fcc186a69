"""Env correctness on realistic inputs (issue 10 item 4, issue 19's quadratic .env): big files, comments,
dotenvx-encrypted values, other environments' files."""

from __future__ import annotations

from launchgate.checks.env.files import merge, parse_dotenv


def test_a_twenty_thousand_line_dotenv_merges_every_binding_and_reference():
    lines = [f"VAR_{i}=${{VAR_{i - 1}}}x" if i % 10 == 9 else f"VAR_{i}=v{i}" for i in range(20_000)]
    f = parse_dotenv(".env", "\n".join(lines) + "\nLAST=${MISSING_ONE}\n")
    values, unresolved = merge([f], {"VAR_0": "from-process"})
    assert len(values) == 20_001
    assert values["VAR_19999"].value == "v19998x" and values["VAR_19999"].line == 20_000
    assert values["VAR_9"].value == "v8x"
    assert values["VAR_0"].value == "from-process"  # the process environment still wins
    assert [(u.key, u.ref) for u in unresolved] == [("LAST", "MISSING_ONE")]


def test_a_reference_sees_the_process_environment_over_an_earlier_binding():
    f = parse_dotenv(".env", "HOST=file.test\nURL=https://${HOST}/\n")
    values, _ = merge([f], {"HOST": "proc.test"})
    assert values["URL"].value == "https://proc.test/"
