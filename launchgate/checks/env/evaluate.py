"""Rule logic of the env check: pure functions of a Snapshot (what run() gathered) returning
findings.

A value is never put into a finding: messages name the variable, the file and the line, and at most
a length.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from launchgate import saferegex
from launchgate.checks.env import rules as R
from launchgate.checks.env import values as V
from launchgate.checks.env.envschema import VarSpec
from launchgate.checks.env.files import Source, Unresolved, layer_names, merge
from launchgate.checks.env.snapshot import Snapshot
from launchgate.checks.env.stale import stale_findings
from launchgate.checks.env.usage import Use, is_dev_path
from launchgate.checks.secrets.rules import BY_ID as SECRET_RULES
from launchgate.model import Finding, Location, Rule, Severity, fingerprint

__all__ = ["Snapshot", "distinct_fingerprints", "evaluate", "merged"]


def _f(rule: Rule, message: str, path: str | None, line: int | None, *key: str) -> Finding:
    return Finding.of(rule, message, Location(path=path, start_line=line), key=key)


def _schema_loc(snap: Snapshot, spec: VarSpec | None) -> tuple[str | None, int | None]:
    if spec is None:
        return snap.schema.path, None
    return spec.path, spec.line


def _where(src: Source) -> str:
    return f"{src.path}:{src.line}" if src.path else "the process environment"


# -- file-level rules
# ------------------------------------------------------------------------------------------
def file_findings(snap: Snapshot) -> list[Finding]:
    out: list[Finding] = []
    for path, reason in sorted(snap.unreadable.items()):
        out.append(_f(R.UNREADABLE_FILE, f"{path} was not read: {reason}", path, None))
    for path, f in sorted(snap.files.items()):
        if f.encoding != "utf-8":
            out.append(_f(R.NOT_UTF8, f"{path} is not valid UTF-8 (read as {f.encoding})", path,
                          None))
        for issue in f.issues:
            out.append(_f(issue.rule, issue.message, path, issue.line, issue.key))
    return out


def committed_findings(snap: Snapshot) -> list[Finding]:
    out: list[Finding] = []
    for path in snap.key_files:
        if snap.tracked is not None and path in snap.tracked:
            out.append(_f(R.PRIVATE_KEY_FILE_PRESENT, f"{path} (dotenvx private keys) is committed",
                          path, None))
        elif snap.tracked is None or path in snap.unignored:
            out.append(_f(R.PRIVATE_KEY_FILE_PRESENT,
                          f"{path} (dotenvx private keys) is present and not git-ignored", path,
                          None))
    for path, f in sorted(snap.files.items()):
        committed = snap.tracked is not None and path in snap.tracked
        if committed and re.fullmatch(r"\.env(\.[^.]+)?\.local", snap.basename(path)):
            out.append(_f(R.LOCAL_ENV_FILE_COMMITTED, f"{path} is committed to git", path, None))
        committed_secrets: list[tuple[str, int]] = []
        # once per file: a property over every entry (quadratic inside the loop)
        dotenvx = f.dotenvx
        for e in f.entries:
            if e.value is None:
                continue
            if (
                e.key.startswith("DOTENV_PRIVATE_KEY")
                and V.is_real_value(e.value)
                and (committed or snap.tracked is None)
            ):
                out.append(_f(R.PRIVATE_KEY_FILE_PRESENT, f"{e.key} (a dotenvx private key) is "
                              f"set in {path}:{e.line}", path, e.line, e.key))
            elif dotenvx and not e.key.startswith("DOTENV_") and not V.is_encrypted(e.value) \
                    and V.secret_value(snap.schema.vars.get(e.key), e.key, e.value):
                # in an encrypted file the problem is the one value left in plaintext, committed or
                # not
                out.append(_f(R.UNENCRYPTED_SECRET, f"{e.key} is a plaintext secret in "
                              f"dotenvx-encrypted file {path}:{e.line}", path, e.line, e.key))
            elif committed and _committed_secret(snap, path, e.key, e.value):
                committed_secrets.append((e.key, e.line))
        if committed_secrets:
            out.append(_committed_finding(snap, path, committed_secrets))
    return out


def _committed_finding(snap: Snapshot, path: str, secrets: list[tuple[str, int]]) -> Finding:
    """One finding per committed file (the fix is per file: untrack it, rotate what it held), naming
    each variable and line; the secrets check reports each value's kind on its own line.

    Blocker, except in a file only a non-deployed environment loads (`.env.development`,
    `.env.test`): a committed development secret is still worth knowing, not worth stopping a
    deploy."""
    env = snap.file_environment(path)
    local_only = env is not None and not snap.deployed(env)
    by_key: dict[str, list[int]] = {}
    for key, line in secrets:
        by_key.setdefault(key, []).append(line)
    named = ", ".join(f"{k} (line{'s' if len(v) > 1 else ''} {', '.join(map(str, v))})" for k,
                      v in by_key.items())
    lines = sorted(line for _, line in secrets)
    return Finding.of(R.COMMITTED_SECRET_VALUE, f"{path} is committed with secret values: {named}"
                      + (f" (loaded only in {env})" if local_only else ""),
                      Location(path=path, start_line=lines[0]), key=tuple(sorted(by_key)),
                      severity=Severity.MEDIUM if local_only else None)


def _committed_secret(snap: Snapshot, path: str, key: str, value: str) -> bool:
    if V.mentions_localhost(value) or key.startswith("DOTENV_PUBLIC_KEY"):
        return False  # local development credentials are not deploy secrets
    if snap.is_example(path):  # templates: only unmistakable secrets count
        return (V.is_real_value(value) and V.looks_secret_value(value)
                and not V.public_by_design(key, value)
                and not V.dev_stack_url(value))
    return V.secret_value(snap.schema.vars.get(key), key, value)


# -- values of the selected environment
# ------------------------------------------------------------------------
def merged(snap: Snapshot) -> tuple[dict[str, Source], list[Unresolved]]:
    return merge(snap.layers(snap.environment), snap.process_env, names=snap.schema.names())


def value_findings(snap: Snapshot) -> list[Finding]:
    env = snap.environment
    values, _ = merged(snap)
    out: list[Finding] = []
    for name, spec in sorted(snap.schema.vars.items()):
        src = values.get(name)
        spath, sline = _schema_loc(snap, spec)
        if src is None:
            if spec.required(env):
                looked = ", ".join(layer_names(env))
                out.append(_f(R.MISSING_REQUIRED, f"{name} is required in {env} but not set "
                              f"(looked in {looked} and the process " "environment)", spath, sline,
                              name, env))
            continue
        path, line = (src.path, src.line) if src.path else (spath, sline)
        if not src.value.strip():
            if spec.required(env):
                out.append(_f(R.EMPTY_REQUIRED, f"{name} is required in {env} but empty in "
                              f"{_where(src)}",
                              path, line, name, env))
            continue
        # dotenvx ciphertext: present, but its plaintext is not ours to judge
        if not V.is_encrypted(src.value):
            out.extend(_spec_findings(spec, src, path, line, env))
    return out


def _spec_findings(spec: VarSpec, src: Source, path: str | None, line: int | None,
                   env: str) -> Iterator[Finding]:
    name, where = spec.name, _where(src)
    problem = V.type_problem(spec, src.value)
    if problem:
        yield _f(R.INVALID_TYPE, f"{name} ({spec.type}) in {where} {problem}", path, line, name,
                 env)
    if spec.type == "enum" and src.value.strip() not in spec.values:
        yield _f(R.INVALID_ENUM, f"{name} in {where} is not one of {', '.join(spec.values)}", path,
                 line, name, env)
    if spec.pattern is not None and not saferegex.compile_untrusted(
            spec.pattern, f"{spec.path}:{spec.line or 1}: vars.{name}.pattern").search(src.value):
        yield _f(R.PATTERN_MISMATCH, f"{name} in {where} does not match pattern {spec.pattern}",
                 path, line, name,
                 env)


def deployed_findings(snap: Snapshot) -> list[Finding]:
    """Placeholders and localhost in deployed environments: the selected one's merged values, and
    every ``.env.<deployed>[.local]`` file whatever the selection."""
    seen: set[tuple[str, str | None]] = set()
    out: list[Finding] = []

    def check(name: str, value: str, path: str | None, line: int | None, env: str) -> None:
        if (name, path) in seen or snap.ignored_name(name):
            return
        seen.add((name, path))
        where = f"{path}:{line}" if path else "the process environment"
        if path is None:
            path, line = _schema_loc(snap, snap.schema.vars.get(name))
        which = f"the {env} environment" if env == snap.environment else \
            f"the {env} environment, not the {snap.environment} environment this run checks"
        if V.is_placeholder(value):
            out.append(_f(R.PLACEHOLDER_VALUE, f"{name} has a placeholder value in {where} "
                          f"({which})", path,
                          line, name, env))
        elif V.mentions_localhost(value):
            out.append(_f(R.LOCALHOST_IN_PRODUCTION, f"{name} points at localhost in {where} "
                          f"({which})", path,
                          line, name, env))

    if snap.deployed(snap.environment):
        values, _ = merged(snap)
        for name, src in sorted(values.items()):
            check(name, src.value, src.path, src.line, snap.environment)
    for path, f in sorted(snap.files.items()):
        env = snap.file_environment(path)
        if snap.deployed(env) and env is not None:
            for e in f.entries:
                if e.value is not None:
                    check(e.key, e.value, path, e.line, env)
    return out


def interpolation_findings(snap: Snapshot) -> list[Finding]:
    """``${VAR}`` that nothing defines, in the layers of the selected environment: another
    environment's file (`.env.staging` in a production run) is resolved against that environment's
    process environment, which this run does not have."""
    seen: dict[tuple[str, int, str], Unresolved] = {}
    _, unresolved = merge(snap.layers(snap.environment), snap.process_env)
    for u in unresolved:
        seen.setdefault((u.path, u.line, u.ref), u)
    return [_f(R.UNRESOLVED_INTERPOLATION, f"{u.key} in {u.path}:{u.line} references "
               f"{'${' + ref + '}' if (ref := V.display_name(u.ref)) else 'a variable'}, "
               "which is not defined before it, in a lower dotenv "
               "layer or in the process environment", u.path, u.line, u.key, ref or "")
            for u in seen.values()]


# -- declarations
# ----------------------------------------------------------------------------------------------
def declaration_findings(snap: Snapshot) -> list[Finding]:
    out: list[Finding] = []
    schema = snap.schema
    prefixes = schema.client_prefixes()
    for name, spec in sorted(schema.vars.items()):
        spath, sline = _schema_loc(snap, spec)
        exposed = next((p for p in prefixes if name.startswith(p)), None)
        if spec.secret and exposed:
            out.append(_f(R.SECRET_PUBLIC_PREFIX, f"{name} is declared secret but its {exposed} "
                          "prefix ships it to the browser", spath, sline, name))
        fw_prefixes = () if schema.framework is None else prefixes
        if spec.public and fw_prefixes and not exposed:
            out.append(_f(R.PUBLIC_MISSING_PREFIX, f"{name} is public but lacks the "
                          f"{schema.framework} client prefix " f"{' or '.join(fw_prefixes)}", spath,
                          sline, name))
    out.extend(_public_prefix_values(snap, prefixes))
    if schema.declared:
        out.extend(_undeclared(snap))
    out.extend(_used_but_undeclared(snap))
    out.extend(_example_missing(snap))
    return out


def _public_prefix_values(snap: Snapshot, prefixes: tuple[str, ...]) -> Iterator[Finding]:
    """Values under a client prefix that are secrets: the schema did not mark them ``secret: true``
    (that is a declaration finding) nor ``secret: false`` (public by design), and the value looks
    like a secret or has a vendor credential format the secrets family knows, whatever the name."""
    schema = snap.schema
    candidates: list[tuple[str, str | None, str | None, int | None]] = [
        (e.key, e.value, path, e.line) for path, f in sorted(snap.files.items())
        if not snap.is_example(path) for e in f.entries]
    candidates += [(k, v, None, None) for k, v in sorted(snap.process_env.items())
                   if k in schema.names()]
    for key, value, path, line in candidates:
        espec = schema.vars.get(key)
        exposed = next((p for p in prefixes if key.startswith(p)), None)
        if not exposed or not value or (espec is not None and espec.secret is not None):
            continue
        shape = V.secret_shape(key, value, path or ".env")
        if not shape and not V.secret_value(espec, key, value):
            continue
        where = f"{path}:{line}" if path else "the process environment"
        if path is None:
            path, line = _schema_loc(snap, espec)
        what = f"has the format of {_shape_title(shape)} ({shape})" if shape else "carries a secret"
        yield _f(R.SECRET_PUBLIC_PREFIX, f"{key} in {where} {what} under the client-exposed "
                 f"{exposed} prefix", path, line, key)


def _shape_title(rule_id: str) -> str:
    rule = SECRET_RULES.get(rule_id)
    what = rule.title.removesuffix(" committed") if rule else rule_id
    return f"a{'n' if what[:1].lower() in 'aeiou' else ''} {what}"


def _undeclared(snap: Snapshot) -> Iterator[Finding]:
    if snap.schema.allow_undeclared:
        return
    names = snap.schema.names()
    for path, f in sorted(snap.files.items()):
        if path.rpartition("/")[0] != snap.dir:
            continue  # another directory's dotenv files belong to another app
        for key, e in f.last().items():
            if e.value is None or V.display_name(key) is None:
                continue  # reported by the hygiene rules, and maybe a pasted secret: never printed
            if key not in names and not snap.ignored_name(key) and not key.startswith("DOTENV_"):
                yield _f(R.UNDECLARED_IN_SCHEMA, f"{key} is set in {path}:{e.line} but not "
                         f"declared in {snap.schema.path}", path, e.line, key)


def _declared_names(snap: Snapshot) -> tuple[set[str], str] | None:
    if snap.schema.declared or snap.schema.json_schemas:
        return snap.schema.names(), str(snap.schema.path or "the env schema")
    for name in snap.settings.example_files:
        f = snap.files.get(snap.in_dir(name))
        if f is not None:
            return {e.key for e in f.entries}, f.path
    return None


def _used_but_undeclared(snap: Snapshot) -> Iterator[Finding]:
    """One finding per variable read and declared nowhere. With an env schema, the schema is the
    declaration; without one, any dotenv file or template of the repository (any folder) and any
    compose, turbo, CI, Dockerfile or manifest file (declarations.py) declares it. Medium when a
    read in the app's code has no fallback; low when every read has one (``?? 'd'``, ``getenv("X",
    "d")``) or is in a test, script or tool."""
    declared = _declared_names(snap)
    if declared is None:
        return
    names, where = declared
    if not (snap.schema.declared or snap.schema.json_schemas):
        names = names | {e.key for f in snap.files.values()
                         for e in f.entries} | set(snap.declarations)
        where = "any dotenv template or deployment file of the repository"
    reads: dict[str, list[Use]] = {}
    for use in sorted(snap.uses, key=lambda u: (u.path, u.line, u.name)):
        if use.name not in names and not snap.ignored_name(use.name):
            reads.setdefault(use.name, []).append(use)
    for name, uses in sorted(reads.items()):
        required = [u for u in uses if not u.optional and not is_dev_path(u.path)]
        first = required[0] if required else uses[0]
        places = ", ".join(f"{u.path}:{u.line}"
                           for u in ([first] + [u for u in uses if u is not first])[:3])
        more = f" and {len(uses) - 3} more" if len(uses) > 3 else ""
        why = "" if required else (" (every read has a fallback or is in a test, script or tool: "
                                   "low)")
        f = _f(R.USED_BUT_UNDECLARED, f"{name} is read {len(uses)} "
               f"time{'s' if len(uses) > 1 else ''} ({places}{more}) but "
               f"not declared in {where}{why}", first.path, first.line, name)
        yield f if required else replace(f, severity=min(f.severity, Severity.LOW))


def _example_missing(snap: Snapshot) -> Iterator[Finding]:
    example = next((snap.files[p] for n in snap.settings.example_files
                    if (p := snap.in_dir(n)) in snap.files),
                   None)
    if example is None:
        return
    have = {e.key for e in example.entries}
    if snap.schema.declared:
        expected = {n: "declared in " + str(snap.schema.path) for n in snap.schema.vars}
    else:
        expected = {e.key: f"set in {f.path}" for f in snap.layers(snap.environment)
                    for e in f.entries}
    for name, why in sorted(expected.items()):
        if name not in have and not snap.ignored_name(name) and not name.startswith("DOTENV_") \
                and V.display_name(name) is not None:
            yield _f(R.EXAMPLE_MISSING_KEY, f"{name} is {why} but missing from {example.path}",
                     example.path, None,
                     name)


def evaluate(snap: Snapshot) -> list[Finding]:
    """Every env rule over the snapshot (JSON Schema rules are added by jsonschema_findings)."""
    out = file_findings(snap) + committed_findings(snap) + interpolation_findings(snap)
    out += value_findings(snap) + deployed_findings(snap) + declaration_findings(snap)
    out += stale_findings(snap)
    return distinct_fingerprints(out)


def distinct_fingerprints(findings: list[Finding]) -> list[Finding]:
    """The same rule, file and name twice (a key set three times, two nameless lines): an ordinal in
    file order keeps fingerprints distinct without using line numbers."""
    seen: dict[str, int] = {}
    out: list[Finding] = []
    for f in sorted(findings, key=Finding.sort_key):
        n = seen[f.fingerprint] = seen.get(f.fingerprint, 0) + 1
        out.append(f if n == 1
                   else replace(f, fingerprint=fingerprint(f.rule.id, f.fingerprint, f"#{n}")))
    return out
