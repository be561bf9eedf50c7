"""The shared Redis cache, failing soft: while Redis cannot be reached, the cache is empty.

Everything cached (careers pages, version tokens, apply and join counters) can be rebuilt or
skipped, so a Redis restart or outage must not turn pages into errors. A call that cannot reach
Redis answers as a miss (get: the default; add: not added; incr: no such key; writes: dropped)
and logs one line naming the operation, never the key or value. Short socket timeouts keep a
hung Redis from holding requests. Two costs, both bounded: pages are rendered uncached during the
outage, and a change saved meanwhile may leave a cached careers page stale for up to
OUTHIRE_CAREERS_CACHE_SECONDS (its invalidation was lost); form rate limits do not count.
"""

from __future__ import annotations

import logging
from functools import wraps

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
# Seconds: a refused connection fails at once; these bound a hung or unreachable host.
TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


def _soft(method, miss):
    """`method`, answering `miss(*args, **kwargs)` when Redis cannot be reached."""

    @wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as error:
            log.warning(
                "cache %s skipped: Redis unreachable (%s)", method.__name__, type(error).__name__
            )
            return miss(*args, **kwargs)

    return call


def _default(key, default=None, version=None):
    return default


def _no_such_key(*args, **kwargs):
    # Django's answer to incr() of a missing key; the callers start their count then.
    raise ValueError("the cache is unreachable")


class FailSoftRedisCache(RedisCache):
    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**TIMEOUTS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)

    get = _soft(RedisCache.get, _default)
    get_many = _soft(RedisCache.get_many, lambda *a, **k: {})
    has_key = _soft(RedisCache.has_key, lambda *a, **k: False)
    add = _soft(RedisCache.add, lambda *a, **k: False)
    set = _soft(RedisCache.set, lambda *a, **k: None)
    set_many = _soft(RedisCache.set_many, lambda *a, **k: [])
    touch = _soft(RedisCache.touch, lambda *a, **k: False)
    delete = _soft(RedisCache.delete, lambda *a, **k: False)
    delete_many = _soft(RedisCache.delete_many, lambda *a, **k: None)
    incr = _soft(RedisCache.incr, _no_such_key)
    clear = _soft(RedisCache.clear, lambda *a, **k: None)
