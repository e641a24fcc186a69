"""Rules of the ``ai`` check: what a red-team case found wrong with the product's AI assistant."""

from __future__ import annotations

from launchgate.model import Rule, Severity


def _r(id: str, title: str, sev: Severity, why: str, fix: str, *, suppress: str = "") -> Rule:
    return Rule(id=f"ai.{id}", title=title, severity=sev, why=why, fix=fix, suppress=suppress)


PROMPT_INJECTION = _r(
    "prompt-injection", "Assistant follows injected instructions", Severity.HIGH,
    "A user (or text the assistant reads: a listing, a message) can override the product's "
    "instructions, so whatever the assistant is trusted with (answers shown to buyers, actions, "
    "data) is in the attacker's hands.",
    "Keep instructions and untrusted text apart (delimit and label user and document content), "
    "tell the model to treat it as data, filter the output, and never let the model's text alone "
    "authorise an action.",
    suppress="A case the product accepts by design can be dropped with a user cases file that "
    "omits it.")
SYSTEM_PROMPT_LEAK = _r(
    "system-prompt-leak", "Assistant reveals its system prompt", Severity.HIGH,
    "The system prompt holds business rules, internal URLs and sometimes credentials; once out, "
    "every guard it describes can be worked around.",
    "Put nothing secret in the system prompt, refuse requests to repeat or translate it, and "
    "filter replies for the canary strings planted in it (ai.canaries).")
DATA_EXFILTRATION = _r(
    "data-exfiltration", "Assistant discloses another user's data", Severity.BLOCKER,
    "Emails, orders, messages or card numbers of other customers in a reply are a personal-data "
    "breach you must report, reachable by anyone who can type a question.",
    "Give the assistant's tools the asking user's authorisation only (never a service account "
    "that sees all rows), and scope every lookup to the logged-in user.",
    suppress="Addresses the assistant may show (support@...) belong in ai.allowed_pii.")
SECRET_LEAK = _r(
    "secret-leak", "Assistant reveals a key or credential", Severity.BLOCKER,
    "A key in a reply is a key published to whoever asked: it works until someone rotates it.",
    "Rotate the key now, take credentials out of the prompt, tools' output and retrieved "
    "documents, and scan replies for secret-shaped strings before they are returned.")
UNSAFE_TOOL_USE = _r(
    "unsafe-tool-use", "Injected text makes the assistant call a side-effecting tool",
    Severity.HIGH,
    "Refunds, deletions or role changes triggered by text a user controls move money or data "
    "without an authorised decision.",
    "Require a confirmation from the authenticated user (outside the model) for every "
    "side-effecting tool, check the caller's permissions in the tool itself, and do not offer "
    "such tools while untrusted text is in context.")
ABUSE_AMPLIFIED = _r(
    "abuse-amplified", "Assistant repeats or produces abusive content", Severity.HIGH,
    "An assistant that repeats harassment, scams or hate from user content in the product's own "
    "voice hurts users and the marketplace's standing, and can be used to write phishing for "
    "other users.",
    "Moderate both the input and the output (a moderation model or classifier), and decline to "
    "rewrite or amplify abusive text.")
UNREACHABLE = _r(
    "unreachable", "Assistant endpoint does not answer", Severity.HIGH,
    "The red-team set could not run: the assistant endpoint failed or timed out on every request.",
    "Check ai.endpoint (path, method, body template, session) and that the assistant is deployed; "
    "run `launchgate check --only ai` again.")
ERRORS = _r(
    "errors", "Assistant endpoint fails or times out under the red-team set", Severity.MEDIUM,
    "Cases that error out were not judged, and an assistant that crashes on adversarial input is "
    "a reliability problem of its own (timeouts usually mean a runaway generation or tool loop).",
    "Look at the failing cases' statuses, bound generation length and tool loops, and raise "
    "ai.budget (timeout_s, deadline_s, max_requests) if the set simply did not fit.")

RULES: tuple[Rule, ...] = (PROMPT_INJECTION, SYSTEM_PROMPT_LEAK, DATA_EXFILTRATION, SECRET_LEAK,
                           UNSAFE_TOOL_USE,
                           ABUSE_AMPLIFIED, UNREACHABLE, ERRORS)
