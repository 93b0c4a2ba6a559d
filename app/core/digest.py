"""SHA-256 as hex, for the modules the window's start imports: hashlib loads OpenSSL (3 ms),
and the start hashes nothing, so it is imported when a digest is first asked for."""

from __future__ import annotations


def sha256_hex(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()
