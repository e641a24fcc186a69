"""env.used-but-undeclared on realistic repositories (issue 10): the classes of noise seen on real
monorepos, each a synthetic reproduction and a positive twin (a variable really read, required and
declared nowhere stays medium).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from launchgate.checks.env.declarations import declared_in
from launchgate.checks.env.usage import is_dev_path, scan_file
from launchgate.model import Finding, Severity
from tests.unit.test_env import repo, run

RULE = "env.used-but-undeclared"
TWIN = "const k = process.env.PAYMENT_KEY;\n"  # required, declared nowhere: always medium


def undeclared(root: Path) -> dict[str, Severity]:
    return {f.message.split(" ")[0]: f.severity for f in run(root) if f.rule.id == RULE}


def findings(root: Path) -> list[Finding]:
    return [f for f in run(root) if f.rule.id == RULE]


@pytest.mark.parametrize("path,text", [
    ("apps/api/.env.example", "SMTP_HOST=\n"),
    ("apps/api/.env.sample", "SMTP_HOST=\n"),
    ("packages/db/.env.template", "SMTP_HOST=\n"),
    ("docker-compose.yml", "services:\n  api:\n    environment:\n      SMTP_HOST: mail\n"),
    ("deploy/compose.prod.yaml", "services:\n  api:\n    environment:\n      - SMTP_HOST=mail\n"),
    ("docker-compose.yml", "services:\n  api:\n    image: x\n    command: run --host "
     "${SMTP_HOST:-mail}\n"),
    ("turbo.json", '{"globalEnv": ["SMTP_HOST"], "tasks": {"build": {"env": ["OTHER"]}}}'),
    (".github/workflows/ci.yml", "jobs:\n  t:\n    runs-on: x\n    env:\n      SMTP_HOST: "
     "localhost\n"),
    ("apps/api/Dockerfile", "FROM node\nARG SMTP_HOST\n"),
    ("Dockerfile.prod", "FROM node\nENV SMTP_HOST=mail OTHER=1\n"),
    ("charts/app/templates/deployment.yaml",
     "spec:\n  containers:\n    - env:\n        - name: SMTP_HOST\n          value: {{ "
     ".Values.smtp }}\n"),
    ("k8s/deployment.yaml", "spec:\n  containers:\n    - env:\n        - name: SMTP_HOST\n        "
     "  value: mail\n"),
    ("app.json", '{"env": {"SMTP_HOST": {"required": true}}}'),
    ("deployments/variables.env", "SMTP_HOST=mail\n"),
])
def test_a_variable_declared_in_a_template_or_deployment_file_is_declared(tmp_path, path, text):
    root = repo(tmp_path, {".env.example": "API_URL=\n", path: text,
                           "apps/api/src/mail.ts": "const h = process.env.SMTP_HOST;\n" + TWIN},
                           schema=None)
    assert undeclared(root) == {"PAYMENT_KEY": Severity.MEDIUM}


def test_declaration_files_read_exactly_what_they_declare():
    assert declared_in("Dockerfile", "ARG A\nENV B=1 C=2\nENV D value\nRUN echo $E\n") == {
        "A",
        "B",
        "C",
        "D",
    }
    assert declared_in("turbo.json", '{"tasks": {"b": {"env": ["A", "B_*"], "passThroughEnv": '
                       '["C"]}}}') == {
        "A", "C"}
    # broken YAML: nothing, no error
    assert declared_in("docker-compose.yml", "services: [unclosed\n") == set()
    # no env key: nothing
    assert declared_in("values.yaml", "image: {tag: x}\nreplicas: 2\n") == set()


@pytest.mark.parametrize("code", [
    "const u = process.env.CACHE_TTL ?? '60';\n",
    "const u = process.env.CACHE_TTL || '60';\n",
    "const on = process.env.CACHE_TTL === 'true';\n",
    "const u = process.env.CACHE_TTL ? 1 : 0;\n",
    "if (process.env.CACHE_TTL) { start(); }\n",
    "const { CACHE_TTL = '60' } = process.env;\n",
    "const c = process.env.CACHE_TTL\n  ? new Cache({ ttl: process.env.CACHE_TTL })\n  : null;\n",
    "const c = process.env.CACHE_TTL && start(process.env.CACHE_TTL as string);\n",
    "if (process.env.CACHE_TTL) {\n  start(Number(process.env.CACHE_TTL));\n}\n",
])
def test_js_reads_with_a_fallback_are_low(tmp_path, code):
    root = repo(tmp_path, {".env.example": "API_URL=\n", "src/a.ts": code + TWIN}, schema=None)
    assert undeclared(root) == {"CACHE_TTL": Severity.LOW, "PAYMENT_KEY": Severity.MEDIUM}


@pytest.mark.parametrize("code", [
    "import os\nttl = os.getenv('CACHE_TTL', '60')\n",
    "import os\nttl = os.environ.get('CACHE_TTL', '60')\n",
    "import os\nttl = os.environ.get('CACHE_TTL')\n",
    "import os\nos.environ.setdefault('CACHE_TTL', '60')\n",
    "import os\nif 'CACHE_TTL' in os.environ:\n    TTL = int(os.environ[\n        'CACHE_TTL'])\n",
    "from pydantic_settings import BaseSettings\nclass S(BaseSettings):\n    cache_ttl: int = 60\n",
])
def test_python_reads_with_a_fallback_are_low(tmp_path, code):
    twin = "import os\nkey = os.environ['PAYMENT_KEY']\n"
    root = repo(tmp_path, {".env.example": "API_URL=\n", "app/a.py": code, "app/b.py": twin},
                schema=None)
    assert undeclared(root) == {"CACHE_TTL": Severity.LOW, "PAYMENT_KEY": Severity.MEDIUM}


def test_next_config_env_entries_are_set_by_the_build(tmp_path):
    config = ('const { version } = require("./package.json");\n'
              'module.exports = { env: {\n  version,\n  "BUILD_ID": id(),\n  ...extra,\n},\n'
              '  webpack(c) { return c; } };\n')
    code = "const v = process.env.version;\nconst b = process.env.BUILD_ID;\n" + TWIN
    root = repo(tmp_path, {".env.example": "API_URL=\n", "apps/web/next.config.js": config,
                           "apps/web/src/a.ts": code}, schema=None)
    assert undeclared(root) == {"PAYMENT_KEY": Severity.MEDIUM}
    # twin: a next.config without an env block declares nothing
    root = repo(tmp_path / "b", {".env.example": "API_URL=\n",
                                 "next.config.mjs": "export default { reactStrictMode: true };\n",
                                 "src/a.ts": "const v = process.env.version;\n"}, schema=None)
    assert undeclared(root) == {"version": Severity.MEDIUM}


def test_a_guard_that_throws_is_still_a_required_read(tmp_path):
    code = "if (!process.env.PAYMENT_KEY) throw new Error('missing');\n"
    root = repo(tmp_path, {".env.example": "API_URL=\n", "src/a.ts": code}, schema=None)
    assert undeclared(root) == {"PAYMENT_KEY": Severity.MEDIUM}
    js = ("if (!process.env.PAYMENT_KEY) throw new Error('missing');\n"
          "const s = new Stripe(process.env.PAYMENT_KEY as string);\n")
    root = repo(tmp_path / "js", {".env.example": "API_URL=\n", "src/a.ts": js}, schema=None)
    assert undeclared(root) == {"PAYMENT_KEY": Severity.MEDIUM}
    py = ("import os\nif 'PAYMENT_KEY' not in os.environ:\n    raise SystemExit('missing')\n"
          "KEY = os.environ['PAYMENT_KEY']\n")
    root = repo(tmp_path / "py", {".env.example": "API_URL=\n", "app/a.py": py}, schema=None)
    assert undeclared(root) == {"PAYMENT_KEY": Severity.MEDIUM}


def test_one_fallback_read_does_not_hide_a_required_one(tmp_path):
    root = repo(tmp_path,
                {".env.example": "API_URL=\n", "src/a.ts": "process.env.PAYMENT_KEY ?? " "''\n",
                           "src/b.ts": TWIN}, schema=None)
    [f] = findings(root)
    assert f.severity == Severity.MEDIUM and f.location.path == "src/b.ts"
    assert f.message.startswith("PAYMENT_KEY is read 2 times (src/b.ts:1, src/a.ts:1)")


@pytest.mark.parametrize("name",
                         ["PORT", "HTTPS_PROXY", "VITEST", "OTEL_SERVICE_NAME",
                          "NEXT_PUBLIC_VERCEL_URL",
                                  "NODE_ENV", "VERCEL_ENV", "GITHUB_SHA", "npm_package_version"])
def test_platform_variables_are_not_reported(tmp_path, name):
    root = repo(tmp_path,
                {".env.example": "API_URL=\n", "src/a.ts": f"process.env.{name};\n" + TWIN},
                schema=None)
    assert undeclared(root) == {"PAYMENT_KEY": Severity.MEDIUM}


@pytest.mark.parametrize("path",
                         ["e2e/login.ts", "apps/web/integration/setup.ts", "scripts/release.mjs",
                                  "packages/db/src/seed.ts", "docs/snippet.ts",
                                  "examples/basic/index.ts",
                                  "src/button.stories.tsx", ".storybook/main.ts", "vite.config.ts",
                                  "playwright.config.ts", "manage.py", "shop/migrations/0002_x.py",
                                  "shop/management/commands/load.py"])
def test_reads_in_tests_scripts_and_tools_are_low(tmp_path, path):
    code = (
        "import os\nos.environ['BUILD_TAG']\n"
        if path.endswith(".py")
        else "process.env.BUILD_TAG;\n"
    )
    root = repo(tmp_path, {".env.example": "API_URL=\n", path: code, "src/pay.ts": TWIN},
                schema=None)
    assert undeclared(root) == {"BUILD_TAG": Severity.LOW, "PAYMENT_KEY": Severity.MEDIUM}


def test_dev_paths_are_not_app_paths():
    assert not any(is_dev_path(p) for p in ("src/lib/testimonials.ts", "app/integrations/slack.ts",
                                             "next.config.mjs", "apps/api/settings.py",
                                             "src/latest.ts"))


def test_one_finding_per_variable_with_the_count_and_first_places(tmp_path):
    files = {f"src/m{i}.ts": TWIN for i in range(5)}
    root = repo(tmp_path, {".env.example": "API_URL=\n", **files}, schema=None)
    [f] = findings(root)
    assert f.message.startswith("PAYMENT_KEY is read 5 times (src/m0.ts:1, src/m1.ts:1, "
                                "src/m2.ts:1 and 2 more)")


def test_not_reads_dynamic_names_and_destructured_expressions():
    py = "import os\nos.environ.get('PREFIX_' + kind)\n"
    js = "const { continent, region } =\n  process.env.VERCEL === '1' ? geo : {};\n"
    assert scan_file("a.py", py) == []
    assert [u.name for u in scan_file("a.ts", js)] == ["VERCEL"]


def test_t3_env_optional_schema_entries_are_low(tmp_path):
    code = ("export const env = createEnv({\n  server: {\n    CACHE_TTL: z.string().optional(),\n "
            "   PAYMENT_KEY: z.string(),\n  },\n  runtimeEnv: {\n    CACHE_TTL: "
            "process.env.CACHE_TTL,\n    PAYMENT_KEY: process.env.PAYMENT_KEY,\n  },\n});\n")
    root = repo(tmp_path, {".env.example": "API_URL=\n", "src/env.ts": code}, schema=None)
    assert undeclared(root) == {"CACHE_TTL": Severity.LOW, "PAYMENT_KEY": Severity.MEDIUM}


def test_with_an_env_schema_only_the_schema_declares(tmp_path):
    """An explicit schema is the contract: a compose file naming the variable does not declare it
    there."""
    root = repo(tmp_path,
                {"docker-compose.yml": "services:\n  a:\n    environment:\n      "
                 "PAYMENT_KEY: x\n",
                           "src/a.ts": TWIN})
    assert undeclared(root) == {"PAYMENT_KEY": Severity.MEDIUM}
