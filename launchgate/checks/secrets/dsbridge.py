"""The detect-secrets bridge: which of its types launchgate maps to its rules (and which it leaves
to its own detectors), the substrings each plugin needs, and the plugins run on one candidate line,
offline."""

from __future__ import annotations

from typing import Any

from launchgate.checks.secrets import detectors
from launchgate.checks.secrets.prefilter import DS_BASE

# detect-secrets types that launchgate's own detectors cover more precisely: their hits are dropped
# (ours are
# stricter about benign look-alikes); the keyword plugin's hits are re-judged by the generic value
# test.
OWNED_DS_TYPES = frozenset({
    "AWS Access Key", "Azure Storage Account access key", "Basic Auth Credentials", "GitHub Token",
    "GitLab Token",
    "JSON Web Token", "NPM tokens", "OpenAI Token", "Private Key", "PyPI Token", "SendGrid API Key",
    "Slack Token",
    "Stripe Access Key", "Twilio API Key", "Public IP (ipv4)",
    # launchgate's own detectors hold these formats to their documented length (detect-secrets'
    # accept
    # truncated or out-of-alphabet look-alikes: issue 16)
    "Artifactory Credentials", "Mailchimp Access Key", "Square OAuth Secret",
})
DS_RULES = {
    "Artifactory Credentials": "secrets.artifactory-token",
    "Cloudant Credentials": "secrets.cloudant-credentials",
    "Discord Bot Token": "secrets.discord-bot-token",
    "IBM Cloud IAM Key": "secrets.ibm-cloud-key",
    "IBM COS HMAC Credentials": "secrets.ibm-cloud-key",
    "Mailchimp Access Key": "secrets.mailchimp-key",
    "SoftLayer Credentials": "secrets.softlayer-key",
    "Square OAuth Secret": "secrets.square-oauth-secret",
    "Telegram Bot Token": "secrets.telegram-bot-token",
    "Secret Keyword": "secrets.generic-password",
    "Hex High Entropy String": "secrets.high-entropy-string",
    "Base64 High Entropy String": "secrets.high-entropy-string",
}


# Substrings each detect-secrets plugin's patterns need (lower-case: on the folded line; upper-case:
# exact).
DS_GATES: dict[str, tuple[str, ...]] = {
    "KeywordDetector": ("key", "pass", "pwd", "secret", "contrase"),
    "ArtifactoryDetector": ("AKC", "AP"),
    "CloudantDetector": ("cl",),
    "DiscordBotTokenDetector": ("discord", "token", "bot"),
    "IbmCloudIamDetector": ("key", "pwd", "pass", "token"),
    "IbmCosHmacDetector": ("key",),
    "MailchimpDetector": ("-us",),
    "SoftlayerDetector": ("softlayer", "sl"),
    "SquareOAuthDetector": ("sq0csp-",),
    "TelegramBotTokenDetector": (":",),
}


_DS_PLUGINS: list[Any] | None = None
_DS_INDEX: tuple[detectors.TriggerIndex, list[int]] | None = None


def _ds_plugins() -> list[Any]:
    """detect-secrets' plugins for the types launchgate does not own, configured once in this
    process.

    Offline by default: the verification filter (which would send a candidate to the vendor) is
    removed, and plugins are called directly on candidate lines; detect-secrets' own filters then
    judge each value.
    """
    global _DS_PLUGINS  # noqa: PLW0603 - detect-secrets itself is a process-wide singleton
    if _DS_PLUGINS is None:
        try:
            from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
            from detect_secrets.settings import get_plugins, get_settings

            mapping: dict[str, Any] = dict(get_mapping_from_secret_type_to_class())
            plugins: list[dict[str, Any]] = [
                {"name": cls.__name__}
                for t, cls in mapping.items()
                if t not in OWNED_DS_TYPES and "High Entropy" not in t
            ]
            plugins += [{"name": "HexHighEntropyString", "limit": 3.0},
                        {"name": "Base64HighEntropyString", "limit": 4.5}]
            settings = get_settings()
            settings.configure_plugins(plugins)
            settings.disable_filters(
                "detect_secrets.filters.common.is_ignored_due_to_verification_policies"
            )
            _DS_PLUGINS = list(get_plugins())
        except ImportError:  # pragma: no cover
            _DS_PLUGINS = []
    return _DS_PLUGINS


def ds_plugins() -> list[Any]:
    """The plugins ds_scan runs, in its order (the native gate holds their regexes)."""
    return _ds_plugins()


def ds_scan(path: str, line_no: int, line: str, entropy: bool,
            allowed: frozenset[int] | None = None) -> list[tuple[str, str]]:
    """(type, value) of what detect-secrets' plugins (those a substring of the line can trigger
    and, with ``allowed``, the native gate lets through: prefilter.py) find on it."""
    from detect_secrets.core.scan import _is_filtered_out

    global _DS_INDEX  # noqa: PLW0603 - built once per process
    plugins = _ds_plugins()
    if _DS_INDEX is None:
        # per plugin: the substrings its patterns need (exact when upper-case, else on the folded
        # line);
        # plugins without a gate always run
        gated = [(DS_GATES.get(type(p).__name__, ()), False) for p in plugins]
        _DS_INDEX = (detectors.TriggerIndex([(tuple(w for w in g if w.isupper()), False) for g,
                                             _ in gated]
                                            + [(tuple(w for w in g if not w.isupper()), True) for g,
                                               _ in gated]),
                     [i for i, (g, _) in enumerate(gated) if not g])
    index, ungated = _DS_INDEX
    n = len(plugins)
    wanted = {i % n for i in index.hits(line, line.lower())} | set(ungated)
    if allowed is not None:
        wanted = {i for i in wanted if DS_BASE + i in allowed}
    out: list[tuple[str, str]] = []
    for i in sorted(wanted):
        plugin = plugins[i]
        if not entropy and "High Entropy" in plugin.secret_type:
            continue
        for s in plugin.analyze_line(filename=path, line=line, line_number=line_no):
            if s.secret_value and not _is_filtered_out(required_filter_parameters=["secret"],
                                                       filename=path,
                                                       secret=s.secret_value, plugin=plugin,
                                                       line=line):
                out.append((s.type, s.secret_value))
    return out
