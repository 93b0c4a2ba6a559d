"""The receipt's format (giấy biên nhận) the Inspectorate returns for a package: which package
(its id and the SHA-256 of the file), when it was received, what verification found, and the
appraisal of each nominee once decided. Signed with the Inspectorate's database key; the unit
imports it back (services/receipts.py) and its Hồ sơ page shows "Thanh tra đã nhận".

The file is JSON: {"receipt": {...}, "public_key": hex, "signature": hex}, the signature over
the receipt serialised canonically (sorted keys, no spaces, UTF-8)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from app.core.text import ascii_file_name
from app.exchange.package_errors import PackageError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

KIND = "bien-nhan-goi-ho-so"
SCHEMA = 1
MAX_RECEIPT_BYTES = 256 * 1024


def _canonical(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


# the package's own name whole as a unit's app makes it (~70 characters with a usual campaign
# code: package_file_name); a longer one (a 40-character code, a name changed by hand) is cut as
# ascii_file_name says, so the receipt's path in Documents/…/<campaign>/thanh-tra stays < 260
PACKAGE_IN_NAME = 80


def receipt_file_name(package_file: str) -> str:
    stem = ascii_file_name(package_file.removesuffix(".zip"), PACKAGE_IN_NAME)
    return f"bien-nhan_{stem}.json"


def signed_receipt(body: dict[str, Any], key: Ed25519PrivateKey) -> bytes:
    """The receipt file's bytes: `body` with the issuer's public key and its signature."""
    content = {
        "receipt": body,
        "public_key": key.public_key().public_bytes_raw().hex(),
        "signature": key.sign(_canonical(body)).hex(),
    }
    return json.dumps(content, ensure_ascii=False, indent=1).encode()


def read_receipt(data: bytes, file_name: str) -> tuple[dict[str, Any], bytes]:
    """The receipt's body and the public key that signed it; refused (PackageError, naming
    the file) unless it is a receipt whose signature is right."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    if len(data) > MAX_RECEIPT_BYTES:
        raise PackageError(f"Tệp {file_name} quá lớn để là giấy biên nhận.")
    try:
        content = json.loads(data.decode("utf-8"))
        body = content["receipt"]
        public = bytes.fromhex(content["public_key"])
        Ed25519PublicKey.from_public_bytes(public).verify(
            bytes.fromhex(content["signature"]), _canonical(body)
        )
    except InvalidSignature:
        raise PackageError(f"Chữ ký của giấy biên nhận {file_name} không đúng.") from None
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError):
        raise PackageError(f"Tệp {file_name} không phải giấy biên nhận của Thanh tra.") from None
    if not isinstance(body, dict) or body.get("kind") != KIND:
        raise PackageError(f"Tệp {file_name} không phải giấy biên nhận của Thanh tra.")
    return body, public
