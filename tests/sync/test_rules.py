"""Price and stock rules, table-tested."""

from __future__ import annotations

import pytest

from sync.rules import Content, PriceRule, StockRule


@pytest.mark.parametrize(
    ("rule", "master", "expected"),
    [
        (PriceRule(), 45000, 45000),
        (PriceRule(markup_pct=10), 45000, 50000),  # 49,500 rounds half up to 50,000
        (PriceRule(markup_pct=10), 44000, 48000),  # 48,400 -> 48,000
        (PriceRule(markup_pct=5, round_to=500), 72000, 75500),  # 75,600 -> 75,500
        (PriceRule(markup_pct=-20), 1750000, 1400000),
        (PriceRule(markup_pct=0, round_to=1), 12345, 12345),
        (PriceRule(floor=50000), 45000, 50000),
        (PriceRule(markup_pct=100, ceiling=80000), 45000, 80000),
        (PriceRule(markup_pct=12.5), 28000, 32000),  # 31,500 -> 32,000 (half up, not banker's)
        (PriceRule(), 400, 1000),  # below one step: the step, never 0 ₫
        (PriceRule(round_to=500), 200, 500),
        (PriceRule(), 0, 0),
    ],
)
def test_price_rule(rule: PriceRule, master: int, expected: int) -> None:
    assert rule.apply(master) == expected


@pytest.mark.parametrize(
    ("rule", "available", "expected"),
    [
        (StockRule(), 320, 320),
        (StockRule(), 0, 0),
        (StockRule(), -3, 0),  # oversold: never negative
        (StockRule(percent=50), 45, 22),  # floor, never round up past what we have
        (StockRule(buffer=5), 4, 0),
        (StockRule(buffer=5), 12, 7),
        (StockRule(maximum=100), 320, 100),
        (StockRule(zero_below=3), 3, 0),
        (StockRule(zero_below=3), 4, 4),
        (StockRule(zero_below=3, zero_exempt=True), 2, 2),
        (StockRule(percent=150), 10, 10),  # never more than exists
    ],
)
def test_stock_rule(rule: StockRule, available: int, expected: int) -> None:
    assert rule.apply(available) == expected


def test_content_digest_changes_with_any_field() -> None:
    base = Content("Gạo thơm ST25", "Hạt dài", 2050)
    assert base.digest() == Content("Gạo thơm ST25", "Hạt dài", 2050).digest()
    assert base.digest() != Content("Gạo thơm ST25 ", "Hạt dài", 2050).digest()
    assert base.digest() != Content("Gạo thơm ST25", "Hạt dài", 2051).digest()
