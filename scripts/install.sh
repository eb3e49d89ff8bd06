#!/usr/bin/env bash
# Create .venv with a Python >= 3.12 and install Plein into it, pinned by the constraints
# file. Fast when nothing changed: a stamp keyed by the hash of pyproject.toml and the
# constraints file says the install is current.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.venv
constraints=requirements/constraints.txt
digest=$(cat pyproject.toml "$constraints" | sha256sum | cut -c1-16)
stamp="$venv/.installed-$digest"

if [ -x "$venv/bin/python" ] && ! "$venv/bin/python" -c \
        'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
    echo "install: $venv has a Python older than 3.12 (or a broken one); recreating it"
    rm -rf "$venv"
fi

if [ ! -x "$venv/bin/python" ]; then
    python=$(scripts/find-python.sh)
    echo "install: creating $venv with $python ($("$python" --version 2>&1))"
    "$python" -m venv "$venv"
fi

if [ -f "$stamp" ]; then
    exit 0
fi

echo "install: installing Plein and its dependencies into $venv (pinned by $constraints)"
# Some machines list local wheel folders in their pip config that may not exist; pip
# then warns once per package, which buries any real message.
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    -c "$constraints" -e '.[dev]' \
    2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
rm -f "$venv"/.installed-*
touch "$stamp"
echo "install: done"
