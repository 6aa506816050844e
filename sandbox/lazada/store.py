"""Lazada's tables in the sandbox state file (the Store itself is `sandbox.common.store`).

Products are keyed by item_id and their SKUs by sku_id (server-made int64s); a SellerSku is unique
per seller. Stock per SKU is `quantity` (what price_quantity/update sets, locked units included)
and `withhold` (units of open orders not yet ready to ship); sellable = quantity - withhold.
Orders keep one row per unit in `order_items` (Lazada lists an order line of qty N as N items).
Times: products in epoch ms (as Lazada shows them), everything else in unix seconds.
"""

from __future__ import annotations

from sandbox.common.store import credential_tables

_TABLES = """
CREATE TABLE IF NOT EXISTS apps (
    app_key TEXT PRIMARY KEY,
    app_secret TEXT NOT NULL,
    access_ttl INTEGER,
    refresh_ttl INTEGER
);
CREATE TABLE IF NOT EXISTS sellers (
    seller_id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    short_code TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    email TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'ACTIVE'
);
CREATE TABLE IF NOT EXISTS links (
    app_key TEXT NOT NULL,
    seller_id INTEGER NOT NULL,
    linked_at INTEGER NOT NULL,
    PRIMARY KEY (app_key, seller_id)
);
CREATE INDEX IF NOT EXISTS links_seller ON links (seller_id);
CREATE TABLE IF NOT EXISTS images (
    hash_code TEXT PRIMARY KEY,
    seller_id INTEGER NOT NULL,
    url TEXT NOT NULL,
    source TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS image_batches (
    batch_id TEXT PRIMARY KEY,
    seller_id INTEGER NOT NULL,
    result TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS products (
    item_id INTEGER PRIMARY KEY,
    seller_id INTEGER NOT NULL,
    primary_category INTEGER NOT NULL,
    status TEXT NOT NULL,
    attributes TEXT NOT NULL,
    images TEXT NOT NULL,
    created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS products_by_update ON products (seller_id, updated_ms, item_id);
CREATE INDEX IF NOT EXISTS products_by_creation ON products (seller_id, created_ms, item_id);
CREATE TABLE IF NOT EXISTS skus (
    sku_id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL, seller_id INTEGER NOT NULL,
    seller_sku TEXT NOT NULL,
    status TEXT NOT NULL,
    price INTEGER NOT NULL,
    special_price INTEGER, special_from TEXT, special_to TEXT,
    quantity INTEGER NOT NULL,
    withhold INTEGER NOT NULL DEFAULT 0,
    extra TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS skus_by_item ON skus (item_id);
CREATE INDEX IF NOT EXISTS skus_by_seller_sku ON skus (seller_id, seller_sku);
CREATE TABLE IF NOT EXISTS orders (
    order_id INTEGER PRIMARY KEY,
    seller_id INTEGER NOT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
    buyer TEXT NOT NULL,
    address TEXT NOT NULL,
    payment_method TEXT NOT NULL,
    shipping_fee INTEGER NOT NULL,
    stock_taken INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS orders_by_creation ON orders (seller_id, created_at, order_id);
CREATE INDEX IF NOT EXISTS orders_by_update ON orders (seller_id, updated_at, order_id);
CREATE TABLE IF NOT EXISTS order_items (
    order_item_id INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL,
    item_id INTEGER NOT NULL, sku_id INTEGER NOT NULL, seller_sku TEXT NOT NULL,
    name TEXT NOT NULL,
    item_price INTEGER NOT NULL,
    paid_price INTEGER NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS order_items_by_order ON order_items (order_id);
CREATE TABLE IF NOT EXISTS push_config (
    app_key TEXT PRIMARY KEY,
    callback_url TEXT NOT NULL,
    types TEXT NOT NULL,
    duplicates INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS push_messages (
    message_id INTEGER PRIMARY KEY AUTOINCREMENT,
    app_key TEXT NOT NULL,
    seller_id INTEGER NOT NULL,
    message_type INTEGER NOT NULL,
    body TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_try INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS push_by_state ON push_messages (state, next_try);
CREATE INDEX IF NOT EXISTS push_by_app ON push_messages (app_key, message_id);
"""
SCHEMA = credential_tables("app_key TEXT NOT NULL, seller_id INTEGER NOT NULL") + _TABLES

TABLES = (
    "apps",
    "sellers",
    "links",
    "codes",
    "access_tokens",
    "refresh_tokens",
    "images",
    "image_batches",
    "products",
    "skus",
    "orders",
    "order_items",
    "push_config",
    "push_messages",
)
