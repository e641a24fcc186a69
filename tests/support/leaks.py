"""The leak check every output test shares: a secret is shown neither whole nor by a prefix long
enough to find it again (masking keeps at most its first 4 characters)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

PREFIX = 12  # longer than the 4 characters a mask keeps


def leaked(outputs: Iterable[str], secrets: Mapping[str, str]) -> list[str]:
    """The names of the secrets some output shows, whole or by their first PREFIX characters."""
    blob = "\n".join(outputs)
    return sorted(name for name, value in secrets.items()
                  if value in blob or value[:PREFIX] in blob)
