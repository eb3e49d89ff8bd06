#!/usr/bin/env bash
# Make sure a command from a Debian package is there: `debian-package.sh COMMAND PACKAGE WHY`.
# Installs the package when it is missing and we may (root with apt-get); otherwise says
# plainly what to install and fails. Used for chromium (end-to-end tests: Playwright
# drives Debian's browser, as its own download is not available) and wrk (benchmarks).
set -euo pipefail
command_name=$1 package=$2 why=$3

if command -v "$command_name" >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "$package: installing Debian's $package for $why"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
    exit 0
fi
echo "$package: '$command_name' is missing; install Debian's '$package' package" \
     "(as root: apt-get install $package) for $why." >&2
exit 1
