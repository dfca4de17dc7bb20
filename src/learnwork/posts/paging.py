"""Page arithmetic shared by the feeds' page objects (the home feed and list feeds)."""

from __future__ import annotations

import math


class Pages:
    """For a dataclass with `page`, `page_size` and `posts_in_all` (every page's posts)."""

    page: int
    page_size: int

    @property
    def posts_in_all(self) -> int:
        raise NotImplementedError

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def next_page(self) -> int:
        return self.page + 1

    @property
    def previous_page(self) -> int:
        return min(self.page - 1, self.last_page)

    @property
    def last_page(self) -> int:
        return max(1, math.ceil(self.posts_in_all / self.page_size))

    @property
    def posts_after(self) -> int:
        """Posts on the pages after this one."""
        return max(0, self.posts_in_all - self.page * self.page_size)
