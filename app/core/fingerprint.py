"""The short fingerprint of a public key, read out by phone to confirm a key (the unit's, the
Inspectorate's)."""

from __future__ import annotations

import hashlib


def fingerprint(public_raw: bytes) -> str:
    """Sixteen hex digits in four groups ("3F2A-91C0-…"): short enough to read out."""
    digest = hashlib.sha256(public_raw).hexdigest()[:16].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))
