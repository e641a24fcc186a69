"""Reporters by name: each is a pure ``render(report) -> str``."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from launchgate.model import Report
from launchgate.report import json_, junit, markdown, sarif, text

Renderer = Callable[[Report], str]

FORMATS: Mapping[str, Renderer] = {
    "text": text.render,
    "json": json_.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "markdown": markdown.render,
}
