#!/usr/bin/env sh
# Print the path of a Python >= 3.12 (Django 6 needs it), or fail with a clear message.
#
# A name on the PATH is not enough: pyenv shims exist for versions that are not selected
# and answer "pyenv: python3.12: command not found", so every candidate is run and asked.
set -u

check() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1 || return 1
    "$1" -c 'import sys; print(sys.executable)'
}

for candidate in "${PYTHON:-}" python3.13 python3.12 python3; do
    [ -n "$candidate" ] || continue
    command -v "$candidate" >/dev/null 2>&1 || continue
    if check "$candidate"; then exit 0; fi
done

for candidate in "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python3 \
                 /usr/local/bin/python3.1[2-9] /usr/bin/python3.1[2-9]; do
    [ -x "$candidate" ] || continue
    if check "$candidate"; then exit 0; fi
done

echo "No Python >= 3.12 found (tried \$PYTHON, python3.13, python3.12, python3, pyenv versions)." >&2
echo "Install Python 3.12 or newer, or set PYTHON=/path/to/python3.12." >&2
exit 1
