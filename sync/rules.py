"""Desired-state rules (pure): master price and stock through a channel's rules."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class PriceRule:
    markup_pct: float = 0.0
    round_to: int = 1000
    floor: int | None = None
    ceiling: int | None = None

    def apply(self, master_price: int) -> int:
        """Markup, then round half-up to `round_to` VND, then clamp to [floor, ceiling]."""
        raw = Decimal(master_price) * (Decimal(100) + Decimal(str(self.markup_pct))) / 100
        step = max(1, self.round_to)
        price = int((raw / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * step
        if raw > 0:
            price = max(price, step)  # never round a price down to nothing
        if self.floor is not None:
            price = max(price, self.floor)
        if self.ceiling is not None:
            price = min(price, self.ceiling)
        return price


@dataclass(frozen=True)
class StockRule:
    percent: int = 100
    buffer: int = 0
    maximum: int | None = None
    zero_below: int = 0
    zero_exempt: bool = False

    def apply(self, available: int) -> int:
        """What this channel may sell of `available` (on hand minus every open reservation)."""
        if available <= 0:
            return 0
        if available <= self.zero_below and not self.zero_exempt:
            return 0
        shown = available * max(0, min(self.percent, 100)) // 100 - self.buffer
        if self.maximum is not None:
            shown = min(shown, self.maximum)
        return max(0, shown)


@dataclass(frozen=True)
class Content:
    name: str
    description: str
    weight_g: int | None

    def digest(self) -> str:
        payload = json.dumps([self.name, self.description, self.weight_g], ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]
