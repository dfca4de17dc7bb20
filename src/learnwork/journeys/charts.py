"""Pictures of a learning journey, drawn as SVG on the server: pure functions over plain data
(no database), so they render without JavaScript, inline in a page or as an image of their own.

Everything that reaches the SVG goes through ElementTree, which escapes text and attributes;
characters XML cannot carry at all are dropped first. Colours are attributes, not CSS, so a
chart looks the same wherever it is shown.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET  # noqa: S405 -- builds and serialises; never parses input
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.dates import WEEKDAYS_ABBR
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
TEXT = "#4b5563"
# Empty, then four levels of activity: light to dark green.
HEAT = ("#ebedf0", "#b7e4c7", "#74c69d", "#2d9a5f", "#0b5d36")
VERIFIED, SHOWN, CLAIMED, CLAIMED_EDGE = "#0b5d36", "#52b788", "#e5e7eb", "#9ca3af"

CELL, GAP = 11, 3
STEP = CELL + GAP
HEAT_LEFT, HEAT_TOP = 30, 18

LABEL_WIDTH, BAR_WIDTH, ROW, BAR = 210, 260, 24, 14
LABEL_CHARS = 30
MAX_ROWS = 15

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: object) -> str:
    return _NOT_XML.sub("", str(text))


def _el(parent: ET.Element | None, tag: str, text: str | None = None,
        **attrs: object) -> ET.Element:
    """An element with `attrs` (underscores in names become hyphens) and optional text."""
    values = {name.rstrip("_").replace("_", "-"): _clean(value)
              for name, value in attrs.items() if value is not None}
    element = ET.Element(tag, values) if parent is None else ET.SubElement(parent, tag, values)
    if text is not None:
        element.text = _clean(text)
    return element


def _svg(width: int, height: int, *, label: str, description: str, css_class: str) -> ET.Element:
    root = _el(None, "svg", xmlns=SVG_NS, width=width, height=height,
               viewBox=f"0 0 {width} {height}", role="img", aria_label=label,
               class_=css_class, font_family=FONT, font_size=10)
    # The first <title> names the picture when it is opened on its own; <desc> says more.
    _el(root, "title", label)
    _el(root, "desc", description)
    return root


def _serialise(root: ET.Element) -> str:
    return ET.tostring(root, encoding="unicode", short_empty_elements=True)


def _long_date(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def heat_level(count: int, busiest: int) -> int:
    """0 for no activity, else 1-4: the count itself up to four, else a quarter of the
    busiest day per level, so one busy day does not wash out the rest."""
    if count <= 0:
        return 0
    if busiest <= 4:
        return min(count, 4)
    return min(4, max(1, math.ceil(4 * count / busiest)))


def heatmap_days(end: date, weeks: int) -> tuple[date, list[date]]:
    """The first day drawn (a Monday) and every day from it to `end`."""
    first = end - timedelta(days=end.weekday()) - timedelta(weeks=max(1, weeks) - 1)
    return first, [first + timedelta(days=i) for i in range((end - first).days + 1)]


def month_labels(first: date, columns: int) -> list[tuple[int, date]]:
    """The columns where a month's name goes: where the month starts, and the first column
    too, unless the next name follows too closely to leave it room."""
    starts = [(0, first)]
    for column in range(1, columns):
        monday = first + timedelta(weeks=column)
        if monday.month != (monday - timedelta(weeks=1)).month:
            starts.append((column, monday))
    if len(starts) > 1 and starts[1][0] < 3:
        starts.pop(0)
    return starts


def heatmap_svg(counts_by_date: Mapping[date, int], *, end: date, weeks: int = 53) -> str:
    """A GitHub-style grid of learning activity: one column per week (Monday on top), one cell
    per day up to `end`, darker for busier days; month names above, each cell titled."""
    first, days = heatmap_days(end, weeks)
    counts = {day: max(0, int(counts_by_date.get(day, 0))) for day in days}
    active = [day for day in days if counts[day]]
    busiest = max(counts.values(), default=0)
    columns = (end - first).days // 7 + 1
    width = HEAT_LEFT + columns * STEP + 4
    height = HEAT_TOP + 7 * STEP + 22

    span = (_("in the last year") if weeks >= 52
            else ngettext("in the last %(n)d week", "in the last %(n)d weeks", weeks)
            % {"n": weeks})
    label = ngettext("%(n)d learning day %(span)s", "%(n)d learning days %(span)s",
                     len(active)) % {"n": len(active), "span": span}
    total = sum(counts.values())
    description = ngettext(
        "%(events)d learning event between %(start)s and %(end)s.",
        "%(events)d learning events between %(start)s and %(end)s.", total,
    ) % {"events": total, "start": _long_date(first), "end": _long_date(end)}
    if active:
        top = max(active, key=lambda day: (counts[day], day))
        description += " " + _("Busiest day: %(day)s, with %(n)d.") % {
            "day": _long_date(top), "n": counts[top]}
    root = _svg(width, height, label=label, description=description, css_class="lw-heatmap")

    months = _el(root, "g", class_="months", fill=TEXT, aria_hidden="true")
    for column, month in month_labels(first, columns):
        _el(months, "text", date_format(month, "M"), x=HEAT_LEFT + column * STEP, y=HEAT_TOP - 6)
    weekdays = _el(root, "g", class_="weekdays", fill=TEXT, aria_hidden="true")
    for row in (0, 2, 4):
        _el(weekdays, "text", str(WEEKDAYS_ABBR[row]), x=0, y=HEAT_TOP + row * STEP + CELL - 1)

    cells = _el(root, "g", class_="days")
    for day in days:
        count = counts[day]
        level = heat_level(count, busiest)
        column = (day - first).days // 7
        cell = _el(cells, "rect", x=HEAT_LEFT + column * STEP, y=HEAT_TOP + day.weekday() * STEP,
                   width=CELL, height=CELL, rx=2, fill=HEAT[level], data_date=day.isoformat(),
                   data_count=count, data_level=level)
        title = (ngettext("%(n)d learning event on %(day)s", "%(n)d learning events on %(day)s",
                          count) % {"n": count, "day": _long_date(day)}
                 if count else _("No learning on %(day)s") % {"day": _long_date(day)})
        _el(cell, "title", title)

    legend = _el(root, "g", class_="legend", fill=TEXT, aria_hidden="true")
    x = width - 4 - len(HEAT) * STEP - 34
    y = HEAT_TOP + 7 * STEP + 8
    _el(legend, "text", _("Less"), x=x - 4, y=y + CELL - 1, text_anchor="end")
    for level, colour in enumerate(HEAT):
        _el(legend, "rect", x=x + level * STEP, y=y, width=CELL, height=CELL, rx=2, fill=colour)
    _el(legend, "text", _("More"), x=x + len(HEAT) * STEP + 2, y=y + CELL - 1)
    return _serialise(root)


@dataclass(frozen=True)
class SkillBar:
    """One skill's row: records a provider or badge confirmed, records the person finished,
    and whether they claim the skill on their profile."""

    label: str
    verified: int = 0
    shown: int = 0
    claimed: bool = False

    @property
    def total(self) -> int:
        return self.verified + self.shown + (1 if self.claimed else 0)

    def summary(self) -> str:
        parts = []
        if self.verified:
            parts.append(ngettext("verified by %(n)d record", "verified by %(n)d records",
                                  self.verified) % {"n": self.verified})
        if self.shown:
            parts.append(ngettext("shown by %(n)d finished record",
                                  "shown by %(n)d finished records", self.shown)
                         % {"n": self.shown})
        if self.claimed:
            parts.append(_("claimed"))
        return ", ".join(parts)


def _segment_title(kind: str, units: int) -> str:
    if kind == "verified":
        return SkillBar("", verified=units).summary()
    if kind == "shown":
        return SkillBar("", shown=units).summary()
    return _("claimed")


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1].rstrip() + "…"


def skills_chart_svg(rows: Sequence[SkillBar], *, max_rows: int = MAX_ROWS) -> str:
    """Horizontal stacked bars, one per skill in the order given: verified, then shown, then
    claimed (one unit), with a legend; each row and segment titled for a tooltip."""
    rows = [row for row in rows if row.total]
    drawn = rows[:max_rows]
    verified = sum(1 for row in rows if row.verified)
    shown = sum(1 for row in rows if row.shown and not row.verified)
    claimed = len(rows) - verified - shown
    label = _("Skills by evidence: %(verified)d verified, %(shown)d shown by records, "
              "%(claimed)d claimed only") % {"verified": verified, "shown": shown,
                                             "claimed": claimed}
    if not rows:
        label = _("No skills with evidence yet")
    description = "; ".join(f"{row.label}: {row.summary()}" for row in drawn)
    if len(rows) > len(drawn):
        description += ". " + ngettext("And %(n)d more skill.", "And %(n)d more skills.",
                                       len(rows) - len(drawn)) % {"n": len(rows) - len(drawn)}
    width = LABEL_WIDTH + BAR_WIDTH + 70
    height = 30 + max(1, len(drawn)) * ROW + 4
    root = _svg(width, height, label=label, description=description or label,
                css_class="lw-skills-chart")

    legend = _el(root, "g", class_="legend", fill=TEXT, aria_hidden="true")
    left = LABEL_WIDTH
    for name, colour in ((_("Verified"), VERIFIED), (_("Shown by records"), SHOWN),
                         (_("Claimed"), CLAIMED)):
        _el(legend, "rect", x=left, y=4, width=CELL, height=CELL, rx=2, fill=colour,
            stroke=CLAIMED_EDGE if colour == CLAIMED else None)
        _el(legend, "text", name, x=left + CELL + 4, y=4 + CELL - 1)
        left += CELL + 14 + 6 * len(name)
    if not rows:
        _el(root, "text", _("No skills with evidence yet."), x=LABEL_WIDTH, y=30 + ROW // 2 + 4,
            fill=TEXT)
        return _serialise(root)

    scale = BAR_WIDTH / max(row.total for row in drawn)
    for index, row in enumerate(drawn):
        y = 30 + index * ROW
        group = _el(root, "g", class_="bar", data_label=row.label, data_verified=row.verified,
                    data_shown=row.shown, data_claimed=int(row.claimed))
        _el(group, "title", f"{row.label}: {row.summary()}")
        _el(group, "text", _short(row.label), x=LABEL_WIDTH - 8, y=y + BAR - 3,
            text_anchor="end", fill="#1f2937", font_size=11)
        x = float(LABEL_WIDTH)
        for kind, units, colour in (("verified", row.verified, VERIFIED),
                                    ("shown", row.shown, SHOWN),
                                    ("claimed", 1 if row.claimed else 0, CLAIMED)):
            if not units:
                continue
            segment = _el(group, "rect", x=round(x, 1), y=y, width=round(units * scale, 1),
                          height=BAR, rx=2, fill=colour, class_=kind,
                          stroke=CLAIMED_EDGE if kind == "claimed" else None)
            _el(segment, "title", f"{row.label}: {_segment_title(kind, units)}")
            x += units * scale
        _el(group, "text", str(row.verified + row.shown) if row.verified + row.shown else "",
            x=round(x + 6, 1), y=y + BAR - 3, fill=TEXT, aria_hidden="true")
    return _serialise(root)


def standalone(svg: str) -> str:
    """`svg` as a document of its own, for an image/svg+xml response."""
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + svg
