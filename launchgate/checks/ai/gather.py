"""What the ``ai`` check gathers: each case's prompts sent to the assistant endpoint and the
replies, within the budget (a request count reserved before a case starts, a deadline per request
and one for the whole set).

All traffic goes through ``Net.fetch`` (total deadline, body cap), on one client whose cookie jar
holds the optional session flow's login. evaluate.py judges the outcomes.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

from launchgate.checks.ai.cases import Case
from launchgate.checks.ai.reply import Reply, parse_chat, parse_json_reply
from launchgate.checks.ai.schema import Budget, Settings
from launchgate.checks.probes.spec import RequestSpec
from launchgate.net import Net, NetError

REPLY_CAP = 512 * 1024
# content filters answer with these: a refusal, not an outage
REJECTED = frozenset({400, 403, 422, 451})


@dataclass(frozen=True, kw_only=True)
class Exchange:
    prompt: str
    reply: Reply | None = None
    status: int | None = None
    elapsed_ms: float = 0.0
    error: str | None = None


@dataclass(frozen=True, kw_only=True)
class CaseOutcome:
    case: Case
    state: Literal["done", "error", "not-run"]
    exchanges: tuple[Exchange, ...] = ()
    reason: str = ""


def fill(template: Any, *, prompt: str, messages: list[dict[str, str]], conversation: str) -> Any:
    """The body for one turn: ``{{prompt}}`` inside strings, ``{{messages}}``/``{{conversation}}``
    as values."""
    if isinstance(template, str):
        if template.strip() == "{{messages}}":
            return messages
        if template.strip() == "{{conversation}}":
            return conversation
        return template.replace("{{prompt}}", prompt)
    if isinstance(template, Mapping):
        return {k: fill(v, prompt=prompt, messages=messages, conversation=conversation) for k,
                v in template.items()}
    if isinstance(template, list):
        return [fill(v, prompt=prompt, messages=messages, conversation=conversation)
                for v in template]
    return template


def default_template(s: Settings) -> Any:
    if s.format == "openai-chat":
        return {"model": s.endpoint.get("model", "default"), "messages": "{{messages}}",
                "stream": bool(s.endpoint.get("stream", False))}
    return {"message": "{{prompt}}", "conversation": "{{conversation}}"}


@dataclass
class Gatherer:
    net: Net
    client: httpx.AsyncClient
    settings: Settings
    request: RequestSpec       # variables expanded
    url: str
    budget: Budget
    run_id: str
    sent: int = 0              # every request this check sent (session steps included)
    ends_at: float = field(default=0.0)

    def reserve(self, n: int) -> bool:
        """Take ``n`` requests from the budget at once (no await between the test and the
        update)."""
        if self.sent + n > self.budget.max_requests:
            return False
        self.sent += n
        return True

    async def send(self, prompt: str, messages: list[dict[str, str]],
                   conversation: str) -> Exchange:
        body = fill(self.request.json if self.request.json is not None
                    else default_template(self.settings),
                    prompt=prompt, messages=messages, conversation=conversation)
        left = self.ends_at - time.monotonic()
        if left <= 0.05:
            return Exchange(prompt=prompt, error="deadline: the set's deadline_s was reached")
        try:
            snap = await self.net.fetch(self.client, self.request.method, self.url,
                                        headers=self.request.headers,
                                        json=body, deadline_s=min(self.budget.timeout_s, left),
                                        max_body=REPLY_CAP)
        except NetError as exc:
            return Exchange(prompt=prompt, error=f"{exc.kind}: {exc}")
        elapsed = snap.elapsed_s * 1000
        if snap.status >= 400 and snap.status not in REJECTED:
            return Exchange(prompt=prompt, status=snap.status, elapsed_ms=elapsed,
                            error=f"HTTP {snap.status}")
        reply = parse_chat(snap) if self.settings.format == "openai-chat" else parse_json_reply(
            snap, self.settings.reply, self.settings.tool_calls)
        return Exchange(prompt=prompt, reply=reply, status=snap.status, elapsed_ms=elapsed)

    async def run_case(self, case: Case) -> CaseOutcome:
        if not self.reserve(len(case.turns)):
            return CaseOutcome(case=case, state="not-run", reason="budget")
        messages: list[dict[str, str]] = []
        done: list[Exchange] = []
        for prompt in case.turns:
            messages.append({"role": "user", "content": prompt})
            ex = await self.send(prompt, list(messages), f"lg-{self.run_id}-{case.id}")
            done.append(ex)
            if ex.error is not None or ex.reply is None:
                return CaseOutcome(case=case, state="error", exchanges=tuple(done), reason=ex.error
                                   or "")
            messages.append({"role": "assistant", "content": ex.reply.text})
        return CaseOutcome(case=case, state="done", exchanges=tuple(done))


async def run_cases(g: Gatherer, cases: Sequence[Case]) -> list[CaseOutcome]:
    """Every case, ``concurrency`` at a time, until the set's deadline; unfinished ones are not-run
    (deadline)."""
    sem = asyncio.Semaphore(g.budget.concurrency)

    async def one(c: Case) -> CaseOutcome:
        async with sem:
            return await g.run_case(c)

    tasks = [asyncio.create_task(one(c)) for c in cases]
    _, pending = await asyncio.wait(tasks, timeout=max(0.0, g.ends_at - time.monotonic()))
    for t in pending:
        t.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    return [CaseOutcome(case=c, state="not-run", reason="deadline") if t.cancelled() else t.result()
            for t, c in zip(tasks, cases, strict=True)]
