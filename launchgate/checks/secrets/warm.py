"""Imported once by the scan pool's fork server (scopes.Pool): its workers fork with the engine
imported, detect-secrets configured and the native gate and needle scanner built (or loaded from
the cache), instead of each paying for them (the package import alone is about 0.8 s of CPU per
process; compiling the gate 0.3 s)."""

from __future__ import annotations

from launchgate.checks.secrets import engine, prefilter
from launchgate.checks.secrets.dsbridge import ds_plugins

prefilter.gate(True, ds_plugins)
prefilter.needles(engine._needle_groups)
__all__ = ["engine"]
