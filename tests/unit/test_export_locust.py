"""`launchgate export locust`: the generated file compiles and carries the configured scenarios, as
data."""

from __future__ import annotations

import ast

from launchgate.export_locust import render_locustfile, scenarios

CONFIG = {
    "targets": {"canonical": "https://shop.test"},
    "smoke": [{"name": "signup-to-checkout", "steps": [
        {"name": "signup", "request": "POST /api/signup",
         "json": {"email": "lg-${RUN_ID}@example.test",
                                                                 "password": "${SMOKE_PASSWORD}"},
         "expect": {"status": 201}},
        {"name": "login", "request": "POST /api/login", "json": {"email": "e", "password": "p"},
         "capture": {"token": "$.token"}, "expect": {"status": 200}},
        {"name": "search", "request": "GET /api/listings?q=bike",
         "headers": {"Authorization": "Bearer ${token}"}}]}],
    "latency": [{"request": "GET /api/listings?q=bike", "rate": 20},
                {"request": "POST /api/listings", "json": {"title": "probe"}, "concurrency": 5}],
}


def literal(src: str, name: str) -> object:
    tree = ast.parse(src)
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == name:
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} not found")


def test_generated_locustfile_compiles_and_contains_the_scenarios() -> None:
    src = render_locustfile(CONFIG)
    compile(src, "locustfile.py", "exec")
    flows, endpoints = literal(src, "FLOWS"), literal(src, "ENDPOINTS")
    assert [f["name"] for f in flows] == ["signup-to-checkout"]
    assert [(s["name"], s["method"], s["path"], s.get("status")) for s in flows[0]["steps"]] == [
        ("signup", "POST", "/api/signup", [201]), ("login", "POST", "/api/login", [200]),
        ("search", "GET", "/api/listings?q=bike", None)]
    assert flows[0]["steps"][1]["capture"] == {"token": "$.token"}
    assert [(e["name"], e["method"]) for e in endpoints] == [("GET /api/listings?q=bike", "GET"),
                                                            ("POST /api/listings", "POST")]
    assert (
        "--host https://shop.test" in src
        and "class SmokeFlows(HttpUser)" in src
        and "class Endpoints(HttpUser)" in src
    )
    # stays symbolic: read from the environment by the locustfile at run time
    assert "${SMOKE_PASSWORD}" in src


def test_config_values_cannot_inject_code() -> None:
    evil = {"smoke": [{"name": "x\"\"\"; import os; os.system('true') #", "steps": [
        {"request": "GET /a", "headers": {"X": "'''\"\"\"\\"}}]}]}
    src = render_locustfile(evil)
    tree = ast.parse(src)
    imports = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert imports == {"json", "os", "re", "uuid"}
    assert literal(src, "FLOWS")[0]["name"] == evil["smoke"][0]["name"]


def test_latency_object_form_and_empty_config() -> None:
    flows, endpoints = scenarios({"latency": {"endpoints": [{"request": "/healthz",
                                                             "name": "health"}]}})
    assert flows == [] and [(e["name"], e["method"], e["path"])
                            for e in endpoints] == [("health", "GET", "/healthz")]
    compile(render_locustfile({}), "locustfile.py", "exec")
