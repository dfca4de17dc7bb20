"""The picture on an issued credential: a plain SVG badge drawn from its text (pure).

Drawn rather than uploaded, so there is no image to moderate or store; the credential itself
is baked into the SVG by `baking.bake_svg` when it is downloaded.
"""

from __future__ import annotations

import textwrap
from datetime import date
from xml.sax.saxutils import escape

TITLE_LINE_CHARS = 18
TITLE_MAX_LINES = 3

_TEMPLATE = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400"
     role="img" aria-label="{label}">
  <title>{label}</title>
  <defs>
    <linearGradient id="lw-ring" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#1f7a6d"/>
      <stop offset="1" stop-color="#0f4c45"/>
    </linearGradient>
  </defs>
  <circle cx="200" cy="200" r="190" fill="url(#lw-ring)"/>
  <circle cx="200" cy="200" r="162" fill="#fdfcf7" stroke="#c9a227" stroke-width="6"/>
  <text x="200" y="92" text-anchor="middle" font-family="Georgia, serif" font-size="18"
        fill="#0f4c45" letter-spacing="3">{issuer}</text>
  <path d="M120 108 H280" stroke="#c9a227" stroke-width="2"/>
{title_lines}
  <path d="M120 292 H280" stroke="#c9a227" stroke-width="2"/>
  <text x="200" y="318" text-anchor="middle" font-family="Helvetica, Arial, sans-serif"
        font-size="15" fill="#444">{date}</text>
</svg>
"""


def _title_lines(title: str) -> list[str]:
    lines = textwrap.wrap(title, TITLE_LINE_CHARS, break_long_words=True) or [""]
    if len(lines) > TITLE_MAX_LINES:
        lines = lines[:TITLE_MAX_LINES]
        lines[-1] = lines[-1][:TITLE_LINE_CHARS - 1].rstrip() + "…"
    return lines


def badge_svg(*, title: str, issuer: str, issued_on: date) -> bytes:
    """An SVG badge showing the achievement's title, the issuer and the date."""
    lines = _title_lines(" ".join(title.split()))
    first_y = 200 - (len(lines) - 1) * 17
    title_lines = "\n".join(
        f'  <text x="200" y="{first_y + i * 34}" text-anchor="middle" '
        f'font-family="Helvetica, Arial, sans-serif" font-size="28" font-weight="bold" '
        f'fill="#1d1d1d">{escape(line)}</text>'
        for i, line in enumerate(lines)
    )
    label = escape(f"{title} — {issuer}", {'"': "&quot;"})
    svg = _TEMPLATE.format(label=label, issuer=escape(issuer.upper()[:28]),
                           title_lines=title_lines, date=escape(issued_on.isoformat()))
    return svg.encode("utf-8")
