"""Shopee's tables in the sandbox state file (the Store itself is `sandbox.common.store`).

Tables are indexed for what the API queries (items by shop and update_time, orders by shop and
create/update time, SKUs by shop), so nothing scans or rewrites the whole state per call.
"""

from __future__ import annotations

from sandbox.common.store import credential_tables

_TABLES = """
CREATE TABLE IF NOT EXISTS partners (partner_id INTEGER PRIMARY KEY, partner_key TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS shops (
    shop_id INTEGER PRIMARY KEY, name TEXT NOT NULL, region TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'NORMAL');
CREATE TABLE IF NOT EXISTS links (
    partner_id INTEGER NOT NULL, shop_id INTEGER NOT NULL,
    auth_time INTEGER NOT NULL, expire_time INTEGER NOT NULL,
    PRIMARY KEY (partner_id, shop_id));
CREATE INDEX IF NOT EXISTS links_shop ON links (shop_id);
CREATE INDEX IF NOT EXISTS access_tokens_owner ON access_tokens (partner_id, shop_id);
CREATE INDEX IF NOT EXISTS refresh_tokens_owner ON refresh_tokens (partner_id, shop_id);
CREATE TABLE IF NOT EXISTS images (
    image_id TEXT PRIMARY KEY, partner_id INTEGER NOT NULL, scene TEXT NOT NULL,
    size INTEGER NOT NULL, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS items (
    item_id INTEGER PRIMARY KEY, shop_id INTEGER NOT NULL, item_sku TEXT NOT NULL,
    item_name TEXT NOT NULL, description TEXT NOT NULL, category_id INTEGER NOT NULL,
    item_status TEXT NOT NULL, price INTEGER, stock INTEGER NOT NULL DEFAULT 0,
    reserved INTEGER NOT NULL DEFAULT 0, has_model INTEGER NOT NULL DEFAULT 0,
    weight REAL NOT NULL, extra TEXT NOT NULL,
    create_time INTEGER NOT NULL, update_time INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS items_shop_time ON items (shop_id, update_time, item_id);
CREATE INDEX IF NOT EXISTS items_shop_sku ON items (shop_id, item_sku);
CREATE TABLE IF NOT EXISTS models (
    model_id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL, shop_id INTEGER NOT NULL,
    model_sku TEXT NOT NULL, tier_index TEXT NOT NULL, price INTEGER NOT NULL,
    stock INTEGER NOT NULL, reserved INTEGER NOT NULL DEFAULT 0,
    model_status TEXT NOT NULL DEFAULT 'MODEL_NORMAL');
CREATE INDEX IF NOT EXISTS models_item ON models (item_id);
CREATE INDEX IF NOT EXISTS models_shop_sku ON models (shop_id, model_sku);
CREATE TABLE IF NOT EXISTS orders (
    order_sn TEXT PRIMARY KEY, shop_id INTEGER NOT NULL, order_status TEXT NOT NULL,
    create_time INTEGER NOT NULL, update_time INTEGER NOT NULL, pay_time INTEGER,
    ship_time INTEGER, total_amount INTEGER NOT NULL, buyer TEXT NOT NULL,
    buyer_user_id INTEGER NOT NULL, payment_method TEXT NOT NULL, channel_id INTEGER NOT NULL,
    cancel_by TEXT NOT NULL DEFAULT '', cancel_reason TEXT NOT NULL DEFAULT '',
    stock_taken INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS orders_shop_create ON orders (shop_id, create_time, order_sn);
CREATE INDEX IF NOT EXISTS orders_shop_update ON orders (shop_id, update_time, order_sn);
CREATE TABLE IF NOT EXISTS order_lines (
    order_sn TEXT NOT NULL, line_no INTEGER NOT NULL, item_id INTEGER NOT NULL,
    model_id INTEGER NOT NULL, item_name TEXT NOT NULL, item_sku TEXT NOT NULL,
    model_name TEXT NOT NULL, model_sku TEXT NOT NULL, qty INTEGER NOT NULL,
    price INTEGER NOT NULL, PRIMARY KEY (order_sn, line_no));
CREATE TABLE IF NOT EXISTS push_config (
    partner_id INTEGER PRIMARY KEY, callback_url TEXT NOT NULL, codes_on TEXT NOT NULL,
    blocked TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS push_messages (
    message_id INTEGER PRIMARY KEY AUTOINCREMENT, partner_id INTEGER NOT NULL,
    shop_id INTEGER NOT NULL, code INTEGER NOT NULL, timestamp INTEGER NOT NULL,
    body TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    next_try INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS push_due ON push_messages (state, next_try);
CREATE INDEX IF NOT EXISTS push_lost ON push_messages (partner_id, state, message_id);
"""
SCHEMA = credential_tables("partner_id INTEGER NOT NULL, shop_id INTEGER NOT NULL") + _TABLES

TABLES = (
    "partners",
    "shops",
    "links",
    "codes",
    "access_tokens",
    "refresh_tokens",
    "images",
    "items",
    "models",
    "orders",
    "order_lines",
    "push_config",
    "push_messages",
)
