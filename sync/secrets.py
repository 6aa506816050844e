"""Credentials at rest: Fernet (AES-128-CBC + HMAC) with a key from the environment.

A sealed value is opaque text; `SecretBox.open` gives back the mapping only in memory. Nothing here
logs, and errors never include the plaintext.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from cryptography.fernet import Fernet, InvalidToken


class SecretKeyError(Exception):
    pass


class SecretBox:
    def __init__(self, key: str | bytes) -> None:
        try:
            self._fernet = Fernet(key)
        except (ValueError, TypeError) as exc:
            raise SecretKeyError("OCOPSYNC_SECRET_KEY is not a valid Fernet key") from exc

    @staticmethod
    def new_key() -> str:
        return Fernet.generate_key().decode("ascii")

    def seal(self, secrets: Mapping[str, str]) -> str:
        return self._fernet.encrypt(json.dumps(dict(secrets)).encode("utf-8")).decode("ascii")

    def open(self, sealed: str) -> dict[str, str]:
        if not sealed:
            return {}
        try:
            data = json.loads(self._fernet.decrypt(sealed.encode("ascii")))
        except InvalidToken as exc:
            raise SecretKeyError(
                "stored credentials cannot be decrypted: OCOPSYNC_SECRET_KEY differs from the "
                "key they were sealed with"
            ) from exc
        return {str(k): str(v) for k, v in data.items()}
