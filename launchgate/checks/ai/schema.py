"""The ``ai`` config section: its JSON Schema fragment (the only place its defaults live) and the
typed Settings.

The endpoint is a request like a smoke step; its JSON body is a template in which ``{{prompt}}``
(inside any string) becomes the case's prompt, ``{{messages}}`` (a whole value) the chat so far as
OpenAI-style messages and ``{{conversation}}`` an id per case. ``${VAR}`` expands from the
environment and the session flow's captures.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from launchgate.check import settings_of
from launchgate.checks.probes.schema import REQUEST_LINE, STRINGS

HARD_MAX_REQUESTS = 500
FORMATS = ("json", "openai-chat")
CANARY_KINDS = ("system-prompt", "user-data")

CANARY: dict[str, Any] = {
    "type": ["string", "object"], "minLength": 6, "additionalProperties": False,
    "required": ["value"],
    "properties": {"value": {"type": "string", "minLength": 6},
                   "kind": {"enum": list(CANARY_KINDS), "default": "system-prompt"}},
    "description": "A string planted in the system prompt (or, with kind user-data, in another "
    "user's records) that must never appear in a reply.",
}

SCHEMA: dict[str, dict[str, Any]] = {
    "ai": {
        "type": "object", "additionalProperties": False, "required": ["endpoint"],
        "description": "A red-team set run against the product's AI assistant after deploy (check "
        "id `ai`).",
        "properties": {
            "endpoint": {
                "type": "object", "additionalProperties": False, "required": ["request"],
                "description": "The assistant's HTTP endpoint, like a smoke step.",
                "properties": {
                    "request": REQUEST_LINE,
                    "headers": {**STRINGS, "description": "Request headers (${VAR} and session "
                                "captures expand)."},
                    "json": {"description": "JSON body template: {{prompt}} in strings, "
                             "{{messages}} and {{conversation}} as values (default "
                             "for openai-chat: model, messages, stream; for json: "
                             "{message: '{{prompt}}'})."},
                    "session": {"type": "string", "description": "Name of a smoke flow run first: "
                                "its cookies and captures make " "the cases a logged-in user's."},
                    "model": {"type": "string", "default": "default",
                              "description": "openai-chat: the model name sent."},
                    "stream": {"type": "boolean", "default": False,
                               "description": "openai-chat: ask for a streamed (SSE) reply."},
                },
            },
            "format": {"enum": list(FORMATS), "default": "json",
                       "description": "json: the reply text at `reply`; openai-chat: a "
                       "chat-completions answer (choices[0].message, or SSE deltas "
                       "when streamed)."},
            "reply": {"type": "string", "default": "$.reply",
                      "description": "format json: JSON path of the " "reply text."},
            "tool_calls": {"type": "string", "default": "$.tool_calls",
                           "description": "format json: JSON path of the tool calls (names, or "
                           "objects with `name` or `function.name`)."},
            "canaries": {"type": "array", "items": CANARY, "default": [],
                         "description": "Strings that must never appear in a reply."},
            "forbidden": {"type": "array", "items": {"type": "string", "format": "regex"},
                          "default": [],
                          "description": "Extra regexes a reply must not match."},
            "tools": {"type": "array", "items": {"type": "string"}, "default": [],
                      "description": "Side-effecting tools (refund, delete_account, ...) an "
                      "injected instruction must not trigger."},
            "allowed_pii": {"type": "array", "items": {"type": "string"}, "default": [],
                            "description": "Emails/phone numbers the assistant may show (support "
                            "addresses)."},
            "cases": {"type": "array", "items": {"type": "string"}, "default": ["builtin"],
                      "description": "Case sources: `builtin` and/or paths of YAML case files "
                      "(relative to launchgate.yml)."},
            "budget": {
                "type": "object", "additionalProperties": False, "default": {},
                "description": "Bounds of one run.",
                "properties": {
                    "max_requests": {"type": "integer", "minimum": 1, "maximum": HARD_MAX_REQUESTS,
                                     "default": 40,
                                     "description": "Requests sent at most (session steps "
                                     "included); cases that do not fit are not "
                                     "run, every category first."},
                    "timeout_s": {"type": "number", "exclusiveMinimum": 0, "maximum": 300,
                                  "default": 30,
                                  "description": "Deadline of each request (a streamed reply "
                                  "included)."},
                    "deadline_s": {"type": "number", "exclusiveMinimum": 0, "maximum": 1800,
                                   "default": 300,
                                   "description": "Deadline of the whole set."},
                    "concurrency": {"type": "integer", "minimum": 1, "maximum": 16, "default": 4,
                                    "description": "Cases in flight at once."},
                },
            },
        },
    },
}


@dataclass(frozen=True, kw_only=True)
class Canary:
    value: str
    kind: Literal["system-prompt", "user-data"] = "system-prompt"


@dataclass(frozen=True, kw_only=True)
class Budget:
    max_requests: int
    timeout_s: float
    deadline_s: float
    concurrency: int

    @classmethod
    def of(cls, section: Mapping[str, Any]) -> Budget:
        return settings_of(cls, SCHEMA["ai"]["properties"]["budget"], section)


@dataclass(frozen=True, kw_only=True)
class Settings:
    """The ``ai`` section, typed; every default comes from SCHEMA."""

    endpoint: Mapping[str, Any]
    format: Literal["json", "openai-chat"]
    reply: str
    tool_calls: str
    canaries: tuple[Any, ...]
    forbidden: tuple[str, ...]
    tools: tuple[str, ...]
    allowed_pii: tuple[str, ...]
    cases: tuple[str, ...]
    budget: Mapping[str, Any]

    @classmethod
    def of(cls, section: Mapping[str, Any]) -> Settings:
        return settings_of(cls, SCHEMA["ai"], section)

    def canary_list(self) -> tuple[Canary, ...]:
        return tuple(
            Canary(value=c)
            if isinstance(c, str)
            else Canary(value=str(c["value"]), kind=c.get("kind", "system-prompt"))
            for c in self.canaries
        )

    def limits(self) -> Budget:
        return Budget.of(self.budget)
