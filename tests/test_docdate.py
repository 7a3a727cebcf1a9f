"""Document date inference: evidence from tense, years, weekday-date pairs and offices, and its weighing."""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

import pytest

from tidings import nlp
from tidings.errors import ConfigError
from tidings.model import DateEvidence, DocDate, Timex
from tidings.time.docdate import clause_tense, combine, infer_document_date, parse_iso, period

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
TIMEML = Path(os.environ.get("TIDINGS_SHARED") or REPO.parent / "shared") / "eval" / "timeml"
SEED_000 = EXAMPLES / "000_5904b99a19247a34.txt"
SEED_004 = EXAMPLES / "004_3979278851648cfb.txt"

TRUMP_IN_OFFICE = DateEvidence(
    kind="office-term", detail="'President Donald Trump' holds office",
    windows=[["2017-01-20", "2021-01-20"], ["2025-01-20", None]], weight=1.0,
)


def tx(doc, text: str, value: str, *, anchor: str | None = "dct", nth: int = 0, type: str = "DATE") -> Timex:
    """A Timex over the ``nth`` occurrence of ``text`` in the parsed text (as the time stage gives it)."""
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(text, start + 1)
    return Timex(start=start, end=start + len(text), text=text, type=type, value=value, anchor=anchor)


def kinds(result: DocDate) -> set[str]:
    return {e.kind for e in result.evidence}


# --- pure parts: periods and weighing (no model) ----------------------------------------------------


def test_period_reads_timex3_values():
    assert period("2018-06-12") == (parse_iso("2018-06-12")[0],) * 2
    first, last = period("2017-09")
    assert (first.isoformat(), last.isoformat()) == ("2017-09-01", "2017-09-30")
    assert [d.isoformat() for d in period("2016-Q4")] == ["2016-10-01", "2016-12-31"]
    assert [d.isoformat() for d in period("2019-SU")] == ["2019-06-01", "2019-08-31"]
    assert [d.isoformat() for d in period("199X")] == ["1990-01-01", "1999-12-31"]
    assert [d.isoformat() for d in period("2020-W01")] == ["2019-12-30", "2020-01-05"]
    assert period("XXXX-06-12") is None and period("PRESENT_REF") is None and period("2018-02-30") is None


def test_combine_sums_weights_and_counts_repeated_evidence_once():
    def ev(kind, windows, weight=1.0):
        return DateEvidence(kind=kind, detail="", windows=windows, weight=weight)

    combined = combine([
        ev("explicit-year", [["2017-01-01", None]]),
        ev("explicit-year", [["2017-01-01", None]]),  # the same year said twice
        ev("office-term", [["2009-01-20", "2017-01-20"], ["2021-01-20", None]]),
        ev("recency", [["2017-01-01", "2019-12-31"]], 0.5),
    ])
    assert combined.best == 2.0  # the year and an office term; the prior is scored apart
    # both 2017-01-01..20 and 2021-01-20.. reach 2.0; the recency prior picks the first
    assert [(a.isoformat(), b.isoformat()) for a, b in combined.pieces()] == [("2017-01-01", "2017-01-20")]
    assert combined.score_of(parse_iso("2022-05-01")[0]) == 2.0
    assert combined.score_of(parse_iso("2010-05-01")[0]) == 1.0
    assert combined.plausible(parse_iso("2022-05-01")[0])
    assert not combined.plausible(parse_iso("2018-05-01")[0])  # in the year's range, but no office
    assert [d and d.isoformat() for d in combined.window()] == ["2017-01-01", None]


def test_no_evidence_and_no_stated_date_gives_no_date():
    result = infer_document_date(None, [], stated=None)
    assert result.used is None and result.source == "none"
    assert "no-date" in result.flags and result.window == [None, None]


def test_offices_alone_leave_the_date_ambiguous_and_stated_dates_are_checked():
    result = infer_document_date(None, [], stated="2019-03-02", extra_evidence=[TRUMP_IN_OFFICE])
    assert result.used == "2019-03-02" and result.source == "stated" and not result.contradicted
    assert "date-ambiguous" in result.flags and result.inferred is None
    late = infer_document_date(None, [], stated="2023-12-04", extra_evidence=[TRUMP_IN_OFFICE])
    assert late.contradicted and "stated-date-contradicted" in late.flags
    # a contradicted date never anchors: the window does, and what it can't fix stays open
    assert late.used is None and late.source == "window" and "anchored-on-window" in late.flags
    assert late.window[0] == "2017-01-20" and "contradicted" in late.notes[0]


def test_bad_given_date_is_a_config_error_and_unreadable_stated_is_flagged():
    with pytest.raises(ConfigError) as caught:
        infer_document_date(None, [], stated=None, given="last Tuesday")
    assert str(caught.value).startswith("[T300]")
    result = infer_document_date(None, [], stated="Dec4,2023")
    assert "stated-date-unreadable" in result.flags and result.used is None
    assert result.stated == "Dec4,2023" and result.source == "none"


# --- seeds -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def doc_004():
    return nlp.parse(SEED_004.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def doc_000():
    return nlp.parse(SEED_000.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def timexes_004(doc_004):
    return [
        tx(doc_004, "Tuesday", "XXXX-WXX-2"),
        tx(doc_004, "One year ago", "XXXX", type="DATE"),
        tx(doc_004, "today", "XXXX-XX-XX"),
        tx(doc_004, "the middle of June, 2017", "2017-06", anchor=None),
        tx(doc_004, "July 4", "2017-07-04", anchor="discourse"),
        tx(doc_004, "September, 2017", "2017-09", anchor=None),
        tx(doc_004, "January", "XXXX-01"),
        tx(doc_004, "February", "XXXX-02"),
        tx(doc_004, "April", "XXXX-04"),
        tx(doc_004, "June 12", "XXXX-06-12"),
    ]


@pytest.fixture(scope="module")
def timexes_000(doc_000):
    return [
        tx(doc_000, "June 12", "XXXX-06-12"),
        tx(doc_000, "2000", "2000", anchor=None),
        tx(doc_000, "March", "XXXX-03"),
    ]


@pytest.mark.model
def test_seed_004_without_stated_date_is_june_12_2018(doc_004, timexes_004):
    result = infer_document_date(doc_004, timexes_004, stated=None)
    assert result.inferred == "2018-06-12" and result.used == "2018-06-12"
    assert result.source == "inferred" and result.window[0] == "2018-06-12"
    assert {"weekday-date", "today-event", "explicit-date", "recency"} <= kinds(result)
    pair = next(e for e in result.evidence if e.kind == "weekday-date")
    assert ["2018-06-12", "2018-06-12"] in pair.windows and ["2012-06-12", "2012-06-12"] in pair.windows
    assert doc_004.text[pair.span.start:pair.span.end] == "June 12"
    assert "no-stated-date" in result.flags


@pytest.mark.model
def test_seed_004_tenses(doc_004, timexes_004):
    tenses = {t.text: clause_tense(doc_004, t) for t in timexes_004}
    assert tenses["Tuesday"] == "progressive"
    assert tenses["September, 2017"] == "past" and tenses["June 12"] == "past"


@pytest.mark.model
def test_seed_004_wrong_stated_date_is_replaced_by_the_inferred_one(doc_004, timexes_004):
    result = infer_document_date(doc_004, timexes_004, stated="2023-12-04")
    assert result.contradicted and "stated-date-contradicted" in result.flags
    assert result.used == "2018-06-12" and result.source == "inferred"
    consistent = infer_document_date(doc_004, timexes_004, stated="2018-06-12")
    assert not consistent.contradicted and consistent.used == "2018-06-12" and consistent.source == "stated"


@pytest.mark.model
def test_given_date_wins_but_is_still_checked(doc_004, timexes_004):
    result = infer_document_date(doc_004, timexes_004, stated=None, given="2018-06-12")
    assert result.used == "2018-06-12" and result.source == "given" and result.evidence
    assert "given-date-contradicted" not in result.flags
    wrong = infer_document_date(doc_004, timexes_004, stated="2018-06-12", given="2015-01-01")
    assert wrong.used == "2015-01-01" and wrong.source == "given"
    assert "given-date-contradicted" in wrong.flags and not wrong.contradicted


@pytest.mark.model
def test_seed_000_tenses(doc_000, timexes_000):
    tenses = {t.text: clause_tense(doc_000, t) for t in timexes_000}
    assert tenses == {"June 12": "future", "2000": "past", "March": "past"}


@pytest.mark.model
def test_seed_000_stated_2023_is_contradicted_by_a_sitting_president_trump(doc_000, timexes_000):
    alone = infer_document_date(doc_000, timexes_000, stated="2023-12-04")
    assert not alone.contradicted and alone.used == "2023-12-04"  # the text alone can't tell
    result = infer_document_date(doc_000, timexes_000, stated="2023-12-04", extra_evidence=[TRUMP_IN_OFFICE])
    assert result.contradicted and "stated-date-contradicted" in result.flags
    assert result.window[0] == "2017-01-20"
    assert TRUMP_IN_OFFICE in result.evidence
    assert "month-day-tense" in kinds(result) and "explicit-year" in kinds(result)
    in_office = infer_document_date(doc_000, timexes_000, stated="2018-05-30", extra_evidence=[TRUMP_IN_OFFICE])
    assert not in_office.contradicted and in_office.used == "2018-05-30"


# --- constructed variants ----------------------------------------------------------------------------


@pytest.mark.model
def test_weekday_date_pair_picks_the_year_nearest_the_text():
    doc = nlp.parse(
        "Ruritanian and Freedonian envoys are holding talks in Geneva on Wednesday. "
        "A year ago, in March 2017, the two sides broke off contact. "
        "The Geneva talks on March 14 were brokered by Norway."
    )
    timexes = [tx(doc, "Wednesday", "XXXX-WXX-3"), tx(doc, "March 2017", "2017-03", anchor=None),
               tx(doc, "March 14", "XXXX-03-14")]
    result = infer_document_date(doc, timexes, stated=None)
    assert result.used == "2018-03-14" and result.source == "inferred"


@pytest.mark.model
def test_weekday_and_date_written_together():
    doc = nlp.parse(
        "The court ruled on Friday, November 3, that the vote must be repeated. "
        "The first round was held in 2022."
    )
    timexes = [tx(doc, "Friday", "XXXX-WXX-5"), tx(doc, "November 3", "XXXX-11-03"),
               tx(doc, "2022", "2022", anchor=None)]
    result = infer_document_date(doc, timexes, stated=None)
    pair = next(e for e in result.evidence if e.kind == "weekday-date")
    # ruled (past) on a Friday, November 3 written out: within a month after it (a day's slack)
    assert ["2023-11-02", "2023-12-03"] in pair.windows
    assert ["2017-11-02", "2017-12-03"] in pair.windows  # also a Friday, but before the 2022 round
    assert result.window[0] == "2023-11-02"
    assert result.used == "2023-11-17" and result.source == "inferred"
    assert "inferred-date-approximate" in result.flags


@pytest.mark.model
def test_a_text_without_any_year_still_checks_weekday_dates():
    doc = nlp.parse("Talks resumed on Monday, March 4, in Doha, mediators said.")
    timexes = [tx(doc, "Monday", "XXXX-WXX-1"), tx(doc, "March 4", "XXXX-03-04")]
    result = infer_document_date(doc, timexes, stated=None)
    assert kinds(result) == {"weekday-date"}  # yearless month-days alone say nothing without a year
    pair = result.evidence[0]
    assert ["2019-03-03", "2019-04-03"] in pair.windows and ["2013-03-03", "2013-04-03"] in pair.windows
    assert "date-ambiguous" in result.flags and result.used is None
    assert infer_document_date(doc, timexes, stated="2019-03-05").used == "2019-03-05"
    assert infer_document_date(doc, timexes, stated="2019-06-01").contradicted  # no Monday, March 4 just before


@pytest.mark.model
def test_yesterday_s_vote_dates_the_document_the_day_after():
    doc = nlp.parse(
        "Yesterday's vote surprised the ruling party. "
        "The vote on May 9 was called after the coalition collapsed in 2018."
    )
    timexes = [tx(doc, "Yesterday", "XXXX-XX-XX"), tx(doc, "May 9", "XXXX-05-09"),
               tx(doc, "2018", "2018", anchor=None)]
    result = infer_document_date(doc, timexes, stated=None)
    today = next(e for e in result.evidence if e.kind == "today-event")
    assert ["2019-05-10", "2019-05-10"] in today.windows and today.weight == 0.5  # linked by "vote"
    # any May 10 after the 2018 collapse fits; 2018, 2019 and 2020 are all recent: no single year
    assert result.window[0] == "2018-01-01" and "date-ambiguous" in result.flags
    assert result.used is None and "no-date" in result.flags
    assert infer_document_date(doc, timexes, stated="2019-05-10").used == "2019-05-10"


@pytest.mark.model
def test_yesterday_written_with_the_date_contradicts_a_stated_date_on_that_day():
    doc = nlp.parse("Yesterday, October 21, the assembly voted to dissolve itself. It was elected in 2021.")
    timexes = [tx(doc, "Yesterday", "XXXX-XX-XX"), tx(doc, "October 21", "XXXX-10-21"),
               tx(doc, "2021", "2021", anchor=None)]
    assert infer_document_date(doc, timexes, stated="2022-10-22").used == "2022-10-22"
    early = infer_document_date(doc, timexes, stated="2022-10-21")
    # contradicted and nothing narrower inferred: the date is not used, the plausible window anchors
    assert early.contradicted and early.source == "window" and early.used is None
    assert ["2022-10-22", "2022-10-22"] in next(e for e in early.evidence if e.kind == "today-event").windows


@pytest.mark.model
def test_future_year_contradicts_a_later_stated_date():
    doc = nlp.parse("Parliamentary elections will be held in 2024, the commission announced.")
    timexes = [tx(doc, "2024", "2024", anchor=None)]
    assert clause_tense(doc, timexes[0]) == "future"
    result = infer_document_date(doc, timexes, stated="2025-02-01")
    assert result.contradicted and "stated-date-contradicted" in result.flags
    assert result.window[1] == "2024-12-31"
    ok = infer_document_date(doc, timexes, stated="2023-10-01")
    assert not ok.contradicted and ok.used == "2023-10-01"


@pytest.mark.model
@pytest.mark.parametrize(
    ("sentence", "expression", "tense"),
    [
        ("The summit is scheduled to take place on June 30 in Hanoi.", "June 30", "future"),
        ("The ministers are set to meet on August 2.", "August 2", "future"),
        ("The president will travel to Nairobi in October.", "October", "future"),
        ("He said the deal would be signed in May.", "May", "future"),
        ("The treaty was signed in 1994.", "1994", "past"),
        ("The two leaders have met twice since 2019.", "2019", "past"),
        ("Delegates are gathering in Lima on Thursday.", "Thursday", "progressive"),
    ],
)
def test_clause_tense_variants(sentence, expression, tense):
    doc = nlp.parse(sentence)
    assert clause_tense(doc, tx(doc, expression, "XXXX")) == tense


# --- with the time stage's own expressions ----------------------------------------------------------


@pytest.mark.model
def test_seeds_with_the_time_stage_output(doc_004, doc_000):
    from tidings.time import extract_timexes

    result = infer_document_date(doc_004, extract_timexes(doc_004, dct=None), stated=None)
    assert result.used == "2018-06-12" and result.source == "inferred"
    contradicted = infer_document_date(doc_000, extract_timexes(doc_000, dct=None), stated="2023-12-04",
                                       extra_evidence=[TRUMP_IN_OFFICE])
    assert contradicted.contradicted and "stated-date-contradicted" in contradicted.flags


# --- gold: the TimeBank / AQUAINT document dates -----------------------------------------------------


def timeml_documents(step: int):
    """(name, gold DCT, text inside <TEXT> without tags) for every ``step``-th TimeML file."""
    for path in sorted(TIMEML.rglob("*.tml"))[::step]:
        raw = path.read_text(encoding="utf-8")
        dct = re.search(r"<DCT>.*?value=\"([^\"]+)\"", raw, re.S).group(1)[:10]
        body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S).group(1)
        yield path.name, dct, html.unescape(re.sub(r"<[^>]+>", "", body))


@pytest.mark.gold
@pytest.mark.model
def test_timebank_document_dates_are_never_contradicted_and_lie_in_the_window():
    if not TIMEML.is_dir():
        pytest.skip(f"no gold data at {TIMEML}")
    from tidings.time import extract_timexes

    documents = list(timeml_documents(step=10))
    assert len(documents) >= 20
    caught_early = 0
    for (name, dct, _), doc in zip(documents, nlp.parse_many(t for _, _, t in documents), strict=True):
        timexes = extract_timexes(doc, dct=None)
        result = infer_document_date(doc, timexes, stated=dct)
        assert not result.contradicted, name
        lo, hi = result.window
        assert (lo is None or lo <= dct) and (hi is None or dct <= hi), name
        three_years_early = f"{int(dct[:4]) - 3}-{dct[5:7]}-01"
        caught_early += infer_document_date(doc, timexes, stated=three_years_early).contradicted
    assert caught_early >= 2  # the text often names a later year in a past clause
