"""Reporters by name: each is a pure ``render(report) -> str``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from launchgate.model import Report

Renderer = Callable[[Report], str]


def utc_time(report: Report) -> datetime:
    """The run's start time in UTC (a naive time is taken as UTC): the only clock a reporter may show."""
    t = report.info.started_at
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC)


def _formats() -> dict[str, Renderer]:
    from launchgate.report import junit, markdown, sarif  # noqa: PLC0415 - the modules import utc_time from here

    return {"sarif": sarif.render, "junit": junit.render, "markdown": markdown.render}


FORMATS: Mapping[str, Renderer] = _formats()
