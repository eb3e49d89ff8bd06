#!/usr/bin/env bash
# The end-to-end tests drive Debian's chromium through Playwright (Playwright's own
# browser download is not available here). Install it when it is missing and we may.
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "browser: installing Debian's chromium for the end-to-end tests"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    exit 0
fi
echo "browser: chromium is missing; install Debian's 'chromium' package (as root:" \
     "apt-get install chromium) to run the end-to-end tests." >&2
exit 1
