"""Lazada Open Platform (Vietnam). Importing this package registers the platform."""

from connectors.lazada.client import LIVE_HOST, LOCAL_SANDBOX_PORT, PLATFORM
from connectors.lazada.connector import CAPABILITIES, LazadaConnector, authorize, connect
from connectors.registry import PlatformSpec, register

SPEC = register(
    PlatformSpec(
        platform=PLATFORM,
        display_name="Lazada",
        capabilities=CAPABILITIES,
        connect=connect,
        authorize=authorize,
        default_host=LIVE_HOST,
        sandbox_port=LOCAL_SANDBOX_PORT,
        settings_keys=(
            "app_key",
            "host",
            "auth_host",
            "country",
            "default_category_id",
            "batch_size",
        ),
        secret_keys=("app_secret", "access_token", "refresh_token"),
    )
)

__all__ = ["SPEC", "LazadaConnector"]
