"""HTML parser benchmark for web.mixed-content: selectolax (Lexbor, what launchgate uses) beside
lxml and html5lib, the other parsers issue 14 names, on the same extraction (src/href/srcset).

Prints, per page shape, the mean time of parse + extraction over --repeat runs (and the time of
launchgate's whole subresources(), which caps the depth, resolves URLs and keeps 50 a page), and
for a tricky document which http:// URLs each parser finds (a browser loads the script and the
unquoted image; it does not load <template> content or a URL inside a script string). lxml and
html5lib are benchmark-only: `make bench` installs them.

Usage: PYTHONPATH=. python benchmarks/html_parsers.py [--repeat N]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from launchgate.checks.web.mixed import subresources
from launchgate.net import HttpSnapshot

ROW = ('<div class="c"><img src="http://cdn.example/x{0}.png"><a href="/p{0}">link</a>'
       '<script src="/s{0}.js"></script><p>text {0} &amp; more</p></div>\n')
PAGES = {
    "216 KB, 3,000 src": ("<!doctype html><html><head><title>t</title></head><body>"
                          + "".join(ROW.format(i) for i in range(1500)) + "</body></html>"),
    "4 KB landing page": ("<!doctype html><html><head><link rel=stylesheet href=/a.css>"
                          "<script src=/app.js></script></head><body>"
                          + "".join(ROW.format(i) for i in range(20)) + "</body></html>"),
    "2,000 nested divs": "<div>" * 2000 + '<img src="http://cdn.example/deep.png">',
}
TRICKY = ('<script>var s="<img src=http://fake.example/in-string.png>";</script>'
          '<p><img src=http://cdn.example/unquoted.png>'
          '<template><img src="http://cdn.example/template.png"></template>'
          '<script src="http://cdn.example/lib.js"></script>')


def _snap(html: str) -> HttpSnapshot:
    return HttpSnapshot(url="https://shop.example/", status=200,
                        headers=(("content-type", "text/html"),), body=html.encode(),
                        truncated=False, elapsed_s=0.0)


def with_selectolax(html: str) -> list[str]:
    from selectolax.lexbor import LexborHTMLParser

    doc = LexborHTMLParser(html)
    return [v for e in doc.css("[src], [href], [srcset]") for a in ("src", "href", "srcset")
            if isinstance(v := e.attributes.get(a), str) and v.startswith("http://")]


def with_launchgate(html: str) -> list[str]:
    """What web.mixed-content runs: the depth cap, 18 selectors, URL resolution, <= 50 a page."""
    return [s.url for s in subresources(_snap(html))]


def with_lxml(html: str) -> list[str]:
    import lxml.html

    doc = lxml.html.fromstring(html)
    return [v for e in doc.iter() for a in ("src", "href", "srcset")
            if isinstance(v := e.get(a), str) and v.startswith("http://")]


def with_html5lib(html: str) -> list[str]:
    import html5lib

    doc = html5lib.parse(html, namespaceHTMLElements=False)
    return [v for e in doc.iter() for a in ("src", "href", "srcset")
            if isinstance(v := e.get(a), str) and v.startswith("http://")]


PARSERS: dict[str, Callable[[str], list[str]]] = {
    "selectolax": with_selectolax, "lxml": with_lxml, "html5lib": with_html5lib,
    "launchgate subresources": with_launchgate}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    for shape, html in PAGES.items():
        print(f"{shape}:")
        for name, fn in PARSERS.items():
            try:
                fn(html)
            except ImportError:
                print(f"  {name:24} not installed")
                continue
            started = time.perf_counter()
            for _ in range(args.repeat):
                found = fn(html)
            ms = (time.perf_counter() - started) / args.repeat * 1000
            print(f"  {name:24} {ms:8.1f} ms  {len(found)} http:// URLs")
    print("tricky document (a browser loads unquoted.png and lib.js only):")
    for name, fn in PARSERS.items():
        try:
            print(f"  {name:24} {sorted(u.rsplit('/', 1)[-1] for u in fn(TRICKY))}")
        except ImportError:
            print(f"  {name:24} not installed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
