"""Indicator 15 — national prevention plan (`indicators.md`, 15): the answer to item 15, each
checklist item's answer, and a flag when they disagree."""

from __future__ import annotations

import pytest
from indicator_helpers import by_category, cell, flags, runner, value

run = runner("15")


def answers(headline, **items):
    rows = [{"item": "15", "answer": headline, "evidence": "National Plan 2024-2028"}]
    return rows + [{"item": f"15.{k}", "answer": v} for k, v in items.items()]


def test_worked_example_answers_no(tmp_path):
    result = run(tmp_path)
    assert value(result, "15") == "no"
    assert set(by_category(result, "15", "checklist", column="value").values()) == {
        "not answered"}  # fmt: skip
    assert flags(result, "15") == ()  # nothing to disagree with


def test_answer_and_checklist(tmp_path):
    result = run(tmp_path, policy=answers("partial", exists="yes", adopted="yes", funded="no"))
    assert by_category(result, "15", "checklist", column="value") == {
        "15.exists": "yes", "15.adopted": "yes", "15.funded": "no",
        "15.monitored": "not answered"}  # fmt: skip
    assert cell(result, "15").note == "National Plan 2024-2028"
    assert flags(result, "15") == ()


@pytest.mark.parametrize(
    ("headline", "items", "disagree"),
    [
        ("yes", {"exists": "yes", "funded": "no"}, True),  # yes, but an item is no
        ("no", {"exists": "yes", "adopted": "yes"}, True),  # no, but every answered item is yes
        ("no", {"exists": "yes", "funded": "no"}, False),
        ("yes", {"exists": "yes", "monitored": "unknown"}, False),
        ("unknown", {"exists": "no"}, False),
    ],
)
def test_disagreement_flag(tmp_path, headline, items, disagree):
    result = run(tmp_path, policy=answers(headline, **items))
    assert value(result, "15") == headline
    assert (flags(result, "15") == ("15: the answer and its checklist disagree",)) is disagree


def test_not_answered(tmp_path):
    result = run(tmp_path, policy=[{"item": "14", "answer": "yes"}])
    assert value(result, "15") == "not answered"
    assert flags(result, "15") == ("15: not answered",)
