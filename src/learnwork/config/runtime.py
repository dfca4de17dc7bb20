"""How a long-running server process sets up Python's cycle collector.

A feed request allocates tens of thousands of short-lived objects. With the collector's
default threshold (a young collection every 700 net allocations) a heavy request ran several
collections, and now and then a full one that walked every object the process had loaded (the
skill hierarchy, the URL resolver, every module), adding 2-3 ms to the average request at tier M
and much more to the unlucky ones. After start-up, what is loaded stays loaded: `freeze` moves
it out of the collector's sight, and a higher young threshold lets most of a request's garbage
be freed by reference counting before a collection would have looked at it.
"""

from __future__ import annotations

import gc

# Young collections every 50,000 net allocations rather than 700: a few megabytes of cyclic
# garbage at most wait a little longer to be freed.
YOUNG_THRESHOLD = 50_000


def tune_collector() -> None:
    """Load what every request needs, then freeze it and raise the young threshold. Called
    once per server process, after the WSGI application is built."""
    from django.urls import get_resolver

    # Import every view module (and what they import) now rather than on first use.
    get_resolver().url_patterns  # noqa: B018
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
