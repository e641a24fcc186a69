#!/usr/bin/env bash
# Install the system packages launchgate's tests and demo need (Debian/Ubuntu), only when something is missing.
# Services are not started by the install (policy-rc.d): the tests start their own servers on loopback.
set -euo pipefail
need=()
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }
have git     || need+=(git)
have nginx   || need+=(nginx-light)
have nsd     || need+=(nsd)
have openssl || need+=(openssl)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
have chromium || need+=(chromium)  # the browser rendering tests of the PR comment and job summary
have npm     || need+=(npm)       # installs GitHub's Markdown stylesheet (github-markdown-css) for them
have docker-registry || need+=(docker-registry)  # the release rehearsal's registry on 127.0.0.1
fc-list 2>/dev/null | grep -qi "Noto Color Emoji" || need+=(fonts-noto-color-emoji fonts-dejavu-core)
for extra in "$@"; do  # binary names; the Debian package is named after the binary except testssl
  case "$extra" in
    testssl) have testssl || need+=(testssl.sh) ;;
    qemu-aarch64-static) have qemu-aarch64-static || need+=(qemu-user-static) ;;
    *) have "$extra" || need+=("$extra") ;;
  esac
done
[ ${#need[@]} -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-system-deps: need root (or sudo) to install: ${need[*]}" >&2; exit 1; }
  SUDO="sudo"
fi
echo "install-system-deps: apt-get install ${need[*]}"
created_policy=0
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null && $SUDO chmod +x /usr/sbin/policy-rc.d
  created_policy=1
fi
trap '[ $created_policy -eq 1 ] && $SUDO rm -f /usr/sbin/policy-rc.d' EXIT
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
