"""Each unit database's Ed25519 key pair: it signs the unit's submission packages, and the
Inspectorate pins the public key at the first package it receives (trust on first use). The
short fingerprint is read out by phone to confirm a key."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.store.campaigns import get_setting, set_setting
from app.store.connection import Database

KEY_SETTING = "unit_signing_key"  # the raw 32-byte private key, hex


def unit_key(db: Database) -> Ed25519PrivateKey:
    """The database's signing key, made at first use."""
    stored = get_setting(db, KEY_SETTING)
    if stored is None:
        key = Ed25519PrivateKey.generate()
        with db.atomic():
            set_setting(db, KEY_SETTING, key.private_bytes_raw().hex())
        return key
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(stored))
