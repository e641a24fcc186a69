"""Reporters by name: each is a pure ``render(report) -> str``. ``HANDOVER`` holds the handover
pack's formats (``launchgate handover``): documents about the launch, not one run's findings."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from launchgate.model import Report
from launchgate.report import handover_md, html, json_, junit, markdown, sarif, text

Renderer = Callable[[Report], str]

FORMATS: Mapping[str, Renderer] = {
    "text": text.render,
    "json": json_.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "markdown": markdown.render,
}

HANDOVER: Mapping[str, Renderer] = {
    "markdown": handover_md.render,
    "html": html.render,
}
