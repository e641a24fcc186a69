"""The pure parts of net.py the edge checks rely on (no sockets)."""

from __future__ import annotations

from pathlib import Path

from launchgate.net import DnsAnswer, HttpSnapshot, Net, NetSettings, RedirectChain


def snap(url, status, location=None):
    headers = (("location", location),) if location else ()
    return HttpSnapshot(url=url, status=status, headers=headers, body=b"", truncated=False,
                        elapsed_s=0.0)


def test_redirect_target_resolves_relative_locations():
    assert snap("https://a.test/x/y?q=1", 301, "/b").redirect_target() == "https://a.test/b"
    assert snap("https://a.test/x/y", 302, "z").redirect_target() == "https://a.test/x/z"
    assert snap("http://a.test/", 308,
                "https://b.test/p?q=1").redirect_target() == "https://b.test/p?q=1"
    assert snap("https://a.test/", 200, "/b").redirect_target() is None
    assert snap("https://a.test/", 301).redirect_target() is None


def test_chain_urls_include_the_hop_not_followed():
    c = RedirectChain(start="http://a.test/",
                      hops=(snap("http://a.test/", 301, "https://evil.test/"),),
                      stopped="offsite", next_url="https://evil.test/")
    assert c.urls() == ["http://a.test/", "https://evil.test/"]


def test_dns_answer_failure_is_not_absence():
    assert DnsAnswer(name="a.test", rdtype="A", status="refused").failed
    assert DnsAnswer(name="a.test", rdtype="A", status="servfail").describe() == \
        "lookup failed: the server answered SERVFAIL"
    assert not DnsAnswer(name="a.test", rdtype="A", status="nxdomain").failed
    assert not DnsAnswer(name="a.test", rdtype="A", status="nodata").failed


def test_route_keeps_host_header_and_sni_when_the_address_changes():
    targets = {"resolve": ["a.test:8443:127.0.0.1"], "ports": {"http": 8080, "https": 8443},
               "nameservers": ["127.0.0.1:5353", "10.0.0.1"]}
    net = Net(NetSettings.from_targets(targets, Path(".")))
    url, headers, ext = net.route("https://a.test/p?q=1")
    assert str(url) == "https://127.0.0.1:8443/p?q=1"
    assert headers == {"Host": "a.test"} and ext == {"sni_hostname": "a.test"}
    url, headers, _ = net.route("http://b.test/", address="127.0.0.2")
    assert str(url) == "http://127.0.0.2:8080/" and headers == {"Host": "b.test"}
    assert [(ns.address, ns.port) for ns in net.resolver().nameservers] == [
        ("127.0.0.1", 5353),
        ("10.0.0.1", 53),
    ]
