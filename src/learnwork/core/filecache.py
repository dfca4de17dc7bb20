"""The default cache of a single-machine installation: Django's file cache, culled less often.

Django's FileBasedCache lists its whole directory before every write, to cull entries over
MAX_ENTRIES. Every API request writes (its rate-limit counter), so the listing was most of what
a rate-limit check cost (about 0.5 ms with a few hundred entries). Here a process culls at most
once a minute; between culls the directory can grow past MAX_ENTRIES by what a minute writes.
"""

from __future__ import annotations

import time

from django.core.cache.backends.filebased import FileBasedCache

CULL_EVERY_SECONDS = 60.0


class FileCache(FileBasedCache):
    _last_cull = float("-inf")

    def _cull(self) -> None:
        now = time.monotonic()
        if now - self._last_cull < CULL_EVERY_SECONDS:
            return
        self._last_cull = now
        super()._cull()  # type: ignore[misc]
