"""GitHub-flavoured Markdown rendered as GitHub does (cmark-gfm with its extensions), and what the
HTML holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import cmarkgfm
from cmarkgfm.cmark import Options


def to_html(markdown: str) -> str:
    # UNSAFE keeps raw HTML in the output, so an injected tag would show up in the assertions
    # (GitHub's sanitiser
    # would keep <details>/<summary>/<sub>/<b> too).
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


@dataclass
class Parsed(HTMLParser):
    headings: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    tags: set[str] = field(default_factory=set)
    text: list[str] = field(default_factory=list)
    # GitHub resolves mentions and #refs only here
    outside_code: list[str] = field(default_factory=list)
    _code: int = 0
    _heading: list[str] | None = None

    def __post_init__(self) -> None:
        super().__init__()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self._code += tag == "code"
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading = []
        elif tag == "a":
            self.links.append(dict(attrs).get("href") or "")
        elif tag == "img":
            self.images.append(dict(attrs).get("src") or "")

    def handle_endtag(self, tag: str) -> None:
        self._code -= tag == "code"
        if tag.startswith("h") and tag[1:].isdigit() and self._heading is not None:
            self.headings.append("".join(self._heading))
            self._heading = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if not self._code:
            self.outside_code.append(data)
        if self._heading is not None:
            self._heading.append(data)


def parse(markdown: str) -> Parsed:
    p = Parsed()
    p.feed(to_html(markdown))
    return p
