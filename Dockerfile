# launchgate as a GitHub container action (see action.yml and docs/github-action.md).
# The base is pinned by tag; pin it by digest too (python:3.12-slim-bookworm@sha256:...) when you publish images.
# Debian bookworm is named explicitly so the apt version pin below stays valid when the slim tag moves on.
FROM python:3.12-slim-bookworm

LABEL org.opencontainers.image.title="launchgate" \
      org.opencontainers.image.description="Pre-deploy and post-deploy gate for web products" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="https://github.com/launchgate/launchgate"

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

WORKDIR /opt/launchgate
COPY requirements/runtime.lock /opt/launchgate/runtime.lock

# One layer for the system and Python dependencies, so nothing removed here is kept in an earlier layer:
# - git: diff-aware checks (what the pull request changed) and the secrets history scan. git's porcelain scripts
#   need perl, launchgate's git calls (diff, log, rev-parse, ls-files, show) are built-ins: perl is removed again
#   (46 MB), and so are git's server-side and mail helpers (12 MB). An image that needs them can
#   `apt-get install --fix-broken --reinstall git`.
# - Python dependencies: exact versions with hashes (requirements/runtime.lock), then their shared objects are
#   stripped of debug symbols (pglast 28 -> 4 MB, uvloop 14 -> 2 MB) with binutils, which is removed again.
RUN apt-get update \
 && apt-get install -y --no-install-recommends "git=1:2.39.*" "binutils=2.40-*" \
 && python3 -m pip install --no-deps --require-hashes -r /opt/launchgate/runtime.lock \
 && find /usr/local/lib/python3*/ -path '*-packages/*' -name '*.so' -exec strip --strip-unneeded {} + \
 && find /usr/local/lib/python3*/ -path '*-packages/*' \( -name '*.c' -o -name '*.pyx' -o -name '*.pxd' \) -delete \
 && apt-get purge -y --auto-remove binutils \
 && dpkg --purge --force-depends perl perl-modules-5.36 libperl5.36 liberror-perl \
 && rm -f /usr/lib/git-core/scalar /usr/lib/git-core/git-shell /usr/lib/git-core/git-daemon \
          /usr/lib/git-core/git-imap-send /usr/lib/git-core/git-http-push /usr/lib/git-core/git-http-fetch \
          /usr/bin/scalar /usr/bin/git-shell \
 && git --version \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/* /var/log/apt /var/log/dpkg.log /usr/share/doc/* /usr/share/man/*

COPY pyproject.toml README.md /opt/launchgate/src/
COPY launchgate/ /opt/launchgate/src/launchgate/
COPY docker/entrypoint.py /opt/launchgate/entrypoint.py
# --no-deps: everything came from the lock above; the build backend is fetched into a throwaway build env.
RUN python3 -m pip install --no-deps /opt/launchgate/src \
 && rm -rf /opt/launchgate/src \
 && python3 -m launchgate --version

# No USER: GitHub runs container actions as root and mounts a workspace owned by the runner's uid (1001 on
# hosted runners). The entrypoint drops to that uid before running any check, so the scan is unprivileged and the
# files it writes stay the runner's; a root-owned workspace (plain `docker run`) keeps root.
ENTRYPOINT ["python3", "/opt/launchgate/entrypoint.py"]
