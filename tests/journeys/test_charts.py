"""The journey charts are pure functions: plain data in, SVG out. No database here."""

from __future__ import annotations

import datetime as dt

import pytest
from defusedxml import ElementTree

from learnwork.journeys.charts import (
    HEAT,
    SkillBar,
    heat_level,
    heatmap_days,
    heatmap_svg,
    month_labels,
    skills_chart_svg,
    standalone,
)

NS = {"svg": "http://www.w3.org/2000/svg"}
END = dt.date(2025, 3, 12)  # a Wednesday


def _parse(svg: str):
    return ElementTree.fromstring(svg)


def _cells(root):
    return root.findall("svg:g[@class='days']/svg:rect", NS)


def test_the_grid_runs_monday_to_sunday_for_53_weeks_up_to_the_end():
    root = _parse(heatmap_svg({}, end=END))
    cells = _cells(root)
    first = dt.date.fromisoformat(cells[0].get("data-date"))
    assert first.weekday() == 0 and cells[-1].get("data-date") == "2025-03-12"
    assert len(cells) == 52 * 7 + 3  # 52 full weeks, then Monday to Wednesday
    assert len({c.get("x") for c in cells}) == 53
    assert {c.get("y") for c in cells if c.get("data-date") == first.isoformat()} == {
        cells[0].get("y")}
    assert all(c.get("fill") == HEAT[0] for c in cells)


def test_cells_carry_their_count_level_and_a_tooltip():
    counts = {END: 2, dt.date(2025, 3, 1): 1, dt.date(2024, 12, 24): 8,
              dt.date(2020, 1, 1): 50, dt.date(2025, 3, 13): 3}  # outside the grid: ignored
    root = _parse(heatmap_svg(counts, end=END))
    by_date = {c.get("data-date"): c for c in _cells(root)}
    assert "2020-01-01" not in by_date and "2025-03-13" not in by_date
    assert by_date["2024-12-24"].get("data-level") == "4"
    assert by_date["2025-03-12"].get("data-count") == "2"
    assert by_date["2025-03-12"].get("data-level") == "1"  # 2 of a busiest 8
    assert by_date["2025-03-12"].get("fill") == HEAT[1]
    assert by_date["2025-03-12"].find("svg:title", NS).text == (
        "2 learning events on March 12, 2025")
    assert by_date["2025-03-11"].find("svg:title", NS).text == "No learning on March 11, 2025"


def test_the_heatmap_says_what_it_shows():
    root = _parse(heatmap_svg({END: 2, dt.date(2025, 3, 1): 1, dt.date(2024, 12, 24): 8},
                              end=END))
    assert root.get("role") == "img"
    assert root.get("aria-label") == "3 learning days in the last year"
    assert root.find("svg:title", NS).text == "3 learning days in the last year"
    description = root.find("svg:desc", NS).text
    assert "11 learning events" in description and "Busiest day: Dec. 24, 2024, with 8." in (
        description)
    short = _parse(heatmap_svg({END: 1}, end=END, weeks=4))
    assert short.get("aria-label") == "1 learning day in the last 4 weeks"
    assert len(_cells(short)) == 3 * 7 + 3


def test_month_names_sit_where_months_start():
    root = _parse(heatmap_svg({}, end=END))
    months = [t.text for t in root.findall("svg:g[@class='months']/svg:text", NS)]
    assert months[-3:] == ["Jan", "Feb", "Mar"]
    assert 11 <= len(months) <= 13
    first, _days = heatmap_days(END, 53)
    columns = month_labels(first, 53)
    assert all(b[0] - a[0] >= 3 for a, b in zip(columns, columns[1:], strict=False))


@pytest.mark.parametrize(("count", "busiest", "level"), [
    (0, 10, 0), (1, 1, 1), (3, 4, 3), (4, 4, 4), (1, 40, 1), (10, 40, 1), (11, 40, 2),
    (40, 40, 4),
])
def test_heat_levels(count, busiest, level):
    assert heat_level(count, busiest) == level


def _bars(root):
    return root.findall("svg:g[@class='bar']", NS)


def test_skill_bars_stack_verified_shown_and_claimed():
    rows = [SkillBar("SQL", verified=2, shown=1, claimed=True), SkillBar("statistics", shown=1),
            SkillBar("Python", claimed=True), SkillBar("nothing at all")]
    root = _parse(skills_chart_svg(rows))
    bars = _bars(root)
    assert [b.get("data-label") for b in bars] == ["SQL", "statistics", "Python"]
    sql = {r.get("class"): float(r.get("width")) for r in bars[0].findall("svg:rect", NS)}
    assert set(sql) == {"verified", "shown", "claimed"}
    assert sql["verified"] == pytest.approx(2 * sql["shown"]) == pytest.approx(2 * sql["claimed"])
    assert [r.get("class") for r in bars[2].findall("svg:rect", NS)] == ["claimed"]
    assert bars[0].find("svg:title", NS).text == (
        "SQL: verified by 2 records, shown by 1 finished record, claimed")
    assert root.get("aria-label") == (
        "Skills by evidence: 1 verified, 1 shown by records, 1 claimed only")
    legend = [t.text for t in root.findall("svg:g[@class='legend']/svg:text", NS)]
    assert legend == ["Verified", "Shown by records", "Claimed"]


def test_labels_are_escaped_and_long_ones_shortened():
    label = 'R&D <script>alert("x")</script>\x00 and a rather long tail'
    svg = skills_chart_svg([SkillBar(label, shown=1)])
    assert "<script>" not in svg and "\x00" not in svg
    bar = _bars(_parse(svg))[0]
    clean = label.replace("\x00", "")
    assert bar.get("data-label") == clean
    assert bar.find("svg:title", NS).text.startswith(clean)
    shown = bar.find("svg:text", NS).text
    assert shown.endswith("…") and len(shown) <= 30 and clean.startswith(shown[:-1])


def test_an_empty_chart_says_so_and_a_long_one_is_capped():
    empty = _parse(skills_chart_svg([]))
    assert empty.get("aria-label") == "No skills with evidence yet" and not _bars(empty)
    many = _parse(skills_chart_svg([SkillBar(f"skill {i}", shown=1) for i in range(20)],
                                   max_rows=15))
    assert len(_bars(many)) == 15
    assert many.find("svg:desc", NS).text.endswith("And 5 more skills.")


def test_standalone_documents_parse_as_xml():
    document = standalone(heatmap_svg({END: 1}, end=END))
    assert document.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert _parse(document.encode()).tag == "{http://www.w3.org/2000/svg}svg"
