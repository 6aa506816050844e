"""Settings, validated once at start (environment variables or a `.env` file)."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from sync.secrets import SecretBox

KEY_FILE = Path(".ocopsync.key")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = Field(
        default="sqlite:///ocopsync.db",
        validation_alias=AliasChoices("DATABASE_URL", "OCOPSYNC_DATABASE_URL"),
    )
    secret_key: str | None = Field(default=None, validation_alias="OCOPSYNC_SECRET_KEY")
    business: str = Field(default="main", validation_alias="OCOPSYNC_BUSINESS")
    sandbox_dir: Path = Field(default=Path(".sandbox"), validation_alias="OCOPSYNC_SANDBOX_DIR")
    http_host: str = Field(default="127.0.0.1", validation_alias="OCOPSYNC_HTTP_HOST")
    http_port: int = Field(default=8000, validation_alias="OCOPSYNC_HTTP_PORT")
    log_level: str = Field(default="WARNING", validation_alias="OCOPSYNC_LOG_LEVEL")

    def secret_box(self, *, create: bool = False) -> SecretBox:
        """OCOPSYNC_SECRET_KEY, else `.ocopsync.key` (made by `init`, mode 0600)."""
        if self.secret_key:
            return SecretBox(self.secret_key)
        if not KEY_FILE.exists():
            if not create:
                raise SystemExit(
                    "No secret key: set OCOPSYNC_SECRET_KEY or run `ocopsync init` to create "
                    f"{KEY_FILE}."
                )
            fd = os.open(KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(SecretBox.new_key())
        return SecretBox(KEY_FILE.read_text().strip())
