"""The ``web`` check: redirects, security and caching headers, CORS, cookies, exposed files, admin routes, errors.

One fetch per URL, several rules per response: ``check.py`` gathers, ``redirects.py``, ``headers.py`` and
``exposure.py`` evaluate, ``rules.py`` declares the rules and the ``web``/``routes`` config sections.
"""

from __future__ import annotations

from launchgate.checks.web.check import WebCheck

__all__ = ["WebCheck"]
