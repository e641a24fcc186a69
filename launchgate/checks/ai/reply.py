"""An assistant's answer as data: the reply text, the tool calls, timing; parsed from a response
(pure, no I/O).

``format: json``: the text at the ``reply`` JSON path (a non-JSON body is the text itself) and the
tool calls at ``tool_calls``. ``format: openai-chat``: ``choices[0].message`` (content, tool_calls,
function_call), or, for a ``text/event-stream`` body, the concatenated ``delta`` chunks up to
``data: [DONE]``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from launchgate.checks.probes.assertions import PathError, lookup
from launchgate.net import HttpSnapshot

_TIMING = re.compile(r"(?:^|,)\s*([\w-]+)\s*(?:;[^,]*?\bdur=([\d.]+))?", re.IGNORECASE)
MODEL_TIMING_NAMES = ("model", "llm", "inference", "generation")


@dataclass(frozen=True, kw_only=True)
class Reply:
    text: str
    tools: tuple[str, ...] = ()
    # the model's share of the reply time, when a timing header says it
    model_ms: float | None = None


def tool_names(value: Any) -> tuple[str, ...]:
    """Names from a list of tool calls: strings, ``{name}`` or ``{function: {name}}`` objects."""
    items = value if isinstance(value, list) else [value] if value else []
    out: list[str] = []
    for it in items:
        if isinstance(it, str):
            out.append(it)
        elif isinstance(it, dict):
            fn = it.get("function")
            name = fn.get("name") if isinstance(fn, dict) else it.get("name")
            if isinstance(name, str):
                out.append(name)
    return tuple(out)


def model_ms(snap: HttpSnapshot) -> float | None:
    """Model time from ``Server-Timing: model;dur=812`` (or llm/inference/generation) or
    ``openai-processing-ms``."""
    raw = snap.header("openai-processing-ms")
    if raw and raw.strip().replace(".", "", 1).isdigit():
        return float(raw)
    for header in snap.header_all("server-timing"):
        for m in _TIMING.finditer(header):
            if m.group(1).lower() in MODEL_TIMING_NAMES and m.group(2):
                return float(m.group(2))
    return None


def parse_json_reply(snap: HttpSnapshot, reply_path: str, tools_path: str) -> Reply:
    text = snap.text()
    try:
        doc = json.loads(snap.body)
    except (ValueError, UnicodeDecodeError):
        return Reply(text=text, model_ms=model_ms(snap))
    try:
        found, value = lookup(doc, reply_path)
        has_tools, tools = lookup(doc, tools_path)
    except PathError:
        found, value, has_tools, tools = False, None, False, None
    reply = value if isinstance(value, str) else json.dumps(value) if found else text
    return Reply(text=reply, tools=tool_names(tools) if has_tools else (), model_ms=model_ms(snap))


def _message_parts(msg: Any) -> tuple[str, list[Any]]:
    if not isinstance(msg, dict):
        return "", []
    content = msg.get("content")
    if isinstance(content, list):  # content parts: [{type: text, text: ...}]
        content = "".join(p.get("text", "") for p in content if isinstance(p, dict))
    calls = list(msg.get("tool_calls") or [])
    if isinstance(msg.get("function_call"), dict):
        calls.append({"function": msg["function_call"]})
    return (content if isinstance(content, str) else ""), calls


def parse_chat(snap: HttpSnapshot) -> Reply:
    ctype = (snap.header("content-type") or "").lower()
    if "text/event-stream" in ctype or snap.body.lstrip().startswith(b"data:"):
        return parse_chat_stream(snap)
    try:
        doc = json.loads(snap.body)
    except (ValueError, UnicodeDecodeError):
        return Reply(text=snap.text(), model_ms=model_ms(snap))
    choices = doc.get("choices") if isinstance(doc, dict) else None
    first = choices[0] if isinstance(choices, list) and choices else {}
    text, calls = _message_parts(first.get("message") if isinstance(first, dict) else None)
    return Reply(text=text, tools=tool_names(calls), model_ms=model_ms(snap))


def parse_chat_stream(snap: HttpSnapshot) -> Reply:
    """SSE chunks (``data: {...}``) -> the text and tool-call names they add up to; stops at
    ``[DONE]``."""
    text: list[str] = []
    names: dict[int, str] = {}
    for line in snap.text().splitlines():
        if not line.startswith("data:"):
            continue
        data = line[5:].strip()
        if data == "[DONE]":
            break
        try:
            chunk = json.loads(data)
        except ValueError:
            continue
        choices = chunk.get("choices") if isinstance(chunk, dict) else None
        delta = choices[0].get("delta") if isinstance(choices, list) and choices and isinstance(
            choices[0], dict) else None
        if not isinstance(delta, dict):
            continue
        if isinstance(delta.get("content"), str):
            text.append(delta["content"])
        for i, call in enumerate(delta.get("tool_calls") or []):
            fn = call.get("function") if isinstance(call, dict) else None
            if isinstance(fn, dict) and isinstance(fn.get("name"), str):
                idx = call.get("index", i) if isinstance(call.get("index", i), int) else i
                names[idx] = names.get(idx, "") + fn["name"]
    return Reply(text="".join(text), tools=tuple(names[k] for k in sorted(names)),
                 model_ms=model_ms(snap))
