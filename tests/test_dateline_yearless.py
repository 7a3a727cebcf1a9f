"""A dateline without its year ("WASHINGTON, Nov. 20 (Reuters) -", "June 12 -") is date evidence: it
fixes the month and day; the year comes from the metadata, the text's own evidence or the
corpus; when the metadata disagrees the document says which date it used and why. A month-day
later in the running text is not a dateline."""

from __future__ import annotations

import json

import pytest

from tidings.clean import article_from_input, dateline_month_day
from tidings.model import DateEvidence

BODY = "The Senate voted on Tuesday to pass the spending bill after weeks of talks between the two parties."


@pytest.mark.parametrize("head,date,place,outlet,month_day", [
    ("WASHINGTON, Nov. 20 (Reuters) - ", "Nov. 20", "WASHINGTON", "Reuters", (11, 20)),
    ("June 12 - ", "June 12", None, None, (6, 12)),
    ("June 12 (Reuters) - ", "June 12", None, "Reuters", (6, 12)),
    ("Nov 20 (AP) — ", "Nov 20", None, "AP", (11, 20)),
    ("LONDON, 20 November (Reuters) - ", "20 November", "LONDON", "Reuters", (11, 20)),
    ("BEIJING, Sept. 9 (Xinhua) -- ", "Sept. 9", "BEIJING", "Xinhua", (9, 9)),
    ("SEOUL, SEPT 9 - ", "SEPT 9", "SEOUL", None, (9, 9)),
    ("KABUL, Afghanistan, March 3 (AP) — ", "March 3", "KABUL, Afghanistan", "AP", (3, 3)),
    ("PARIS, February 29 (AFP) - ", "February 29", "PARIS", "AFP", (2, 29)),
])
def test_yearless_datelines_of_several_forms_are_read(head, date, place, outlet, month_day):
    article = article_from_input("Senate passes spending bill\n" + head + BODY)
    assert article.text.startswith("The Senate voted")
    assert article.meta.get("dateline_date") == date
    assert article.meta.get("dateline_place") == place and article.meta.get("dateline_outlet") == outlet
    assert dateline_month_day(article.meta["dateline_date"]) == month_day
    assert article.stated_date is None  # no year: not a stated date on its own


@pytest.mark.parametrize("text", [
    "Senate passes spending bill\nJune 12 is the day the Senate chose for the vote on the spending bill.",
    "Senate passes spending bill\nMay 5 - 7 people were hurt when the police moved in, the ministry said.",
    "Senate passes spending bill\n" + BODY + " The next vote will be held on June 12 - officials said.",
    # a long lead paragraph: a month-day opening the next paragraph is not a dateline
    "Senate passes spending bill\n" + BODY + " It now goes to the House, where the speaker has promised a quick "
    "vote.\n\nJune 12 - the day of the vote - was chosen by the leaders of both parties.",
])
def test_a_month_day_in_the_running_text_is_not_a_dateline(text):
    article = article_from_input(text)
    assert "dateline_date" not in article.meta
    assert "June 12" in article.text or "May 5" in article.text


def test_dateline_month_day_refuses_dates_with_a_year_and_impossible_days():
    assert dateline_month_day("Nov. 20, 2019") is None  # a stated date: the cleaner's business
    assert dateline_month_day("June 31") is None and dateline_month_day("") is None
    assert dateline_month_day("Dec 4") == (12, 4)


@pytest.mark.model
def test_without_any_year_the_dateline_fixes_month_and_day_and_the_rest_stays_open():
    from tidings.pipeline import analyze

    result = analyze(article_from_input("Senate passes spending bill\nWASHINGTON, Nov. 20 (Reuters) - " + BODY))
    assert result.dct.used is None
    assert any("'Nov. 20' fixes the month and day, but no evidence fixes the year" in n for n in result.dct.notes)
    assert {t.value for t in result.timexes if t.text == "Tuesday"} == {"XXXX-WXX-2"}


@pytest.mark.model
@pytest.mark.parametrize("head,window,expected", [
    ("June 12 - ", ["2018-06-10", "2019-06-10"], "2018-06-12"),
    ("SINGAPORE, June 12 (Reuters) - ", ["2018-06-10", "2019-06-10"], "2018-06-12"),
    ("LONDON, 20 November (Reuters) - ", ["2019-11-01", "2020-10-31"], "2019-11-20"),
    ("Sept. 9 (AP) — ", ["2001-09-01", "2002-08-31"], "2001-09-09"),
])
def test_corpus_evidence_gives_the_year_of_a_yearless_dateline(head, window, expected):
    from tidings.pipeline import analyze

    article = article_from_input("Senate passes spending bill\n" + head + BODY)
    corpus = DateEvidence(kind="corpus", detail="the same vote in other articles", windows=[window], weight=0.8)
    result = analyze(article, extra_evidence=[corpus])
    assert result.dct.used == expected and result.dct.source == "inferred"
    assert any(f"the year {expected[:4]} comes from other articles" in n for n in result.dct.notes)
    tuesday = {t.value for t in result.timexes if t.text == "Tuesday"}
    assert len(tuesday) == 1 and tuesday.pop().startswith(expected[:4])  # anchored on the dateline's day
    # control: the same corpus window without a dateline gives no single day
    plain = analyze(article_from_input("Senate passes spending bill\n" + BODY), extra_evidence=[corpus])
    assert plain.dct.used != expected and not any("dateline" in n for n in plain.dct.notes)


@pytest.mark.model
def test_the_texts_own_evidence_can_give_the_year():
    from tidings.pipeline import analyze

    text = ("Kim and Trump meet\nSINGAPORE, June 12 (Reuters) - North Korean leader Kim Jong Un met U.S. "
            "President Donald Trump in Singapore. Officials had agreed on the meeting in May 2018, and the two "
            "sides will hold more talks in July 2018, the White House said.")
    result = analyze(article_from_input(text))
    assert result.dct.used == "2018-06-12" and result.dct.source == "inferred"
    assert any("the year 2018 comes from the text's own evidence" in n or "offices" in n for n in result.dct.notes)
    # control: the same text with its dateline's date later in the running text gives no day
    later = analyze(article_from_input(text.replace("SINGAPORE, June 12 (Reuters) - ", "")
                                       + " The summit took place on a Tuesday."))
    assert later.dct.used != "2018-06-12"


@pytest.mark.model
def test_metadata_that_disagrees_is_recorded_and_metadata_that_agrees_is_kept(tmp_path):
    from tidings.ingest import read_inputs
    from tidings.pipeline import analyze

    lines = [{"text": "Senate passes spending bill\nLONDON, 20 November (Reuters) - " + BODY, "date": "2021-03-01"},
             {"text": "Senate passes spending bill\nWASHINGTON, Nov. 20 (Reuters) - " + BODY, "date": "2019-11-21"},
             {"text": "Senate passes spending bill\nJune 12 - " + BODY, "date": "2018-06-12T09:00:00Z"}]
    path = tmp_path / "dated.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    far, near, same = list(read_inputs([path]))
    assert far.stated_date == "2020-11-20" and far.meta["stated_date_from"] == "dateline"
    choice = far.meta["date_choice"]
    assert choice["used"] == "2020-11-20" and choice["from"] == "the dateline" and choice["other"] == "2021-03-01"
    result = analyze(far)
    assert result.dct.used == "2020-11-20" and result.dct.source == "stated"
    assert any("from the dateline" in n and "2021-03-01" in n for n in result.dct.notes)
    assert near.stated_date == "2019-11-21" and "date_choice" not in near.meta  # within a day: metadata kept
    assert analyze(near).dct.used == "2019-11-21"
    assert same.stated_date == "2018-06-12" and "date_choice" not in same.meta
