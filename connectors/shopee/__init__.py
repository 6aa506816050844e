"""Shopee Open Platform v2. Importing this package registers the platform."""

from connectors.registry import PlatformSpec, register
from connectors.shopee.client import LIVE_HOST, LOCAL_SANDBOX_PORT, PLATFORM
from connectors.shopee.connector import CAPABILITIES, ShopeeConnector, authorize, connect

SPEC = register(
    PlatformSpec(
        platform=PLATFORM,
        display_name="Shopee",
        capabilities=CAPABILITIES,
        connect=connect,
        authorize=authorize,
        default_host=LIVE_HOST,
        sandbox_port=LOCAL_SANDBOX_PORT,
        settings_keys=("partner_id", "shop_id", "host", "default_category_id"),
        secret_keys=("partner_key", "access_token", "refresh_token", "push_key"),
    )
)

__all__ = ["SPEC", "ShopeeConnector"]
