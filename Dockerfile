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
#   (46 MB), and so are git's server-side and mail helpers (16 MB), git's message translations (10 MB: git
#   speaks English here) and glibc's (libc-l10n, 4 MB); /usr/lib/git-core/git, a second copy of /usr/bin/git
#   (3.7 MB), becomes a hard link to it. git-remote-http stays (fetch-missing over https). An image that needs
#   the rest can `apt-get install --fix-broken --reinstall git`.
# - PostgreSQL 15, Debian bookworm's own server package (the major bookworm ships, and migrations'
#   postgres_version default): migrations.apply.ephemeral runs initdb + pg_ctl on loopback inside
#   the container, pg_dump compares the schema after the down migrations. No cluster is created at
#   build time (createcluster.d). Removed again: the JIT (llvmjit.so and its bitcode; it pulls in
#   libllvm14 and libz3, 130 MB, and the scratch cluster runs with jit=off), the locales package
#   (the cluster uses the C locale), postgres' message translations (17 MB) and man pages, and the
#   admin and client tools apply never runs (pg_upgrade, pgbench, createdb, pg_restore, ...). What
#   stays: the server, initdb, pg_ctl, psql, pg_dump, the contrib extensions (CREATE EXTENSION in a
#   migration must work) and ICU (libicudata is 31 MB of the server's ~65 MB; postgres links it,
#   and ICU collations must work). docs/adr/0003-image-size.md has the figures and the choice.
# - Python dependencies: exact versions with hashes (requirements/runtime.lock), then their shared objects are
#   stripped of debug symbols (pglast 28 -> 4 MB, uvloop 14 -> 2 MB) with binutils, which is removed again, and
#   the wheels' own test suites deleted (1.4 MB). Their bytecode stays: pip compiles it at install, and the
#   secrets scan's workers import from it rather than compiling at every start (PYTHONDONTWRITEBYTECODE=1).
RUN mkdir -p /etc/postgresql-common/createcluster.d \
 && echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/launchgate.conf \
 && apt-get update \
 && apt-get install -y --no-install-recommends \
      "git=1:2.39.*" "binutils=2.40-*" "postgresql-15=15.*" \
 && python3 -m pip install --no-deps --require-hashes -r /opt/launchgate/runtime.lock \
 && find /usr/local/lib/python3*/ -path '*-packages/*' -name '*.so' -exec strip --strip-unneeded {} + \
 && find /usr/local/lib/python3*/ -path '*-packages/*' \( -name '*.c' -o -name '*.pyx' -o -name '*.pxd' \) -delete \
 && apt-get purge -y --auto-remove binutils \
 && dpkg --purge --force-depends perl perl-modules-5.36 libperl5.36 liberror-perl libjson-perl \
          libllvm14 libz3-4 locales libc-l10n \
 && rm -rf /usr/lib/postgresql/15/lib/llvmjit* /usr/lib/postgresql/15/lib/bitcode \
          /usr/share/postgresql/15/man /var/lib/postgresql/15 /etc/postgresql/15 \
          /usr/share/locale/*/LC_MESSAGES/*-15.mo /usr/share/locale/*/LC_MESSAGES/git.mo \
          /var/cache/debconf/*-old /usr/share/gitweb \
 && for b in pg_upgrade pgbench pg_basebackup pg_receivewal pg_recvlogical pg_rewind pg_waldump \
             pg_archivecleanup pg_checksums pg_resetwal pg_test_fsync pg_test_timing \
             clusterdb createdb createuser dropdb dropuser reindexdb vacuumdb vacuumlo oid2name \
             pg_amcheck pg_isready pg_verifybackup pg_dumpall pg_restore pg_controldata; do \
      rm -f "/usr/lib/postgresql/15/bin/$b"; done \
 && rm -f /usr/lib/git-core/scalar /usr/lib/git-core/git-shell /usr/lib/git-core/git-daemon \
          /usr/lib/git-core/git-imap-send /usr/lib/git-core/git-http-push /usr/lib/git-core/git-http-fetch \
          /usr/lib/git-core/git-http-backend /usr/lib/git-core/git-sh-i18n--envsubst \
          /usr/bin/scalar /usr/bin/git-shell \
 && ln -f /usr/bin/git /usr/lib/git-core/git \
 && find /usr/local/lib/python3*/ -path '*-packages/*' -type d -name tests -prune -exec rm -rf {} + \
 && git --version \
 && /usr/lib/postgresql/15/bin/initdb --version \
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
