"""Indicator 14 — specialized juvenile justice system (`indicators.md`, 14): the answer to item 14,
each checklist item's answer, and a flag when they disagree."""

from __future__ import annotations

from indicator_helpers import by_category, cell, flags, runner, value

run = runner("14")

ITEMS = ("14.law", "14.police", "14.prosecutors", "14.courts", "14.legal_aid", "14.detention",
         "14.social_work")  # fmt: skip


def answers(headline, **items):
    rows = [{"item": "14", "answer": headline, "evidence": "Children's Justice Act 2019"}]
    return rows + [{"item": f"14.{k}", "answer": v} for k, v in items.items()]


def test_answer_checklist_and_evidence(tmp_path):
    result = run(tmp_path, policy=answers("partial", law="yes", courts="no", detention="unknown"))
    assert value(result, "14") == "partial"
    assert cell(result, "14").note == "Children's Justice Act 2019"
    checklist = by_category(result, "14", "checklist", column="value")
    assert list(checklist) == list(ITEMS)  # every item, in the questionnaire's order
    assert (checklist["14.law"], checklist["14.courts"], checklist["14.detention"]) == (
        "yes", "no", "unknown")  # fmt: skip
    assert checklist["14.police"] == "not answered"
    assert flags(result, "14") == ()  # "partial" never disagrees
    assert [r["value"] for r in result.summary() if r["indicator"] == "14"] == ["partial"]


def test_yes_with_an_item_no_disagrees(tmp_path):
    result = run(tmp_path, policy=answers("yes", law="yes", detention="no"))
    assert flags(result, "14") == ("14: the answer and its checklist disagree",)


def test_no_with_every_answered_item_yes_disagrees(tmp_path):
    result = run(tmp_path, policy=answers("no", law="yes", courts="yes"))
    assert flags(result, "14") == ("14: the answer and its checklist disagree",)


def test_yes_with_items_yes_or_unknown_agrees(tmp_path):
    result = run(tmp_path, policy=answers("yes", law="yes", courts="unknown"))
    assert flags(result, "14") == ()


def test_not_answered(tmp_path):
    result = run(tmp_path / "a", policy=[{"item": "15", "answer": "no"}])
    assert value(result, "14") == "not answered"
    assert cell(result, "14").note == "the question was not answered"
    assert flags(result, "14") == ("14: not answered",)
    no_sheet = run(tmp_path / "b", policy=None)
    assert value(no_sheet, "14") == "not answered"
    assert flags(no_sheet, "14") == ("not computable: no policy sheet", "14: not answered")
