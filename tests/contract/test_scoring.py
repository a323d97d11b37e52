"""The check's rules on their own: which questions apply, what comes next, and the score."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from domain.contract import (
    DESTINATIONS,
    LOCALES,
    Level,
    QuestionnaireError,
    answered_count,
    applicable,
    load_questionnaire,
    next_question,
    parse_questionnaire,
    position,
    previous_question,
    questionnaire,
    score,
)

Q = questionnaire()


def safe_answers(destination: str = "turkey") -> dict[str, str]:
    """For every question an answer that is not a flag (the "good" answer)."""
    answers: dict[str, str] = {}
    for question in Q.questions:
        answers[question.id] = next(
            a for a in question.answers if question.level_of(a) is Level.GREEN
        )
    return answers


# ---------------------------------------------------------------- the data itself


def test_the_shipped_questions_are_complete_and_cited() -> None:
    ids = Q.ids
    assert len(ids) == len(set(ids))
    # The topics the issue asks for are all there.
    for wanted in (
        "pay_fee", "passport", "contract_copy", "contract_language", "employer", "pay_hours",
        "housing_deductions", "visa", "agency", "return_trip", "blank_papers", "debt",
    ):  # fmt: skip
        assert wanted in ids
    for question in Q.questions:
        for field in (question.text, question.topic, question.explain, question.todo):
            assert set(field) == set(LOCALES)
        assert question.sources, question.id
        assert question.verified == date(2026, 11, 28)
        assert question.red or question.amber


@pytest.mark.parametrize("destination", DESTINATIONS)
def test_ten_to_fourteen_questions_per_destination(destination: str) -> None:
    assert 10 <= len(applicable(Q, destination, {})) <= 14


def test_no_invented_numbers_or_links_in_what_people_read() -> None:
    """Safety: no phone number, URL, fee or amount may appear in the questions or the strings
    (content-facts has no verified hotline or list URL)."""
    texts: list[str] = []
    for question in Q.questions:
        for field in (question.text, question.topic, question.explain, question.todo):
            texts.extend(field.values())
    for locale in LOCALES:
        ftl = Path(f"locales/{locale}/contract.ftl").read_text(encoding="utf-8")
        texts.append(ftl)
    # Fluent placeables ("{ $count }") are variables, not amounts.
    joined = re.sub(r"\{[^{}]*\}", "", "\n".join(texts))
    assert not re.search(r"https?://|www\.|\.kg\b|\.gov", joined)
    assert not re.search(r"\+?\d[\d\s()-]{5,}\d", joined.replace("2027-01-31", ""))
    assert not re.search(r"[$€£]|сом\b|som\b|USD", joined)


# ---------------------------------------------------------------- scoring


def test_all_good_answers_are_green() -> None:
    result = score(Q, "turkey", safe_answers())
    assert result.level is Level.GREEN
    assert result.flags == ()


@pytest.mark.parametrize(
    ("question_id", "answer"),
    [
        ("pay_fee", "yes"),
        ("debt", "yes"),
        ("passport", "yes"),
        ("agency", "no"),
        ("visa", "yes"),
        ("contract_copy", "no"),
        ("contract_language", "no"),
        ("wages_held", "yes"),
        ("new_contract", "yes"),
        ("blank_papers", "yes"),
    ],
)
def test_one_red_answer_makes_the_offer_red(question_id: str, answer: str) -> None:
    answers = {**safe_answers(), question_id: answer}
    result = score(Q, "turkey", answers)
    assert result.level is Level.RED
    assert [f.question_id for f in result.red] == [question_id]


@pytest.mark.parametrize(
    "question_id", ["employer", "pay_hours", "housing_deductions", "return_trip"]
)
def test_a_missing_contract_term_is_amber(question_id: str) -> None:
    result = score(Q, "turkey", {**safe_answers(), question_id: "no"})
    assert result.level is Level.AMBER
    assert [f.question_id for f in result.amber] == [question_id]


def test_not_sure_about_a_red_item_is_amber_not_green() -> None:
    result = score(Q, "korea", {**safe_answers(), "passport": "unsure"})
    assert result.level is Level.AMBER
    assert result.amber[0].question_id == "passport"


def test_no_agency_is_not_a_flag() -> None:
    assert score(Q, "korea", {**safe_answers(), "agency": "na"}).level is Level.GREEN


def test_red_flags_come_before_amber_ones_in_question_order() -> None:
    answers = {**safe_answers(), "employer": "no", "blank_papers": "yes", "pay_fee": "yes"}
    result = score(Q, "europe", answers)
    assert [f.question_id for f in result.flags] == ["pay_fee", "blank_papers", "employer"]
    assert result.level is Level.RED


def test_unanswered_questions_count_as_not_sure() -> None:
    answers = safe_answers()
    del answers["passport"]
    result = score(Q, "turkey", answers)
    assert result.level is Level.AMBER
    assert result.amber[0].answer == "unsure"


def test_a_forged_answer_value_counts_as_not_sure() -> None:
    result = score(Q, "turkey", {**safe_answers(), "pay_fee": "maybe"})
    assert result.level is Level.AMBER


def test_the_visa_question_is_not_asked_or_scored_for_russia() -> None:
    assert "visa" not in [q.id for q in applicable(Q, "russia", {})]
    # An answer left from when the person had chosen Turkey no longer counts.
    assert score(Q, "russia", {**safe_answers(), "visa": "yes"}).level is Level.GREEN
    assert score(Q, "turkey", {**safe_answers(), "visa": "yes"}).level is Level.RED


def test_no_contract_skips_the_questions_about_what_it_says() -> None:
    answers = {**safe_answers(), "contract_copy": "no", "employer": "no"}
    ids = [q.id for q in applicable(Q, "turkey", answers)]
    for skipped in ("contract_language", "employer", "pay_hours", "housing_deductions"):
        assert skipped not in ids
    result = score(Q, "turkey", answers)
    # One red (no contract), and the stale "employer: no" is ignored.
    assert [f.question_id for f in result.flags] == ["contract_copy"]


# ---------------------------------------------------------------- navigation


def test_next_question_goes_in_order_then_ends() -> None:
    answers: dict[str, str] = {}
    seen = []
    while (question := next_question(Q, "turkey", answers)) is not None:
        seen.append(question.id)
        answers[question.id] = "no" if question.id != "agency" else "yes"
    assert seen[0] == "pay_fee"
    assert len(set(seen)) == len(seen)
    assert answered_count(Q, "turkey", answers) == (len(seen), len(seen))


def test_after_changing_an_answer_the_next_open_question_comes() -> None:
    answers = {"pay_fee": "no", "debt": "no", "passport": "no"}
    # Changed pay_fee (went back): the next open question is agency, not debt again.
    assert next_question(Q, "turkey", answers, after="pay_fee").id == "agency"
    # Everything answered: None, so the result is shown.
    assert next_question(Q, "turkey", safe_answers(), after="pay_fee") is None


def test_back_goes_to_the_previous_applicable_question() -> None:
    answers = {"contract_copy": "no"}
    # wages_held follows return_trip, which is skipped here, and housing_deductions too.
    assert previous_question(Q, "turkey", answers, "wages_held").id == "contract_copy"
    assert previous_question(Q, "turkey", answers, "pay_fee") is None
    # From the result screen: the last question.
    assert previous_question(Q, "turkey", {}, None).id == Q.questions[-1].id


def test_position_counts_only_questions_that_apply() -> None:
    assert position(Q, "turkey", {}, "pay_fee") == (1, 14)
    assert position(Q, "russia", {}, "contract_copy") == (5, 13)
    assert position(Q, "turkey", {"contract_copy": "no"}, "wages_held")[1] == 9


# ---------------------------------------------------------------- the loader refuses mistakes


def raw() -> dict:
    return yaml.safe_load(Path("content/contract_check.yaml").read_bytes())


def test_loader_refuses_an_unquoted_yes() -> None:
    data = raw()
    data["questions"][0]["red"] = [True]  # what `red: [yes]` becomes in YAML 1.1
    with pytest.raises(QuestionnaireError, match="quoted"):
        parse_questionnaire(data)


def test_loader_refuses_a_question_without_source() -> None:
    data = raw()
    data["questions"][2]["sources"] = []
    with pytest.raises(QuestionnaireError, match="source"):
        parse_questionnaire(data)


def test_loader_refuses_a_missing_translation() -> None:
    data = raw()
    del data["questions"][1]["todo"]["ky"]
    with pytest.raises(QuestionnaireError, match=r"debt\.todo\.ky"):
        parse_questionnaire(data)


def test_loader_refuses_skip_if_on_a_later_question() -> None:
    data = raw()
    data["questions"][0]["skip_if"] = {"blank_papers": "yes"}
    with pytest.raises(QuestionnaireError, match="earlier"):
        parse_questionnaire(data)


def test_loader_refuses_too_few_questions() -> None:
    data = raw()
    data["questions"] = data["questions"][:5]
    with pytest.raises(QuestionnaireError, match="keep 10"):
        parse_questionnaire(data)


def test_load_questionnaire_versions_by_content(tmp_path: Path) -> None:
    copy = tmp_path / "q.yaml"
    copy.write_bytes(Path("content/contract_check.yaml").read_bytes())
    assert load_questionnaire(copy).version == Q.version
