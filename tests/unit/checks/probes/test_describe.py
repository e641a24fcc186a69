"""What the handover pack says a health URL checks and a smoke flow does: names and statuses from
the config, never an expected value or a ${VAR}'s value."""

from __future__ import annotations

from launchgate.checks.probes import health, smoke

BASE, HOSTS = "https://shop.test", frozenset({"shop.test"})


def test_a_health_url_says_its_statuses_the_json_it_reads_and_its_dependencies():
    spec = health.health_specs(
        [
            {
                "url": "/healthz",
                "expect": {
                    "status": [200, 204],
                    "json": {"status": "ok", "db": "up"},
                    "dependencies": ["database"],
                },
            }
        ],
        BASE,
        HOSTS,
    )[0]
    assert (
        health.describe_health(spec)
        == "GET expects 200 or 204; JSON db, status; dependencies database"
    )
    assert "ok" not in health.describe_health(spec).split("; ")[1]  # keys, not expected values
    plain = health.health_specs([{"url": "/readyz"}], BASE, HOSTS)[0]
    assert health.describe_health(plain) == "GET expects 200"


def test_a_smoke_flow_lists_its_steps_with_placeholders_not_values():
    flow = smoke.flow_specs(
        [
            {
                "name": "checkout",
                "steps": [
                    {
                        "name": "login",
                        "request": "POST /api/login",
                        "json": {"password": "${SMOKE_PASSWORD}"},
                        "expect": {"status": 200},
                    },
                    {"name": "items", "request": "GET /api/items?owner=${USER_ID}"},
                ],
            }
        ]
    )[0]
    assert smoke.describe_steps(flow) == (
        "login: POST /api/login expects 200\nitems: GET /api/items?owner=${USER_ID}"
    )
