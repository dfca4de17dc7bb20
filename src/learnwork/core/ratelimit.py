"""A fixed-window rate limiter over Django's cache, shared by every process using that cache."""

from __future__ import annotations

import time

from django.core.cache import cache

from learnwork.core.errors import RateLimited

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'120/m' -> (120, 60)."""
    count, _, period = rate.partition("/")
    if not count.isdigit() or period not in _PERIODS:
        raise ValueError(f"A rate looks like '120/m' (per s, m, h or d), not {rate!r}")
    return int(count), _PERIODS[period]


def hit(key: str, rate: str) -> None:
    """Count one request against `key`; raise RateLimited once the window is full."""
    limit, period = parse_rate(rate)
    window = int(time.time() // period)
    cache_key = f"rl:{key}:{window}"
    if cache.add(cache_key, 1, timeout=period + 1):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, timeout=period + 1)
            count = 1
    if count > limit:
        raise RateLimited()
