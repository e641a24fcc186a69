"""The outside-truth corpus: cases generated at run time from the vendor formats in this folder's
YAML.

Each YAML file is one vendor family with its split (``tune`` or ``held-out``, fixed before any
tuning). A vendor's ``secrets`` templates give positives (each placed in several files: a dotenv
file, a YAML config, code assigning it to the vendor's variable and, unless the format needs its
vendor's name beside it to be recognisable at all (``contextual``), code that passes it with no
telling name); ``negatives`` and the automatic near-misses (a placeholder body, a truncated body,
one character outside the documented alphabet) give look-alikes placed where a careless rule would
fire: next to the vendor's variable name.

Nothing secret is committed: bodies are random, drawn from a seeded generator; checksums are
computed."""

from __future__ import annotations

import base64
import json
import random
import re
import string
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
# held-out v2 (session 6): its own folder and its own random stream, so adding vendors to the v1
# files never changes a v2 case and the reverse
V2 = HERE / "heldout-v2"
# held-out v3 (session 7): the same, with its own stream (seed + 3)
V3 = HERE / "heldout-v3"
SPLITS = ("tune", "held-out", "held-out-v2", "held-out-v3")
CLASSES = {
    "alnum": string.ascii_letters + string.digits,
    "hex": "0123456789abcdef",
    "HEX": "0123456789ABCDEF",
    "lower": string.ascii_lowercase + string.digits,
    "upper": string.ascii_uppercase + string.digits,
    "alpha": string.ascii_letters,
    "digits": string.digits,
    "b64": string.ascii_letters + string.digits + "+/",
    "b64url": string.ascii_letters + string.digits + "-_",
    "bech32": "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L",
    "b32": string.ascii_lowercase + "234567",
}
# one character outside each restricted alphabet: the "near-miss alphabet" look-alike
FOREIGN = {"hex": "g", "HEX": "G", "lower": "Q", "upper": "q", "digits": "x", "bech32": "b"}
_FIELD = re.compile(r"\{([A-Za-z_0-9]+)(?::([^{}]*))?\}")
_B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


@dataclass(frozen=True)
class Vendor:
    family: str
    split: str
    name: str
    doc: str
    var: str
    secrets: tuple[str, ...]
    negatives: tuple[str, ...]
    contextual: bool = False
    raw: bool = False  # templates are whole lines (generic assignments)
    block: bool = False  # multi-line values (PEM blocks)
    path: str = ""  # raw templates: the file they are written to (else guessed from the line)


@dataclass(frozen=True)
class Case:
    family: str
    split: str
    vendor: str
    kind: str  # secret | negative | placeholder | truncated | alphabet
    context: str
    label: bool
    path: str
    text: str
    secret: str = ""


def load(folder: Path = HERE) -> list[Vendor]:
    out: list[Vendor] = []
    for f in sorted(folder.glob("*.yaml")):
        doc = yaml.safe_load(f.read_text(encoding="utf-8"))
        if doc["split"] not in SPLITS:
            raise ValueError(f"{f.name}: split must be one of {SPLITS}")
        for v in doc["vendors"]:
            out.append(
                Vendor(
                    family=doc["family"],
                    split=doc["split"],
                    name=v["vendor"],
                    doc=v["doc"],
                    var=v["var"],
                    secrets=tuple(v["secrets"]),
                    negatives=tuple(v.get("negatives", ())),
                    contextual=bool(v.get("contextual")),
                    raw=bool(v.get("raw")),
                    block=bool(v.get("block")),
                    path=str(v.get("path", "")),
                )
            )
    return out


# -- computed fields
# ------------------------------------------------------------------------------------------
def _s(r: random.Random, cls: str, n: int) -> str:
    return "".join(r.choice(CLASSES[cls]) for _ in range(n))


def _b62(n: int) -> str:
    out = ""
    while n:
        n, m = divmod(n, 62)
        out = _B62[m] + out
    return out.rjust(6, "0")


def _crc_body(r: random.Random, bad: bool = False) -> str:
    """30 base62 characters and their CRC32 in 6 base62 digits (GitHub's and npm's documented "
      "format)."""
    body = _s(r, "alnum", 30)
    crc = _b62(zlib.crc32(body.encode()))
    if bad:
        crc = crc[:-1] + ("A" if crc[-1] != "A" else "B")
    return body + crc


def _b64json(doc: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(doc).encode()).decode().rstrip("=")


def _jwt(r: random.Random, claims: dict[str, object]) -> str:
    return f"{_b64json({'alg': 'HS256', 'typ': 'JWT'})}.{_b64json(claims)}.{_s(r, 'b64url', 43)}"


def _pem(r: random.Random, label: str) -> str:
    body = base64.b64encode(r.randbytes(900)).decode()
    lines = "\n".join(body[i : i + 64] for i in range(0, len(body), 64))
    return f"-----BEGIN {label}-----\n{lines}\n-----END {label}-----"


def _uuid(r: random.Random) -> str:
    h = _s(r, "hex", 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


def _computed(r: random.Random, name: str, arg: str | None) -> str:
    match name:
        case "uuid":
            return _uuid(r)
        case "ghcrc" | "ghcrc_bad":
            return _crc_body(r, bad=name == "ghcrc_bad")
        case "jwt_admin":
            return _jwt(r, {"sub": f"svc-{_s(r, 'lower', 6)}", "role": "admin", "iat": 1700000000})
        case "jwt_service_role":
            return _jwt(
                r,
                {
                    "iss": "supabase",
                    "ref": _s(r, "lower", 20),
                    "role": "service_role",
                    "iat": 1700000000,
                    "exp": 2000000000,
                },
            )
        case "jwt_anon":
            return _jwt(
                r,
                {
                    "iss": "supabase",
                    "ref": _s(r, "lower", 20),
                    "role": "anon",
                    "iat": 1700000000,
                    "exp": 2000000000,
                },
            )
        case "sentry_org":
            claims = {
                "iat": 1700000000.0,
                "url": "https://sentry.io",
                "region_url": "https://us.sentry.io",
                "org": _s(r, "lower", 8),
            }
            return f"{_b64json(claims)}_{_s(r, 'b64', 43)}"
        case "op_sa":
            claims = {
                "signInAddress": "my.1password.com",
                "userAuth": {
                    "method": "SRPg-4096",
                    "alg": "PBES2g-HS256",
                    "iterations": 650000,
                    "salt": _s(r, "b64url", 22),
                },
                "email": f"{_s(r, 'lower', 12)}@1passwordserviceaccounts.com",
                "srpX": _s(r, "hex", 64),
                "muk": {
                    "alg": "A256GCM",
                    "ext": True,
                    "k": _s(r, "b64url", 43),
                    "key_ops": ["encrypt", "decrypt"],
                    "kty": "oct",
                    "kid": "mp",
                },
                "secretKey": f"A3-{_s(r, 'upper', 6)}",
                "throttleSecret": {"seed": _s(r, "hex", 64), "uuid": _s(r, "upper", 26)},
                "deviceUuid": _s(r, "lower", 26),
            }
            return _b64json(claims)
        case "pem":
            return _pem(r, arg or "PRIVATE KEY")
        case _:
            raise ValueError(f"unknown field {{{name}}}")


def _length(arg: str, r: random.Random) -> int:
    lo, _, hi = arg.partition("-")
    return r.randint(int(lo), int(hi)) if hi else int(lo)


def render(template: str, r: random.Random, variant: str = "") -> str:
    """The template with its fields filled. ``variant``: ``placeholder`` (bodies of x),
    ``truncated`` (bodies at two thirds of their length), ``alphabet`` (one character outside a
    restricted alphabet)."""
    t = template.replace("{{", "\0").replace("}}", "\1")
    altered = [False]

    def fill(m: re.Match[str]) -> str:
        name, arg = m.group(1), m.group(2)
        if name not in CLASSES:
            return _computed(r, name, arg)
        n = _length(arg or "1", r)
        if variant == "placeholder":
            altered[0] = True
            return "x" * n
        # only a documented fixed length makes a shorter body a near-miss: for a range (a format
        # whose
        # length varies, its minimum undocumented) a shorter value may still be a real token
        if variant == "truncated" and n >= 12 and "-" not in (arg or ""):
            altered[0] = True
            return _s(r, name, n * 2 // 3)
        body = _s(r, name, n)
        if variant == "alphabet" and name in FOREIGN and n >= 12 and not altered[0]:
            altered[0] = True
            return body[: n // 2] + FOREIGN[name] + body[n // 2 + 1 :]
        return body

    out = _FIELD.sub(fill, t)
    if variant and not altered[0]:
        return ""  # no field this variant applies to
    return out.replace("\0", "{").replace("\1", "}")


# -- placing values in files
# ----------------------------------------------------------------------------------
def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def contexts(v: Vendor, value: str, negative: bool) -> Iterator[tuple[str, str, str]]:
    """(context name, path, text) for one value of vendor ``v``."""
    var, slug = v.var, _slug(v.name)
    if v.raw:
        yield "as-written", v.path or _raw_path(value), value + "\n"
        return
    if v.block:
        yield "key-file", f"deploy/{slug}.key", value + "\n"
        indented = "\n".join("    " + ln for ln in value.splitlines())
        yield "yaml-block", "deploy/values.yaml", f"{slug}:\n  {var.lower()}: |\n{indented}\n"
        return
    yield "dotenv", ".env.production", f"# {v.name}\n{var}={value}\n"
    yield "code-named", "src/settings.py", f'import os\n\n{var} = "{value}"\n'
    if negative:
        return
    yield "yaml", "config/production.yml", f'{slug}:\n  {var.lower()}: "{value}"\n'
    if not v.contextual:
        yield "code-bare", "src/client.ts", f'export const client = createClient("{value}");\n'


def _raw_path(line: str) -> str:
    if re.match(r"^[A-Za-z_][A-Za-z0-9_.]*=", line):
        return (
            ".env"
            if "." not in line.split("=", 1)[0]
            else "src/main/resources/application.properties"
        )
    if re.match(r"^\s*\"?[\w.-]+\"?:\s", line):
        return "config/app.yml"
    if line.lstrip().startswith(("const ", "export ")):
        return "src/app.ts"
    return "app/settings.py"


def vendor_cases(v: Vendor, r: random.Random, repeat: int) -> Iterator[Case]:
    def case(kind: str, label: bool, value: str) -> Iterator[Case]:
        for ctx, path, text in contexts(v, value, negative=not label):
            yield Case(
                family=v.family,
                split=v.split,
                vendor=v.name,
                kind=kind,
                context=ctx,
                label=label,
                path=path,
                text=text,
                secret=value if label else "",
            )

    for _ in range(repeat):
        for t in v.secrets:
            yield from case("secret", True, render(t, r))
            if v.contextual or v.raw or v.block:
                continue
            for variant in ("placeholder", "truncated", "alphabet"):
                value = render(t, r, variant)
                if value:
                    yield from case(variant, False, value)
        for t in v.negatives:
            yield from case("negative", False, render(t, r))


def cases(seed: int = 20261202, repeat: int = 2, split: str | None = None) -> list[Case]:
    """Every case, in a stable order; ``split`` keeps only that part."""
    r = random.Random(seed)
    out = [c for v in load() for c in vendor_cases(v, r, repeat)]
    r2 = random.Random(seed + 2)
    out += [c for v in load(V2) for c in vendor_cases(v, r2, repeat)]
    r3 = random.Random(seed + 3)
    out += [c for v in load(V3) for c in vendor_cases(v, r3, repeat)]
    return [c for c in out if split is None or c.split == split]
