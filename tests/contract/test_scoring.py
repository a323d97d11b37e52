"""The check's rules on their own: which questions apply, what comes next, and the score."""

from __future__ import annotations

import itertools
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from content.library import ContentLibrary
from domain.contract import (
    ALL_ANSWERS,
    DESTINATIONS,
    LOCALES,
    MAX_QUESTIONS,
    WORK_VISA_FREE,
    Level,
    QuestionnaireError,
    answered_count,
    applicable,
    next_question,
    parse_questionnaire,
    position,
    previous_question,
    score,
)
from handlers.contract.callbacks import CkCb

Q = ContentLibrary.load().questionnaire


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
        "housing_deductions", "visa", "agency", "blank_papers", "debt", "wages_held",
        # ILO forced-labour indicators and EU red flags added in issue 15
        "isolation", "threats", "minor", "contact",
    ):  # fmt: skip
        assert wanted in ids
    for question in Q.questions:
        for field in (question.text, question.topic, question.explain, question.todo):
            assert set(field) == set(LOCALES)
        assert question.sources, question.id
        assert question.verified == date(2026, 11, 28)
        assert question.review_by >= question.verified, question.id
        assert question.red or question.amber


def every_path(destination: str) -> list[list[str]]:
    """The question lists of every way through the check: which questions apply depends only
    on the destination and on the answers that some `skip_if` names, so every combination of
    those answers is every path."""
    triggers = sorted({qid for question in Q.questions for qid in question.skip_if})
    paths = []
    for combination in itertools.product(ALL_ANSWERS, repeat=len(triggers)):
        answers = dict(zip(triggers, combination, strict=True))
        paths.append([q.id for q in applicable(Q, destination, answers)])
    return paths


@pytest.mark.parametrize("destination", DESTINATIONS)
def test_at_most_sixteen_questions_on_any_path(destination: str) -> None:
    paths = every_path(destination)
    assert len(paths) >= len(ALL_ANSWERS)  # the contract_copy branch is enumerated
    assert MAX_QUESTIONS == 16
    assert max(len(path) for path in paths) <= 16
    assert min(len(path) for path in paths) >= 10


def test_every_answer_button_fits_in_callback_data() -> None:
    for question in Q.questions:
        for value in question.answers:
            for action in ("ans", "back", "next"):
                packed = CkCb(a=action, q=question.id, v=value).pack()
                assert len(packed.encode()) <= 64, packed
    for destination in DESTINATIONS:
        assert len(CkCb(a="dest", v=destination).pack().encode()) <= 64


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
    ("question_id", "answer", "destination"),
    [
        ("pay_fee", "yes", "turkey"),
        ("debt", "yes", "turkey"),
        ("passport", "yes", "turkey"),
        ("agency", "no", "turkey"),
        ("visa", "yes", "turkey"),
        ("contract_copy", "no", "turkey"),
        ("contract_language", "no", "turkey"),
        ("wages_held", "yes", "turkey"),
        ("blank_papers", "yes", "turkey"),
        # ILO indicators: restriction of movement / isolation, threats and violence, not free
        # to leave (wages_held), children; EU red flags: messenger only / no interview.
        ("isolation", "yes", "russia"),
        ("threats", "yes", "korea"),
        ("minor", "yes", "eaeu"),
        ("contact", "yes", "europe"),
        ("visa", "yes", "europe"),
    ],
)
def test_one_red_answer_makes_the_offer_red(
    question_id: str, answer: str, destination: str
) -> None:
    answers = {**safe_answers(), question_id: answer}
    result = score(Q, destination, answers)
    assert result.level is Level.RED
    assert [f.question_id for f in result.red] == [question_id]


@pytest.mark.parametrize("question_id", ["isolation", "threats", "minor", "contact"])
def test_not_sure_about_a_new_indicator_is_amber(question_id: str) -> None:
    result = score(Q, "other", {**safe_answers(), question_id: "unsure"})
    assert result.level is Level.AMBER
    assert [f.question_id for f in result.amber] == [question_id]


@pytest.mark.parametrize("locale", LOCALES)
def test_the_fee_question_asks_about_recruiters_not_state_fees(locale: str) -> None:
    pay_fee = Q.get("pay_fee")
    assert pay_fee is not None
    assert "EPS-TOPIK" in pay_fee.text[locale]  # named as a fee that does not count
    assert pay_fee.na_label is not None and pay_fee.na_label[locale]


@pytest.mark.parametrize("destination", ["korea", "europe", "turkey"])
def test_an_exam_or_visa_fee_paid_to_the_state_is_not_red(destination: str) -> None:
    # The person paid the EPS-TOPIK fee (or a visa fee) to the state and nothing to anyone else.
    result = score(Q, destination, {**safe_answers(), "pay_fee": "na"})
    assert result.level is Level.GREEN
    assert result.flags == ()
    # Money to a recruiter still is.
    assert score(Q, destination, {**safe_answers(), "pay_fee": "yes"}).level is Level.RED


@pytest.mark.parametrize("destination", sorted(WORK_VISA_FREE))
def test_an_eaeu_job_without_a_work_visa_is_not_red(destination: str) -> None:
    # "Visa-free, no work papers" is how a Kyrgyz citizen lawfully works in the EAEU.
    assert "visa" not in [q.id for q in applicable(Q, destination, {})]
    assert score(Q, destination, {**safe_answers(), "visa": "yes"}).level is Level.GREEN
    # The same answer for a country outside the EAEU is a red flag.
    assert score(Q, "other", {**safe_answers(), "visa": "yes"}).level is Level.RED


def test_kazakhstan_and_the_eaeu_are_a_destination() -> None:
    assert "eaeu" in DESTINATIONS and {"russia", "eaeu"} == WORK_VISA_FREE


def test_eu_red_flags_are_asked_only_where_they_apply() -> None:
    for destination in ("russia", "eaeu", "korea", "turkey"):
        assert "contact" not in [q.id for q in applicable(Q, destination, {})]
    for destination in ("europe", "other"):
        assert "contact" in [q.id for q in applicable(Q, destination, {})]


@pytest.mark.parametrize("question_id", ["employer", "pay_hours", "housing_deductions"])
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
    # wages_held follows housing_deductions, which is skipped here, and pay_hours too.
    assert previous_question(Q, "turkey", answers, "wages_held").id == "contract_copy"
    assert previous_question(Q, "turkey", answers, "pay_fee") is None
    # From the result screen: the last question.
    assert previous_question(Q, "turkey", {}, None).id == Q.questions[-1].id


def test_position_counts_only_questions_that_apply() -> None:
    assert position(Q, "turkey", {}, "pay_fee") == (1, 15)
    assert position(Q, "russia", {}, "contract_copy") == (6, 14)
    assert position(Q, "turkey", {"contract_copy": "no"}, "wages_held")[1] == 11


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


def test_loader_refuses_a_question_without_review_by() -> None:
    data = raw()
    del data["questions"][3]["review_by"]
    with pytest.raises(QuestionnaireError, match=r"agency\.review_by"):
        parse_questionnaire(data)


def test_loader_refuses_review_by_before_verified() -> None:
    data = raw()
    data["questions"][0]["review_by"] = date(2026, 1, 1)
    with pytest.raises(QuestionnaireError, match="before verified"):
        parse_questionnaire(data)


def test_loader_refuses_a_work_visa_question_for_the_eaeu() -> None:
    data = raw()
    visa = next(q for q in data["questions"] if q["id"] == "visa")
    visa["destinations"] = ["russia", "turkey"]
    with pytest.raises(QuestionnaireError, match="work-visa"):
        parse_questionnaire(data)


def test_loader_refuses_more_than_sixteen_questions() -> None:
    data = raw()
    extra = dict(next(q for q in data["questions"] if q["id"] == "threats"), id="threats_again")
    data["questions"].append(extra)
    with pytest.raises(QuestionnaireError, match="17 questions"):
        parse_questionnaire(data)


def test_questionnaire_versions_by_content() -> None:
    docs = ContentLibrary.load().documents
    assert ContentLibrary.from_documents(docs).questionnaire.version == Q.version
    docs["contract_check.yaml"] += "\n# edited\n"
    assert ContentLibrary.from_documents(docs).questionnaire.version != Q.version
