"""The Ed25519 key that signs audit checkpoints.

settings.AUDIT_SIGNING_KEY (ZHIJIAN_AUDIT_SIGNING_KEY) holds the 32-byte private key as 64 hex
characters. In debug mode without it, a key is generated once and kept in VAR_DIR/audit_signing.key
(mode 0600) so a local run can seal; outside debug, sealing refuses to run without a key.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_FILE_NAME = "audit_signing.key"


class SigningKeyMissing(ImproperlyConfigured):
    """No signing key is configured, so checkpoints cannot be sealed."""


def _parse(text: str, origin: str) -> Ed25519PrivateKey:
    try:
        raw = bytes.fromhex(text.strip())
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise ImproperlyConfigured(
            f"{origin} 须为 64 位十六进制字符（32 字节 Ed25519 私钥） / "
            f"{origin} must be 64 hex characters (a 32-byte Ed25519 private key)"
        )
    return Ed25519PrivateKey.from_private_bytes(raw)


def key_file() -> Path:
    return Path(settings.VAR_DIR) / KEY_FILE_NAME


def _raw_hex(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    ).hex()


def _create_key_file(path: Path) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return _parse(path.read_text(), str(path))
    with os.fdopen(fd, "w") as fh:
        fh.write(_raw_hex(key) + "\n")
    return key


def signing_key(*, create: bool = True) -> Ed25519PrivateKey | None:
    """The configured key; in debug mode the local key file (made when `create`); else None."""
    configured = getattr(settings, "AUDIT_SIGNING_KEY", "")
    if configured:
        return _parse(configured, "ZHIJIAN_AUDIT_SIGNING_KEY")
    if not settings.DEBUG:
        return None
    path = key_file()
    if path.exists():
        return _parse(path.read_text(), str(path))
    return _create_key_file(path) if create else None


def require_signing_key() -> Ed25519PrivateKey:
    key = signing_key(create=True)
    if key is None:
        raise SigningKeyMissing(
            "未配置审计签名密钥，无法封存检查点：请设置 ZHIJIAN_AUDIT_SIGNING_KEY（64 位十六进制） / "
            "no audit signing key: set ZHIJIAN_AUDIT_SIGNING_KEY (64 hex characters) to seal checkpoints"
        )
    return key


def public_key_hex(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def trusted_public_keys() -> set[str]:
    """Public keys whose checkpoints `verify` accepts: the current key's and any former ones
    listed in AUDIT_TRUSTED_PUBLIC_KEYS (after a key rotation, or on a verify-only machine)."""
    keys = {k.strip().lower() for k in getattr(settings, "AUDIT_TRUSTED_PUBLIC_KEYS", ()) if k.strip()}
    key = signing_key(create=False)
    if key is not None:
        keys.add(public_key_hex(key))
    return keys


def sign(key: Ed25519PrivateKey, message: bytes) -> str:
    return key.sign(message).hex()


def signature_valid(public_hex: str, signature_hex: str, message: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex)).verify(bytes.fromhex(signature_hex), message)
    except (InvalidSignature, ValueError):
        return False
    return True


def generate_key_hex() -> str:
    """A fresh private key for ZHIJIAN_AUDIT_SIGNING_KEY."""
    return _raw_hex(Ed25519PrivateKey.generate())
