"""The redirect chains and the edge the handover pack shows, from response snapshots (no
sockets)."""

from __future__ import annotations

from launchgate.checks.web.gather import HostWeb
from launchgate.checks.web.records import describe_chain, host_figures
from launchgate.net import HttpSnapshot, RedirectChain


def resp(url: str, status: int, **headers: str) -> HttpSnapshot:
    return HttpSnapshot(
        url=url,
        status=status,
        headers=tuple((k.replace("_", "-"), v) for k, v in headers.items()),
        body=b"",
        truncated=False,
        elapsed_s=0.01,
    )


def test_a_chain_reads_start_status_and_where_each_hop_led():
    chain = RedirectChain(
        start="http://shop.test/a?b=1",
        hops=(resp("http://shop.test/a?b=1", 301), resp("https://shop.test/a?b=1", 200)),
    )
    assert describe_chain(chain) == "http://shop.test/a?b=1 → 301 → https://shop.test/a?b=1 → 200"
    loop = RedirectChain(
        start="https://a.test/",
        hops=(resp("https://a.test/", 302),),
        stopped="loop",
        next_url="https://a.test/",
    )
    assert describe_chain(loop) == "https://a.test/ → 302 → stopped: loop at https://a.test/"


def test_only_an_https_chain_that_moves_on_is_recorded():
    apex = HostWeb(
        host="shop.test",
        http_chain=RedirectChain(
            start="http://shop.test/",
            hops=(resp("http://shop.test/", 301), resp("https://shop.test/", 200)),
        ),
        https_chain=RedirectChain(
            start="https://shop.test/", hops=(resp("https://shop.test/", 200, server="nginx"),)
        ),
    )
    assert host_figures(apex) == {
        "web.redirect.http.shop.test": "http://shop.test/ → 301 → https://shop.test/ → 200",
    }  # the edge per host is front.py's figure (tests/unit/checks/web/test_front.py)
    www = HostWeb(
        host="www.shop.test",
        http_chain=RedirectChain(start="http://www.shop.test/", hops=()),
        https_chain=RedirectChain(
            start="https://www.shop.test/",
            hops=(resp("https://www.shop.test/", 308, cf_ray="1"), resp("https://shop.test/", 200)),
        ),
    )
    assert host_figures(www)["web.redirect.https.www.shop.test"] == (
        "https://www.shop.test/ → 308 → https://shop.test/ → 200"
    )
