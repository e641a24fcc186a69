"""The variable inventory the handover pack shows, as figures: per variable its flags and the
environments that require it, and per environment where it is set (the dotenv file and line that
wins, or the process environment of this run). Names and places only: no value is ever read into a
figure.

``env.environments``: the schema's environments; ``env.var.<NAME>.flags``: ``secret``, ``public`` or
``""``; ``env.var.<NAME>.required_in``: ``every environment``, a comma-separated list or ``""``;
``env.var.<NAME>.set.<environment>``: ``.env.production:3``, ``the process environment``, ``not
set``."""

from __future__ import annotations

from launchgate.checks.env.envschema import VarSpec
from launchgate.checks.env.evaluate import Snapshot

MAX_VARS = (
    500  # a pack lists what a team configures; a generated schema beyond this is cut, and says so
)


def _flags(spec: VarSpec | None) -> str:
    if spec is None:
        return "undeclared"
    return "secret" if spec.secret else "public" if spec.public else ""


def _required(spec: VarSpec | None) -> str:
    if spec is None:
        return ""
    return "every environment" if spec.required_everywhere else ", ".join(spec.required_in)


def _where_set(snap: Snapshot, environment: str) -> dict[str, str]:
    """name -> where its winning binding is for ``environment`` (later layers win, then the process
    environment)."""
    where: dict[str, str] = {}
    for f in snap.layers(environment):
        for e in f.entries:
            if e.value is not None:
                where[e.key] = f"{f.path}:{e.line}"
    if environment == snap.environment:
        for name in snap.schema.vars:
            if snap.process_env.get(name):
                where[name] = "the process environment"
    return where


def inventory_figures(snap: Snapshot) -> dict[str, str]:
    envs = tuple(snap.schema.environments) or (snap.environment,)
    if snap.environment not in envs:
        envs = (*envs, snap.environment)
    places = {env: _where_set(snap, env) for env in envs}
    names = set(snap.schema.vars) | {n for found in places.values() for n in found}
    names = {n for n in names if not snap.ignored_name(n)}
    out: dict[str, str] = {"env.environments": ", ".join(envs)}
    for name in sorted(names)[:MAX_VARS]:
        spec = snap.schema.vars.get(name)
        out[f"env.var.{name}.flags"] = _flags(spec)
        out[f"env.var.{name}.required_in"] = _required(spec)
        for env in envs:
            out[f"env.var.{name}.set.{env}"] = places[env].get(name, "not set")
    if len(names) > MAX_VARS:
        out["env.inventory_cut"] = f"{len(names) - MAX_VARS} more variable(s) not listed"
    return out
