"""Time expressions: seed targets, constructed variants, the dct=None convention, calendar math."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tidings.time.grammar import duration_value, number_value
from tidings.time.resolve import (
    Point,
    easter,
    nearest_month_year,
    nearest_weekday,
    nth_weekday,
    point_from_value,
    shifted_point,
)

REPO = Path(__file__).resolve().parents[1]
SEED_004 = REPO / "examples" / "004_3979278851648cfb.txt"
SEED_000 = REPO / "examples" / "000_5904b99a19247a34.txt"


@pytest.fixture(scope="module")
def timex(parse):
    """timex(text, dct) -> {expression text: Timex} for a short constructed text."""
    from tidings.time import extract_timexes

    def _timex(text: str, dct: str | None):
        found = extract_timexes(parse(text), dct)
        for t in found:
            assert text[t.start:t.end] == t.text
        return {t.text: t for t in found}

    return _timex


def _find(timexes, text):
    matches = [t for t in timexes if t.text == text]
    assert matches, f"{text!r} not found in {[t.text for t in timexes]}"
    return matches[0]


# ---------------------------------------------------------------- seed 004 (dct 2018-06-12)
@pytest.fixture(scope="module")
def seed004(parse):
    from tidings.time import extract_timexes

    doc = parse(SEED_004.read_text(encoding="utf-8"))
    return doc, extract_timexes(doc, "2018-06-12"), extract_timexes(doc, None)


@pytest.mark.model
@pytest.mark.parametrize("text,value,mod", [
    ("Tuesday", "2018-06-12", None),
    ("One year ago", "2017", None),
    ("the middle of June, 2017", "2017-06", "MID"),
    ("July 4", "2017-07-04", None),
    ("Independence Day", "2017-07-04", None),
    ("September, 2017", "2017-09", None),
    ("the beginning of the year", "2018", "START"),
    ("January", "2018-01", None),
    ("February", "2018-02", None),
    ("April", "2018-04", None),
    ("May", "2018-05", None),
    ("June 12", "2018-06-12", None),
    ("nearly 7 decades", "P7DE", "APPROX"),
])
def test_seed_004_values(seed004, text, value, mod):
    _doc, found, _open = seed004
    t = _find(found, text)
    assert (t.value, t.mod) == (value, mod)


@pytest.mark.model
def test_seed_004_types_anchors_and_offsets(seed004):
    doc, found, _open = seed004
    assert found
    assert all(doc.text[t.start:t.end] == t.text for t in found)
    assert _find(found, "nearly 7 decades").type == "DURATION"
    assert _find(found, "July 4").anchor == "discourse"  # after "June, 2017", not the document year
    assert _find(found, "One year ago").anchor_value == "-P1Y"
    assert not any("one-on-one" in t.text for t in found)
    assert not any("Winter" in t.text for t in found)  # the Winter Olympics are not a season


@pytest.mark.model
def test_seed_004_without_document_date(seed004):
    _doc, _found, open_ = seed004
    assert (_find(open_, "Tuesday").value, _find(open_, "Tuesday").anchor) == ("XXXX-WXX-2", "dct")
    ago = _find(open_, "One year ago")
    assert (ago.value, ago.anchor, ago.anchor_value) == ("XXXX", "dct", "-P1Y")
    assert (_find(open_, "June 12").value, _find(open_, "June 12").anchor) == ("XXXX-06-12", "dct")
    assert _find(open_, "January").value == "XXXX-01"
    assert _find(open_, "September, 2017").value == "2017-09"
    assert _find(open_, "September, 2017").anchor is None
    # a narrative anchor still resolves without the document date
    assert _find(open_, "July 4").value == "2017-07-04"


# ---------------------------------------------------------------- seed 000 (dct 2018-05-28)
@pytest.mark.model
def test_seed_000(parse):
    from tidings.time import extract_timexes

    found = extract_timexes(parse(SEED_000.read_text(encoding="utf-8")), "2018-05-28")
    assert _find(found, "2000").value == "2000"
    assert _find(found, "March").value == "2018-03"
    assert _find(found, "five months ago").value == "2017-12"
    assert _find(found, "June 12").value == "2018-06-12"  # "scheduled to be held on June 12"


# ---------------------------------------------------------------- constructed variants
@pytest.mark.model
@pytest.mark.parametrize("text,dct,expression,value", [
    # weekdays: past tense -> on or before; future -> on or after; present -> nearest (same day first)
    ("Officials said on Friday that the talks had failed.", "2021-03-10", "Friday", "2021-03-05"),
    ("The leaders will meet on Friday in Vienna.", "2021-03-10", "Friday", "2021-03-12"),
    ("The two presidents are meeting in Geneva on Wednesday.", "2021-03-10", "Wednesday", "2021-03-10"),
    ("Ministers met last Monday in Brussels.", "2021-03-10", "last Monday", "2021-03-08"),
    ("Turnout could be higher on Saturday.", "2016-02-18", "Saturday", "2016-02-20"),
    ("Sanders campaigned ahead of Tuesday's primary.", "2016-06-03", "Tuesday", "2016-06-07"),
    # offsets from the document date
    ("Two years ago, nobody expected a deal.", "2020-02-01", "Two years ago", "2018"),
    ("Only three months ago the border was closed.", "2020-02-01", "three months ago", "2019-11"),
    ("Prices rose sharply last year.", "2020-02-01", "last year", "2019"),
    ("The parliament will vote next month.", "2020-12-15", "next month", "2021-01"),
    ("Troops arrived yesterday.", "2020-03-01", "yesterday", "2020-02-29"),
    ("Police said last week that the suspect fled.", "2018-06-12", "last week", "2018-W23"),
    # month and month-day without a year: tense picks the side of the document date
    ("The treaty was signed in November.", "2020-02-10", "November", "2019-11"),
    ("The vote will take place in November.", "2020-02-10", "November", "2020-11"),
    ("Officials said the cuts would come in September.", "1990-08-16", "September", "1990-09"),
    ("Riyadh told oil companies of a cutback in September.", "1990-08-16", "September", "1990-09"),
    ("Riyadh announced a cutback in July.", "1990-08-16", "July", "1990-07"),
    ("The ceasefire collapsed on Dec. 30.", "2021-01-05", "Dec. 30", "2020-12-30"),
    ("The report is due on Jan. 8.", "2020-12-20", "Jan. 8", "2021-01-08"),
    ("Police have searched for him since the Oct. 23 slaying.", "1999-05-06", "Oct. 23", "1998-10-23"),
    ("Photos of the Oct. 23 ceremony", "1999-05-06", "Oct. 23", "1998-10-23"),
    ("Preparations for the June 2 ceremony", "1999-05-06", "June 2", "1999-06-02"),
    ("The plant closed last Oct. 23 after a fire.", "2021-03-01", "Oct. 23", "2020-10-23"),
    # absolute dates
    ("The accord was signed on March 5, 1946 in Paris.", "2018-06-12", "March 5, 1946", "1946-03-05"),
    ("Elections were held in October 2009.", "2018-06-12", "October 2009", "2009-10"),
    ("The figures were published on 2019-04-30.", "2020-01-01", "2019-04-30", "2019-04-30"),
    ("The war ended in 1953.", "2018-06-12", "1953", "1953"),
    # decades, centuries, seasons, quarters, halves
    ("Relations froze in the 1990s.", "2018-06-12", "the 1990s", "199"),
    ("The dynasty ruled in the 19th century.", "2018-06-12", "the 19th century", "18"),
    ("The missile was tested in summer 2017.", "2018-06-12", "summer 2017", "2017-SU"),
    ("Profits fell in the third quarter.", "2018-10-25", "the third quarter", "2018-Q3"),
    ("Output grew in Q2 2019.", "2020-01-01", "Q2 2019", "2019-Q2"),
    ("Sales rose in fiscal 1998.", "2000-01-01", "fiscal 1998", "1998"),
    ("Growth slowed in the first half of 2016.", "2018-01-01", "the first half of 2016", "2016-H1"),
    ("Output will recover in the first two quarters of 1990.", "1989-10-26", "the first two quarters of 1990",
     "1990-H1"),
    ("Sales fell in the last two quarters of 2019, it said.", "2020-03-01", "the last two quarters of 2019",
     "2019-H2"),
    # a day counted from a named day
    ("Sources said the meeting happened the day before last Tuesday.", "2000-02-24",
     "the day before last Tuesday", "2000-02-21"),
    ("The truce took effect two days after March 5, 2015.", "2016-01-01", "two days after March 5, 2015",
     "2015-03-07"),
    ("Talks resumed the day after Monday's vote.", "2018-06-12", "the day after Monday", "2018-06-12"),
    ("He will arrive the day before next Friday.", "2018-06-12", "the day before next Friday", "2018-06-14"),
    # "the quarter ended <day>": the calendar quarter holding most of the three months before it
    ("In the quarter ended July 31, the firm had 5.6 million shares.", "1989-10-30", "the quarter", "1989-Q2"),
    ("Sales rose in the quarter ended Sept. 30.", "1989-10-26", "the quarter", "1989-Q3"),
    ("Net fell in the quarter ended Jan. 31.", "2019-03-05", "the quarter", "2018-Q4"),
    ("Net fell in the quarter ending Dec. 31, analysts said.", "2019-03-05", "the quarter", "2018-Q4"),
    ("Net fell in the quarter ended March 31, 2017, the company said.", "2019-03-05", "the quarter", "2017-Q1"),
    # a quarter the text named keeps its (fiscal) number
    ("Sun reported a fiscal first-quarter loss. Sales for the quarter ended Sept. 29 rose.", "1989-10-26",
     "the quarter", "1989-Q1"),
    # "since year-end" is the last year-end, whatever year the text mentioned before
    ("Each index is based on the close of 1969. The change is since year-end.", "1989-10-30", "year-end",
     "1988"),
    ("Shares have fallen 20% since the year-end.", "2019-05-02", "the year-end", "2018"),
    ("The firm hired 200 people in 2015 and planned to double that by year-end.", "2018-01-01", "year-end",
     "2015"),
    # holidays
    ("Shops were closed on Christmas Day.", "2019-12-30", "Christmas Day", "2019-12-25"),
    ("Americans ate turkey on Thanksgiving.", "2019-12-02", "Thanksgiving", "2019-11-28"),
    ("The US celebrated Independence Day with fireworks.", "2016-07-05", "Independence Day", "2016-07-04"),
    ("Americans voted on Election Day.", "2016-11-20", "Election Day", "2016-11-08"),
    ("Americans voted on Election Day.", "2020-11-20", "Election Day", "2020-11-03"),
    # a holiday's week is the ISO week that holds the holiday; a week that has begun is this one
    ("Protesters prayed as Easter week began.", "2000-04-17", "Easter week", "2000-W16"),
    ("Pilgrims will arrive for Holy Week.", "2019-04-01", "Holy Week", "2019-W16"),
    ("Shops were busy in Christmas week.", "2018-12-28", "Christmas week", "2018-W52"),
    ("Sales fell during Christmas week 2016.", "2018-05-01", "Christmas week 2016", "2016-W51"),
    ("Thanksgiving week travel will peak.", "2019-11-20", "Thanksgiving week", "2019-W48"),
    ("Thanksgiving week travel will peak, airlines say.", "2019-11-26", "Thanksgiving week", "2019-W48"),
    # times of day
    ("The minister spoke this morning.", "2018-06-12", "this morning", "2018-06-12TMO"),
    ("The blast happened at 3 p.m.", "2018-06-12", "3 p.m.", "2018-06-12T15:00"),
    ("The session opened at 9:30 a.m. Tuesday.", "2018-06-14", "9:30 a.m. Tuesday", "2018-06-12T09:30"),
    ("Rebels attacked the town last night.", "2018-06-12", "last night", "2018-06-11TNI"),
    ("The board met on the last Friday in August.", "2016-01-20", "the last Friday in August", "2015-08-28"),
    ("The vote is on the first Tuesday of November 2016.", "2016-01-20", "the first Tuesday of November 2016",
     "2016-11-01"),
    ("Trade boomed in the nineties.", "2018-06-12", "the nineties", "199"),
    ("The strike began in late-November.", "2018-12-10", "late-November", "2018-11"),
])
def test_constructed_dates(timex, text, dct, expression, value):
    found = timex(text, dct)
    assert expression in found, f"{expression!r} not in {list(found)}"
    assert found[expression].value == value


@pytest.mark.model
@pytest.mark.parametrize("text,expression,type_,value,mod", [
    ("The talks lasted two weeks.", "two weeks", "DURATION", "P2W", None),
    ("After nearly seven decades of division, the talks resumed.", "nearly seven decades", "DURATION", "P7DE",
     "APPROX"),
    ("The conflict has lasted more than 40 years.", "more than 40 years", "DURATION", "P40Y", "MORE_THAN"),
    ("The meeting took 2 1/2 hours.", "2 1/2 hours", "DURATION", "PT2H30M", None),
    ("The sanctions will stay for at least 90 days.", "at least 90 days", "DURATION", "P90D", "EQUAL_OR_MORE"),
    ("The council meets every week.", "every week", "SET", "P1W", None),
    ("The market opens on Sundays.", "Sundays", "SET", "XXXX-WXX-7", None),
    ("The show airs Tuesday nights.", "Tuesday nights", "SET", "XXXX-WXX-2TNI", None),
    ("The report is published annually.", "annually", "SET", "P1Y", None),
    ("Inspectors visit twice a year.", "a year", "SET", "P1Y", None),
    ("Volunteers make calls two nights a week.", "a week", "SET", "P1W", None),
    ("Guards patrol the camp 24 hours a day.", "a day", "SET", "P1D", None),
    ("Crews met two mornings per week.", "per week", "SET", "P1W", None),
    ("She flies home three times a month.", "a month", "SET", "P1M", None),
    ("It pays $100 million in interest every quarter.", "every quarter", "SET", "P1Q", None),
    ("The inquiry lasted a year.", "a year", "DURATION", "P1Y", None),
    ("Revenue was $76 million for the year ended March 31.", "the year", "DURATION", "P1Y", None),
    ("Profit doubled for the full year.", "the full year", "DATE", "2020", None),
    ("Growth slowed in the first half of the year.", "the first half of the year", "DATE", "2020-H1", None),
    ("The vote took half an hour.", "half an hour", "DURATION", "PT30M", None),
    ("The speech lasted a minute and a half.", "a minute and a half", "DURATION", "PT1M30S", None),
    ("The country is now open to talks.", "now", "DATE", "PRESENT_REF", None),
    ("The minister recently resigned.", "recently", "DATE", "PAST_REF", None),
    ("Crime has fallen in recent years.", "recent years", "DATE", "PAST_REF", None),
    ("Prices rose in recent weeks.", "recent weeks", "DURATION", "PXW", None),
    ("Talks may resume in the future.", "the future", "DATE", "FUTURE_REF", None),
    # "one day" / "some day" before a verb is the idiom for an unknown future time
    ("Islam will one day be the second largest religion.", "one day", "DATE", "FUTURE_REF", None),
    ("He expressed the hope he one day follows his father.", "one day", "DATE", "FUTURE_REF", None),
    ("We hope they can one day meet again.", "one day", "DATE", "FUTURE_REF", None),
    ("She may some day return to Cuba.", "some day", "DATE", "FUTURE_REF", None),
    ("Someday the two Koreas will be one.", "Someday", "DATE", "FUTURE_REF", None),
    ("The strike lasted one day.", "one day", "DURATION", "P1D", None),
    ("The court gave him one day to respond.", "one day", "DURATION", "P1D", None),
    ("The talks took one day, officials said.", "one day", "DURATION", "P1D", None),
    ("The reforms began in early 2019.", "early 2019", "DATE", "2019", "START"),
    ("Fighting resumed in late November 2015.", "late November 2015", "DATE", "2015-11", "END"),
])
def test_constructed_durations_sets_and_refs(timex, text, expression, type_, value, mod):
    found = timex(text, "2020-06-01")
    assert expression in found, f"{expression!r} not in {list(found)}"
    t = found[expression]
    assert (t.type, t.value, t.mod) == (type_, value, mod)


@pytest.mark.model
@pytest.mark.parametrize("text,expression,value", [
    # the country that owns the phrase, not any country in the text
    ("India celebrated Independence Day on Monday, and the US congratulated it.", "Independence Day", "2018-08-15"),
    ("The US celebrated Independence Day, and India congratulated it.", "Independence Day", "2018-07-04"),
    ("While the US was celebrating its Independence Day, talks stalled in Geneva.", "Independence Day",
     "2018-07-04"),
    ("India's Independence Day was marked by a speech, US officials said.", "Independence Day", "2018-08-15"),
    ("Pakistan's Independence Day passed quietly.", "Independence Day", "2018-08-14"),
    ("Mexican Independence Day drew crowds in Chicago, US officials said.", "Independence Day", "2018-09-16"),
    ("Crowds gathered in Kyiv for the Independence Day of Ukraine, and Americans watched.", "Independence Day",
     "2018-08-24"),
    ("Indonesians celebrated Independence Day; the US sent greetings.", "Independence Day", "2018-08-17"),
    ("South Korea marked Liberation Day with a speech.", "Liberation Day", "2018-08-15"),
    ("China's National Day parade was held in Beijing.", "National Day", "2018-10-01"),
    ("Kenyans celebrated Jamhuri Day.", "Jamhuri Day", "2018-12-12"),
    # a sentence that names no country: the country the article names most
    ("Nigeria's economy slowed. Crowds gathered for Independence Day. Nigeria's president spoke.",
     "Independence Day", "2018-10-01"),
])
def test_national_days_belong_to_their_country(timex, text, expression, value):
    found = timex(text, "2018-12-31")
    assert expression in found, f"{expression!r} not in {list(found)}"
    assert found[expression].value == value


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "Israel celebrated Independence Day with flyovers.",  # movable (Hebrew calendar): no fixed day
    "Pakistan and India marked Independence Day a day apart.",  # two owners, two dates
    "Crowds gathered for Independence Day.",  # no country anywhere
    "Let us celebrate Independence Day.",  # "us" is no country
])
def test_national_day_without_a_known_owner_is_left_out(timex, text):
    found = timex(text, "2018-12-31")
    assert "Independence Day" not in found, found
    assert "Christmas Day" in timex(text.replace("Independence Day", "Christmas Day"), "2018-12-31")


@pytest.mark.model
def test_national_day_without_dct_keeps_the_owners_month_and_day(timex):
    found = timex("India's Independence Day was marked by a speech, US officials said.", None)
    assert found["Independence Day"].value == "XXXX-08-15"


@pytest.mark.model
def test_discourse_anchoring(timex):
    text = ("In August 2016, the rebels seized the port. Weeks later, on September 3, the army struck "
            "back, and by Christmas the city had fallen.")
    found = timex(text, "2019-05-01")
    assert found["August 2016"].value == "2016-08"
    assert found["September 3"].value == "2016-09-03"
    assert found["September 3"].anchor == "discourse"
    assert found["Christmas"].value == "2016-12-25"
    later = found["Weeks later"]
    assert later.anchor == "discourse" and later.value.startswith("2016")
    found = timex("In June 2017, the talks failed. Some weeks later, they resumed.", "2019-05-01")
    assert (found["Some weeks later"].value, found["Some weeks later"].mod) == ("2017-06", "AFTER")


@pytest.mark.model
def test_vague_offsets_keep_only_the_direction(timex):
    found = timex("Many years ago the two countries were allies; years from now they may be again.", "2018-06-12")
    assert found["Many years ago"].value == "PAST_REF"
    assert found["years from now"].value == "FUTURE_REF"


@pytest.mark.model
def test_that_day_after_a_year_keeps_the_unknown_parts(timex):
    found = timex("The treaty was signed in 2015. Protests broke out that day.", "2018-06-12")
    assert found["that day"].value == "2015-XX-XX"
    assert found["that day"].anchor == "discourse"


@pytest.mark.model
def test_parts_of_day_follow_the_discourse(timex):
    found = timex("The rebels attacked on March 3, 2015. The next morning, troops arrived. That evening, "
                  "they left.", "2016-01-01")
    assert found["The next morning"].value == "2015-03-04TMO"
    assert found["That evening"].value == "2015-03-04TEV"
    assert found["The next morning"].type == "TIME"


@pytest.mark.model
def test_a_date_that_labels_a_noun_does_not_set_the_year(timex):
    found = timex("Two agents were charged in the Dec. 21, 1988, bombing of Pan Am Flight 103. They were "
                  "handed over after Libya agreed in April to a trial.", "1999-06-07")
    assert found["April"].value == "1999-04"


@pytest.mark.model
def test_a_distant_date_does_not_set_the_year(timex):
    filler = "The talks dragged on without any result, and both sides blamed each other for it. " * 4
    found = timex("In June, 2017, the talks began. " + filler + "The deal was signed in March.", "2018-06-12")
    assert found["March"].value == "2018-03"


@pytest.mark.model
def test_later_days_after_a_year_stay_open(timex):
    found = timex("The party was founded in 2015. Four days later, it split.", "2018-06-12")
    assert found["Four days later"].value == "2015-XX-XX"


@pytest.mark.model
def test_two_days_later_counts_from_the_previous_date(timex):
    found = timex("The summit opened on March 3, 2015. Two days later, it collapsed.", "2016-01-01")
    assert found["Two days later"].value == "2015-03-05"
    assert found["Two days later"].anchor == "discourse"


@pytest.mark.model
def test_quarter_comparisons(timex):
    found = timex("Net income fell in the third quarter, compared with a year earlier.", "2018-10-25")
    assert found["the third quarter"].value == "2018-Q3"
    assert found["a year earlier"].value == "2017-Q3"


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "Kim and Trump held a one-on-one meeting.",
    "May I ask a question?",
    "The protesters will march to the square.",
    "More than 2000 troops were deployed.",
    "She attended the Winter Olympics.",
    "He is seeking a second term.",
    "The fall of the Berlin Wall changed Europe.",
    "He scored a third-period goal.",
    "About three-quarters of the voters agreed.",
    "Nearly a quarter of the voters stayed home.",
    "Most of the recruits were in their 20s.",
    "He is in his forties.",
    "The suspect, 52 years old, was arrested.",
    "He wrote for USA TODAY's opinion pages.",
    "He told ABC's This Week that it was weird.",
    "She joined the March on Washington.",
    "He anchored coverage from Current TV.",
    "As one employee told Palo Alto Weekly, morale was low.",
    "She worked at night.",
])
def test_not_time_expressions(timex, text):
    assert timex(text, "2018-06-12") == {}


@pytest.mark.model
@pytest.mark.parametrize("text", [
    # the rate of a quantity: TimeBank / AQUAINT leave 10 of the 14 such cases untagged
    "The survey reaches 3 million households a year.",
    "The preferred stock would pay a dividend of $1.76 a year.",
    "The cuts should save the company $500 million a year.",
    "The airline will add nearly 700 seats a week on the route.",
    "Employers added jobs at a rate of 358,000 a month.",
    "Analysts expect revenue to grow by 20% annually.",
    "Sales from continuing businesses should rise 8.5 percent annually.",
    "The new plant would produce about 10,000 units annually.",
    "The chip executes 15 million instructions per second.",
    "The mill ships 400 tons per week to Ohio.",
    "Exports earn the island 2 billion pesos yearly.",
])
def test_rates_are_not_time_expressions(timex, text):
    assert timex(text, "1989-11-01") == {}


@pytest.mark.model
@pytest.mark.parametrize("text,expression,value,anchor_value", [
    ("Officials said on Friday that the talks failed.", "Friday", "XXXX-WXX-5", "<="),
    ("The leaders will meet on Sunday.", "Sunday", "XXXX-WXX-7", ">="),
    ("The treaty was signed on March 12.", "March 12", "XXXX-03-12", "<="),
    ("The treaty was signed in March.", "March", "XXXX-03", "<="),
    ("Two years ago, nobody expected a deal.", "Two years ago", "XXXX", "-P2Y"),
    ("Only five months ago the border was closed.", "five months ago", "XXXX-XX", "-P5M"),
    ("Troops arrived yesterday.", "yesterday", "XXXX-XX-XX", "-P1D"),
    ("Prices rose last year.", "last year", "XXXX", "-P1Y"),
    ("Crowds gathered as Easter week began.", "Easter week", "XXXX-WXX", "<="),
])
def test_open_values_without_document_date(timex, text, expression, value, anchor_value):
    found = timex(text, None)
    t = found[expression]
    assert (t.value, t.anchor, t.anchor_value) == (value, "dct", anchor_value)


@pytest.mark.model
def test_absolute_values_need_no_document_date(timex):
    found = timex("The accord was signed in September, 2017 and ratified in 2000.", None)
    assert found["September, 2017"].value == "2017-09" and found["September, 2017"].anchor is None
    assert found["2000"].value == "2000"


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "", "\n\n", "a millennium ago", "two millennia later", "Feb. 29, 2019", "Feb. 29", "the 0th century",
    "on 2019-13-45", "25:00", "Q5", "the fifth quarter", "Dec4,2023", "that day", "weeks later",
])
@pytest.mark.parametrize("dct", ["2018-06-12", "2016-02-29", None])
def test_odd_inputs_give_valid_records(timex, text, dct):
    for t in timex(text, dct).values():
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
        assert t.value and "-0" != t.value[:2]
    assert "Feb. 29, 2019" not in timex("Feb. 29, 2019", dct)  # no such day


@pytest.mark.model
def test_bad_document_date_is_treated_as_missing(timex):
    found = timex("Officials said on Friday that the talks failed.", "not-a-date")
    assert found["Friday"].value == "XXXX-WXX-5"


# ---------------------------------------------------------------- calendar math (no model)
def test_nearest_weekday():
    tuesday = dt.date(2018, 6, 12)
    assert nearest_weekday(tuesday, 2, -1) == tuesday
    assert nearest_weekday(tuesday, 5, -1) == dt.date(2018, 6, 8)
    assert nearest_weekday(tuesday, 5, 1) == dt.date(2018, 6, 15)
    assert nearest_weekday(tuesday, 1, 0) == dt.date(2018, 6, 11)
    assert nearest_weekday(tuesday, 4, 0) == dt.date(2018, 6, 14)


def test_nearest_month_year():
    dct = dt.date(2018, 5, 28)
    assert nearest_month_year(dct, 3, -1) == 2018
    assert nearest_month_year(dct, 7, -1) == 2017
    assert nearest_month_year(dct, 3, 1) == 2019
    assert nearest_month_year(dct, 12, 0) == 2017
    assert nearest_month_year(dct, 6, -1, day=12) == 2017
    assert nearest_month_year(dct, 5, -1, day=28) == 2018


def test_holiday_arithmetic():
    assert easter(2018) == dt.date(2018, 4, 1)
    assert easter(2000) == dt.date(2000, 4, 23)
    assert nth_weekday(2018, 11, 4, 4) == dt.date(2018, 11, 22)  # Thanksgiving
    assert nth_weekday(2018, 5, 1, -1) == dt.date(2018, 5, 28)  # Memorial Day


def test_points_and_shifts():
    assert Point(2018, quarter=3).value == "2018-Q3"
    assert Point(2018, week=2).value == "2018-W02"
    assert shifted_point(Point(1989, quarter=3), -1, "Y").value == "1988-Q3"
    assert shifted_point(Point(2018, 6, 12), -5, "M").value == "2018-01"
    assert point_from_value("2017-06").month == 6
    assert point_from_value("P1Y") is None
    assert point_from_value("2018-02-30") is None


@pytest.mark.parametrize("words,number", [
    ("seven", 7), ("twenty-five", 25), ("a", 1), ("2 1/2", 2.5), ("1,000", 1000), ("several", None),
    ("a couple of", 2), ("one hundred", 100),
])
def test_number_words(words, number):
    assert number_value(words) == number


@pytest.mark.parametrize("n,unit,value", [
    (7, "decade", "P7DE"), (2, "week", "P2W"), (3, "hour", "PT3H"), (None, "year", "PXY"),
    (2.5, "year", "P2Y6M"), (1, "century", "P1CE"), (0.5, "day", "PT12H"), (1.5, "minute", "PT1M30S"),
    (1.5, "day", "P1DT12H"), (1.5, "week", "P1.5W"),
])
def test_duration_values(n, unit, value):
    assert duration_value(n, unit) == value
