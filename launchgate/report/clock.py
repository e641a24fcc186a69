"""The only clock a reporter may show: the run's start time from the Report, in UTC."""

from __future__ import annotations

from datetime import UTC, datetime

from launchgate.model import Report


def utc_time(report: Report) -> datetime:
    """``report.info.started_at`` in UTC (a naive time is taken as UTC)."""
    t = report.info.started_at
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC)
