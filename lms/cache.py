"""A Redis cache that keeps the site up while Redis is down.

The login and verification rate limiters count attempts in the cache. With Redis unreachable,
Django's RedisCache raises and turned a learner's login into an error page. This backend falls
back to the process's own memory for the length of the outage: pages work, and the counters keep
limiting per process until Redis answers again.
"""

import logging

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

FALLBACK_ERRORS = (RedisError, OSError)


def _resilient(name):
    def method(self, *args, **kwargs):
        try:
            return getattr(super(ResilientRedisCache, self), name)(*args, **kwargs)
        except FALLBACK_ERRORS as exc:
            logger.warning("Cache Redis indisponible (%s) : mémoire locale utilisée", exc.__class__.__name__)
            return getattr(self._fallback, name)(*args, **kwargs)

    method.__name__ = name
    return method


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._fallback = LocMemCache(f"tremplin-fallback-{id(self)}", {"OPTIONS": {"MAX_ENTRIES": 10_000}})

    add = _resilient("add")
    get = _resilient("get")
    set = _resilient("set")
    touch = _resilient("touch")
    delete = _resilient("delete")
    get_many = _resilient("get_many")
    has_key = _resilient("has_key")
    incr = _resilient("incr")
    decr = _resilient("decr")
    set_many = _resilient("set_many")
    delete_many = _resilient("delete_many")
    clear = _resilient("clear")
