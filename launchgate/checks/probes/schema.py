"""JSON Schema fragments (draft 2020-12) for the sections the probes check owns: health, smoke,
rate_limits, latency, and the typed Settings of the one section that is an object (latency's
run-wide settings). Durations are ``300ms``/``1.5s``/``2m`` or milliseconds; percentages are ``1%``
or a fraction. The list sections' entries get their defaults from the item schemas
(``check.with_defaults``)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from launchgate.check import settings_of
from launchgate.checks.probes.spec import (
    HARD_MAX_BURST,
    HARD_MAX_CONCURRENCY,
    HARD_MAX_RATE,
    HARD_MAX_REQUESTS,
    HARD_MAX_SECONDS,
    Inconclusive,
    parse_percent,
)

# Each value type is one schema with a list of types rather than an anyOf: keywords apply only to
# their own type
# (pattern to strings, minimum to numbers, items to arrays), and a validation error then names the
# real problem.
DURATION: dict[str, Any] = {
    "type": ["string", "number"], "pattern": r"^\s*\d+(\.\d+)?\s*(ms|s|m)\s*$",
    "exclusiveMinimum": 0,
    "description": "A duration: '300ms', '1.5s', '2m', or a number of milliseconds.",
}
PERCENT: dict[str, Any] = {
    "type": ["string", "number"], "pattern": r"^\s*\d+(\.\d+)?\s*%\s*$", "minimum": 0, "maximum": 1,
    "description": "A percentage: '1%', or a fraction between 0 and 1.",
}
STATUS: dict[str, Any] = {
    "type": ["integer", "array"], "minimum": 100, "maximum": 599, "minItems": 1,
    "items": {"type": "integer", "minimum": 100, "maximum": 599},
    "description": "An HTTP status, or a list of acceptable ones.",
}
REQUEST_LINE: dict[str, Any] = {
    "type": "string",
    "pattern": r"^\s*((GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\s+)?(/|https?://)\S*\s*$",
    "description": "'METHOD /path?query' (GET when the method is left out); a full URL must be on "
    "a configured target host. ${VAR} expands from the environment (and, in smoke "
    "flows, from captures).",
}
STRINGS: dict[str, Any] = {"type": "object", "additionalProperties": {"type": "string"}}
ASSERTION: dict[str, Any] = {
    "description": "A literal (must be equal) or an object of operators: exists (bool), equals, "
    "matches (regex), contains, length, min_length, max_length.",
}
REQUEST_PROPS: dict[str, Any] = {
    "request": REQUEST_LINE,
    "headers": {**STRINGS, "description": "Request headers."},
    "query": {"type": "object", "description": "Query parameters added to the URL.",
              "additionalProperties": {"type": ["string", "number", "boolean"]}},
    "json": {"description": "A JSON request body."},
    "form": {**STRINGS, "description": "A form (application/x-www-form-urlencoded) request body."},
    "body": {"type": "string", "description": "A raw request body."},
}
EXPECT: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "description": "What the response must look "
    "like.",
    "properties": {
        "status": STATUS,
        "headers": {"type": "object", "description": "Header name -> assertion.",
                    "additionalProperties": ASSERTION},
        "body": {**ASSERTION, "description": "Assertion on the body text, e.g. {contains: "
                 "Welcome}."},
        "json": {"type": "object", "description": "Keys the JSON body must have, with a literal "
                 "or an assertion each (nested objects recurse), " "e.g. {status: ok}."},
        "json_path": {"type": "object", "description": "JSON path ($.a.b[0]) -> assertion.",
                      "additionalProperties": ASSERTION},
        "max_ms": {**DURATION, "description": "The step must answer within this time."},
    },
}
HEALTH_EXPECT: dict[str, Any] = {**EXPECT, "properties": {
    **{k: v for k, v in EXPECT["properties"].items() if k != "max_ms"},
    "status": {**STATUS, "default": 200},
    "dependencies": {"type": "array", "items": {"type": "string"},
                     "description": "Dependencies the body must report, each up (e.g. [database, "
                     "payments])."},
}}

HEALTH: dict[str, Any] = {
    "type": "array", "default": [],
    "description": "Health URLs that must answer with the expected status and body; retried with "
    "backoff during warmup_s. A body that reports a dependency as down is a " "finding.",
    "items": {"type": "object", "additionalProperties": False, "required": ["url"], "properties": {
        "url": {**REQUEST_LINE, "description": "Path (joined to targets.canonical) or URL of a "
                "configured host."},
        "headers": REQUEST_PROPS["headers"],
        "expect": HEALTH_EXPECT,
        "warmup_s": {"type": "number", "minimum": 0, "maximum": 600, "default": 0,
                     "description": "Keep retrying (0.25 s backoff doubling to 2 s) this long "
                     "before a verdict."},
        "timeout_s": {"type": "number", "exclusiveMinimum": 0, "maximum": 60, "default": 5,
                      "description": "Deadline of each attempt."},
    }},
}

STEP: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["request"], "properties": {
        "name": {"type": "string", "description": "Shown in findings."},
        **REQUEST_PROPS,
        "expect": EXPECT,
        "max_ms": {**DURATION, "description": "Same as expect.max_ms."},
        "capture": {"type": "object", "additionalProperties": {"type": "string"},
                    "description": "Variable -> '$.json.path' or 'header:Name'; later steps use "
                    "${variable}."},
    },
}
SMOKE: dict[str, Any] = {
    "type": "array", "default": [],
    "description": "Scripted flows; each step's request, assertions and captures; cookies persist "
    "within a flow. A failing step stops its flow.",
    "items": {"type": "object", "additionalProperties": False, "required": ["name", "steps"],
              "properties": {
        "name": {"type": "string"},
        "steps": {"type": "array", "items": STEP, "minItems": 1, "maxItems": 50},
    }},
}

RATE_LIMITS: dict[str, Any] = {
    "type": "array", "default": [],
    "description": "Endpoints that must rate limit: a sequential burst must meet expect_status "
    "before it ends.",
    "items": {"type": "object", "additionalProperties": False, "required": ["request"],
              "properties": {
        "name": {"type": "string"},
        **REQUEST_PROPS,
        "max_requests": {"type": "integer", "minimum": 1, "maximum": HARD_MAX_BURST, "default": 50,
                         "description": "Burst size."},
        "expect_status": {**STATUS, "default": 429},
        "within_s": {"type": "number", "exclusiveMinimum": 0, "maximum": 120, "default": 30,
                     "description": "Time bound of the burst."},
    }},
}

THRESHOLDS: dict[str, Any] = {
    "type": "object", "additionalProperties": False,
    "description": "Limits: percentiles (p50, p90, p95, p99, max) as durations, max_error_rate as "
    "a percentage.",
    "properties": {**{k: DURATION for k in ("p50", "p90", "p95", "p99", "max")},
                   "max_error_rate": PERCENT},
}
CLEANUP: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["request"],
    "description": "One request sent once after this write endpoint's load (also when the load "
    "was cut short) to delete the records it created, e.g. 'DELETE "
    "/api/test-data?run=${RUN_ID}'.",
    "properties": {
        **REQUEST_PROPS,
        "expect_status": {**STATUS, "default": [200, 202, 204],
                          "description": "Statuses that mean the cleanup worked."},
        "timeout_s": {"type": "number", "exclusiveMinimum": 0, "maximum": 60, "default": 10,
                      "description": "Deadline of the cleanup request."},
    },
}
ENDPOINT: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["request"], "properties": {
        "name": {"type": "string", "description": "Name in figures and findings (default: the "
                 "request line)."},
        **REQUEST_PROPS,
        "requests": {"type": "integer", "minimum": 1, "maximum": HARD_MAX_REQUESTS,
                     "description": "Samples (default: rate x duration_s, or 200)."},
        "rate": {"type": "number", "exclusiveMinimum": 0, "maximum": HARD_MAX_RATE, "default": 20,
                 "description": "Open model: requests per second at a constant arrival rate."},
        "duration_s": {"type": "number", "exclusiveMinimum": 0, "maximum": 300, "default": 10,
                       "description": "Open model: how long to send (requests = rate x "
                       "duration_s)."},
        "concurrency": {"type": "integer", "minimum": 1, "maximum": HARD_MAX_CONCURRENCY,
                        "description": "Closed model instead: this many requests in flight, back "
                        "to back."},
        "warmup_s": {"type": "number", "minimum": 0, "maximum": 30, "default": 1,
                     "description": "Load sent first and discarded."},
        "timeout_s": {"type": "number", "exclusiveMinimum": 0, "maximum": 60, "default": 5,
                      "description": "A request slower than this is an error (and counts at this "
                      "latency)."},
        "kind": {"enum": ["read", "write"], "description": "Which default thresholds apply "
                 "(default: by method)."},
        "thresholds": THRESHOLDS,
        "ok_status": {**STATUS, "description": "Statuses that count as success (default: below "
                      "400)."},
        "inconclusive": {"enum": ["pass", "fail", "inconclusive"], "default": "inconclusive",
                         "description": "Verdict when the percentile's confidence interval "
                         "straddles a limit."},
        "confidence": {"type": "number", "minimum": 0.5, "maximum": 0.999, "default": 0.95,
                       "description": "Confidence level of the percentile intervals."},
        "cleanup": CLEANUP,
    },
}
LATENCY: dict[str, Any] = {
    "description": "Endpoints measured under bounded load: a list of endpoints (each with the "
    "keys of latency.endpoints[] below), or an object with `endpoints` and " "run-wide settings.",
    "default": [],
    "type": ["array", "object"],
    "items": ENDPOINT,
    "additionalProperties": False,
    "properties": {
        "endpoints": {"type": "array", "items": ENDPOINT, "default": [],
                      "description": "The endpoints (object form)."},
        "dry_run": {"type": "boolean", "default": False,
                    "description": "Send no write requests: write endpoints (and their cleanup) "
                    "are listed with their plan instead of being load-tested."},
        "baseline": {"type": "string", "description": "A previous run's JSON report (or figures) "
                     "to compare p95 against."},
        "max_regression": {**PERCENT, "default": "20%",
                           "description": "p95 growth over the baseline that is a finding."},
        "max_total_requests": {"type": "integer", "minimum": 1, "maximum": HARD_MAX_REQUESTS,
                               "default": HARD_MAX_REQUESTS,
                               "description": "Budget of latency requests for the run, warm-ups "
                               "included."},
        "max_total_s": {"type": "number", "exclusiveMinimum": 0, "maximum": HARD_MAX_SECONDS,
                        "default": HARD_MAX_SECONDS, "description": "Budget of seconds for all "
                        "latency endpoints."},
        "read_thresholds": {**THRESHOLDS, "default": {"p95": "300ms", "max_error_rate": "1%"},
                            "description": "Defaults for GET/HEAD; keys given here replace those "
                            "keys only."},
        "write_thresholds": {**THRESHOLDS, "default": {"p95": "800ms", "max_error_rate": "1%"},
                             "description": "Defaults for other methods; keys given here replace "
                             "those keys only."},
    },
}

E = TypeVar("E")

SCHEMA: dict[str, dict[str, Any]] = {"health": HEALTH, "smoke": SMOKE, "rate_limits": RATE_LIMITS,
                                     "latency": LATENCY}


@dataclass(frozen=True, kw_only=True)
class Settings:
    """The ``latency`` section, typed; every default comes from LATENCY. The list form is the object
    form's ``endpoints``; thresholds given for read or write replace the default thresholds key by
    key."""

    endpoints: tuple[Mapping[str, Any], ...]
    dry_run: bool
    baseline: str | None
    max_regression: float
    max_total_requests: int
    max_total_s: float
    read_thresholds: Mapping[str, Any]
    write_thresholds: Mapping[str, Any]

    @classmethod
    def of(cls, section: Any) -> Settings:
        if not isinstance(section, Mapping):
            section = {"endpoints": section if isinstance(section, list) else []}
        s = settings_of(cls, LATENCY, section)
        props = LATENCY["properties"]
        return dataclasses.replace(
            s, max_regression=parse_percent(s.max_regression, "latency.max_regression"),
            max_total_requests=int(s.max_total_requests), max_total_s=float(s.max_total_s),
            read_thresholds={**props["read_thresholds"]["default"], **s.read_thresholds},
            write_thresholds={**props["write_thresholds"]["default"], **s.write_thresholds})


# -- the list sections' entries, typed: one frozen dataclass per item schema, built by settings_of
# (so each default is read from the schema above, never written again); an optional key without a
# default is None. JSON bodies and literals keep the value as written (a list stays a list).
def _entry(cls: type[E], fragment: Mapping[str, Any], entry: Mapping[str, Any],
           raw: tuple[str, ...] = ()) -> E:
    typed = settings_of(cls, fragment, entry)
    kept = {k: entry[k] for k in raw if k in entry}
    return dataclasses.replace(typed, **kept)  # type: ignore[type-var]


@dataclass(frozen=True, kw_only=True)
class RequestEntry:
    """The request keys every probe entry shares (REQUEST_PROPS); ``request`` is None for a health
    entry, whose request is its ``url``."""

    request: str | None
    headers: Mapping[str, str] | None
    query: Mapping[str, Any] | None
    json: Any | None
    form: Mapping[str, str] | None
    body: str | None

    @classmethod
    def of(cls, entry: Mapping[str, Any]) -> RequestEntry:
        return _entry(cls, {"properties": REQUEST_PROPS}, entry, raw=("json",))


@dataclass(frozen=True, kw_only=True)
class ExpectEntry:
    """``expect`` of a smoke step or a health entry (HEALTH_EXPECT adds ``dependencies`` and a
    default status)."""

    status: int | tuple[int, ...] | None
    headers: Mapping[str, Any] | None
    body: Any | None
    json: Mapping[str, Any] | None
    json_path: Mapping[str, Any] | None
    max_ms: str | float | None
    dependencies: tuple[str, ...] | None

    @classmethod
    def of(cls, entry: Mapping[str, Any] | None, *, health: bool = False) -> ExpectEntry:
        return _entry(cls, HEALTH_EXPECT if health else EXPECT, entry or {}, raw=("body", "json"))


@dataclass(frozen=True, kw_only=True)
class HealthEntry:
    """One ``health[]`` entry."""

    url: str
    expect: Mapping[str, Any] | None
    warmup_s: float
    timeout_s: float

    @classmethod
    def of(cls, entry: Mapping[str, Any]) -> HealthEntry:
        return _entry(cls, HEALTH["items"], entry)


@dataclass(frozen=True, kw_only=True)
class StepEntry:
    """One step of a smoke flow."""

    name: str | None
    request: str
    expect: Mapping[str, Any] | None
    max_ms: str | float | None
    capture: Mapping[str, str] | None

    @classmethod
    def of(cls, entry: Mapping[str, Any]) -> StepEntry:
        return _entry(cls, STEP, entry)


@dataclass(frozen=True, kw_only=True)
class FlowEntry:
    """One ``smoke[]`` flow: its name and steps (both required by the schema)."""

    name: str
    steps: tuple[Mapping[str, Any], ...]

    @classmethod
    def of(cls, entry: Mapping[str, Any]) -> FlowEntry:
        return _entry(cls, SMOKE["items"], entry)


@dataclass(frozen=True, kw_only=True)
class RateLimitEntry:
    """One ``rate_limits[]`` entry."""

    name: str | None
    request: str
    max_requests: int
    expect_status: int | tuple[int, ...]
    within_s: float

    @classmethod
    def of(cls, entry: Mapping[str, Any]) -> RateLimitEntry:
        return _entry(cls, RATE_LIMITS["items"], entry)


@dataclass(frozen=True, kw_only=True)
class CleanupEntry:
    """A write endpoint's ``cleanup`` request."""

    request: str
    expect_status: int | tuple[int, ...]
    timeout_s: float

    @classmethod
    def of(cls, entry: Mapping[str, Any]) -> CleanupEntry:
        return _entry(cls, CLEANUP, entry)


@dataclass(frozen=True, kw_only=True)
class EndpointEntry:
    """One latency endpoint. ``requests``, ``kind`` and ``ok_status`` are None when left out: their
    defaults depend on the entry (rate x duration_s, the method, below 400)."""

    name: str | None
    request: str
    requests: int | None
    rate: float
    duration_s: float
    concurrency: int | None
    warmup_s: float
    timeout_s: float
    kind: str | None
    thresholds: Mapping[str, Any] | None
    ok_status: int | tuple[int, ...] | None
    inconclusive: Inconclusive
    confidence: float
    cleanup: Mapping[str, Any] | None

    @classmethod
    def of(cls, entry: Mapping[str, Any]) -> EndpointEntry:
        return _entry(cls, ENDPOINT, entry)
