"""The env check's Snapshot: everything run() gathered, with the path and environment helpers the
rules share. Frozen data; the rules are in evaluate.py and stale.py."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from launchgate.checks.env.envschema import EnvSchema
from launchgate.checks.env.files import DotenvFile, layer_names
from launchgate.checks.env.schema import Settings
from launchgate.checks.env.usage import Use, is_builtin


@dataclass(frozen=True, kw_only=True)
class Snapshot:
    """Everything the env check gathered; paths are repo-relative."""

    schema: EnvSchema
    settings: Settings
    environment: str
    dir: str = ""  # where the dotenv layers live ("" = repo root)
    # every dotenv file read, examples included
    files: Mapping[str, DotenvFile] = field(default_factory=dict)
    unreadable: Mapping[str, str] = field(default_factory=dict)  # path -> reason
    tracked: frozenset[str] | None = None  # None: not in git
    unignored: frozenset[str] = frozenset()  # untracked files git would add (not ignored)
    key_files: tuple[str, ...] = ()  # dotenvx .env.keys files
    process_env: Mapping[str, str] = field(default_factory=dict)
    uses: tuple[Use, ...] = ()
    # name -> compose/CI/Dockerfile/... declaring it
    declarations: Mapping[str, str] = field(default_factory=dict)
    mentioned: frozenset[str] | None = None  # stale candidates named elsewhere; None: not searched

    def in_dir(self, name: str) -> str:
        return f"{self.dir}/{name}" if self.dir else name

    def basename(self, path: str) -> str:
        return path.rsplit("/", 1)[-1]

    def is_example(self, path: str) -> bool:
        return self.settings.is_template(self.basename(path))

    def layers(self, environment: str) -> list[DotenvFile]:
        return [self.files[p] for p in map(self.in_dir, layer_names(environment))
                if p in self.files]

    def file_environment(self, path: str) -> str | None:
        """``.env.production[.local]`` -> production; None for .env, .env.local and templates."""
        name = self.basename(path)
        if self.is_example(path) or not name.startswith(".env."):
            return None
        rest = name[len(".env."):].removesuffix(".local")
        return rest if rest and rest != "local" and name != ".env.local" else None

    def deployed(self, environment: str | None) -> bool:
        return environment is not None and environment in self.settings.deployed_environments

    def ignored_name(self, name: str) -> bool:
        return is_builtin(name, self.settings.ignore_vars)
