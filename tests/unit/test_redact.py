"""redact: the only way a secret becomes text. A masked value shows at most 4 characters and its
length."""

from __future__ import annotations

from launchgate.redact import Secret, mask, public, scrub, secret_hash

# Built from pieces at test time: never a live-looking key as one literal
KEY = "sk_" + "live_" + "4eC39HqLyjWDarjtT1zdp7dc"


def test_mask_shows_at_most_four_leading_characters_and_the_length():
    assert mask(KEY) == f"sk_l…({len(KEY)} chars)"
    assert KEY[4:] not in mask(KEY)
    assert mask("abcdefgh") == "ab…(8 chars)"  # a short secret shows proportionally less
    assert mask("abc") == "…(3 chars)"
    assert mask("") == "…(0 chars)"


def test_a_secret_never_prints_itself():
    s = Secret(KEY)
    assert str(s) == repr(s) == f"{s}" == mask(KEY)
    assert KEY not in f"{[s]} {s!r} {s!s}"
    assert s.reveal() == KEY
    assert s == Secret(KEY) and s != Secret(KEY + "x") and s != KEY
    assert len({s, Secret(KEY)}) == 1


def test_scrub_masks_every_known_secret_longest_first_and_leaves_short_ones():
    token = "ghp_" + "A" * 36
    text = f"auth failed for {KEY} (prefix {KEY[:10]}) with {token}; pin 1234 ok"
    out = scrub(text, [KEY, KEY[:10], token, "ab"])
    assert KEY not in out and token not in out
    assert out == (f"auth failed for {mask(KEY)} (prefix {mask(KEY[:10])}) with {mask(token)}; "
                   "pin 1234 ok")
    assert scrub("nothing secret here", [KEY]) == "nothing secret here"
    assert scrub("pin ab here", ["ab"]) == "pin ab here"  # under min_len: not treated as a secret


def test_public_text_is_kept_as_written_and_the_hash_is_detect_secrets_sha1():
    assert public("DATABASE_URL, REDIS_URL") == "DATABASE_URL, REDIS_URL"
    assert secret_hash("password") == "5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8"
    assert secret_hash(KEY) != secret_hash(KEY + "x") and KEY not in secret_hash(KEY)
