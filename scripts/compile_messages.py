"""Compile every locale/*/LC_MESSAGES/*.po (project and apps) into its .mo with polib.

Django's `compilemessages` needs GNU gettext's msgfmt, which a machine with only Python
lacks; polib writes the same binary catalogue. The .mo files are build output (ignored by
git), so `make demo` and `make test` run this first. Fuzzy and untranslated entries are
left out, as msgfmt does.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    catalogues = sorted(
        [
            *(ROOT / "locale").glob("*/LC_MESSAGES/*.po"),
            *(ROOT / "tenant_apps").glob("*/locale/*/LC_MESSAGES/*.po"),
            *(ROOT / "shared_apps").glob("*/locale/*/LC_MESSAGES/*.po"),
        ]
    )
    for po_path in catalogues:
        catalogue = polib.pofile(str(po_path))
        mo_path = po_path.with_suffix(".mo")
        catalogue.save_as_mofile(str(mo_path))
        language = po_path.parent.parent.name
        print(
            f"messages: {po_path.relative_to(ROOT)} ({language}): "
            f"{len(catalogue.translated_entries())} translated, "
            f"{len(catalogue.untranslated_entries())} untranslated, "
            f"{len(catalogue.fuzzy_entries())} fuzzy"
        )
    if not catalogues:
        print("messages: no catalogues under locale/", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
