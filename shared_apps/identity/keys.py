"""The provider's RSA signing keys: read from the environment or a key file, never committed.

Settings import this module, so it imports nothing from Django at module level.

- `PLEIN_OIDC_PRIVATE_KEY`: the active key as PEM text, or else
- `PLEIN_OIDC_PRIVATE_KEY_FILE`: a path to it (development and tests use a file under
  `.data/`, generated once by `python -m shared_apps.identity.keys <path>`).
- `PLEIN_OIDC_PREVIOUS_KEY_FILES`: comma-separated paths of retired keys, whose public
  halves stay in the JWKS so that tokens signed before a rotation still verify.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

KEY_BITS = 2048


def private_key_pem(*, pem: str, path: str) -> str:
    """The active key: the PEM text when given, else the file's content, else ""."""
    if pem.strip():
        return pem.strip() + "\n"
    if path and Path(path).is_file():
        return Path(path).read_text()
    return ""


def previous_keys_pem(*, paths: str) -> list[str]:
    return [Path(p.strip()).read_text() for p in paths.split(",") if p.strip()]


def key_file_ensure(path: Path) -> bool:
    """Write a new RSA key to `path` unless one is there; returns whether it wrote one.

    The key goes to a private temporary file first and is linked into place, so that
    processes starting at the same moment (test workers, gunicorn) all end up reading the
    one key that won, never a half-written file or one that is replaced later.
    """
    if path.exists():
        return False
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    pem = key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".oidc-key-")
    try:
        os.write(descriptor, pem)
        os.close(descriptor)
        os.chmod(temporary, 0o600)
        try:
            os.link(temporary, path)
        except FileExistsError:
            return False
    finally:
        os.unlink(temporary)
    return True


if __name__ == "__main__":
    # `python -m shared_apps.identity.keys .data/oidc-dev-key.pem` (make demo)
    target = Path(sys.argv[1])
    wrote = key_file_ensure(target)
    print(f"oidc: {'generated a new signing key in' if wrote else 'keeping the key in'} {target}")
