"""Time expressions: TimeML / TimeBank conventions and tense cues, each with constructed variants."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def timex(parse):
    """timex(text, dct) -> {expression text: Timex}; one parse per text (the session's parse fixture)."""
    from tidings.time import extract_timexes

    def _timex(text: str, dct: str | None):
        found = extract_timexes(parse(text), dct)
        return {t.text: t for t in found}

    return _timex


def _value(found, expression):
    assert expression in found, f"{expression!r} not in {list(found)}"
    return found[expression].value


@pytest.mark.model
@pytest.mark.parametrize("text,dct,expression,value", [
    # the evening and the afternoon of a named day keep their part of day (TIMEX3 guidelines)
    ("A woman was killed Thursday evening in Brooklyn.", "1998-02-12", "Thursday evening", "1998-02-12TEV"),
    ("The rally ended Monday evening.", "2004-03-10", "Monday evening", "2004-03-08TEV"),
    ("Talks broke down Sunday afternoon.", "2011-05-17", "Sunday afternoon", "2011-05-15TAF"),
    # the night and the morning of a named day are written as the day (TimeBank / AQUAINT majority)
    ("Rebels shelled the city Friday night.", "2000-01-09", "Friday night", "2000-01-07"),
    ("The minister flew home Tuesday morning.", "2013-09-26", "Tuesday morning", "2013-09-24"),
])
def test_weekday_parts_of_day(timex, text, dct, expression, value):
    assert _value(timex(text, dct), expression) == value


@pytest.mark.model
def test_open_weekday_keeps_the_plain_weekday_value(timex):
    """With dct=None the document-date code reads 'XXXX-WXX-4' (no part of day)."""
    found = timex("A woman was killed Thursday evening in Brooklyn.", None)
    assert found["Thursday evening"].value == "XXXX-WXX-4"
    assert found["Thursday evening"].anchor == "dct"


@pytest.mark.model
@pytest.mark.parametrize("text,dct,expression,value", [
    # a day named by what happened on it lies behind (present-tense clause)
    ("The notes carry a 24% premium over Thursday's closing price.", "1989-10-30", "Thursday", "1989-10-26"),
    ("Analysts say Monday's sell-off reflects fears of a recession.", "2008-09-18", "Monday", "2008-09-15"),
    ("The decision follows Tuesday's vote in parliament.", "2016-03-04", "Tuesday", "2016-03-01"),
    # ... unless the clause looks ahead
    ("Thousands will attend Saturday's rally.", "2016-03-04", "Saturday", "2016-03-05"),
])
def test_possessive_weekdays(timex, text, dct, expression, value):
    assert _value(timex(text, dct), expression) == value


@pytest.mark.model
@pytest.mark.parametrize("text,dct,expression,value", [
    # "set" is a plan only when it looks ahead
    ("The index closed near its record high set on Aug. 6.", "1998-02-06", "Aug. 6", "1997-08-06"),
    ("The Dow fell below the peak it set on Nov. 20.", "2007-03-02", "Nov. 20", "2006-11-20"),
    ("The talks are set for Nov. 20.", "2007-10-02", "Nov. 20", "2007-11-20"),
    ("The leaders are set to meet on Friday.", "2018-06-12", "Friday", "2018-06-15"),
    # a plan in the past perfect lies behind
    ("The offer had been due to expire Friday evening.", "1989-10-30", "Friday evening", "1989-10-27TEV"),
    ("The vote had been scheduled to take place on Tuesday.", "2012-07-13", "Tuesday", "2012-07-10"),
    ("The plant was scheduled to reopen on Tuesday.", "2012-07-13", "Tuesday", "2012-07-17"),
    # "effective <date>" names when something takes effect: ahead
    ("The bank created an office of the chairman, effective Feb. 1.", "1989-10-26", "Feb. 1", "1990-02-01"),
    ("The company said the price rise, effective March 15, was needed.", "2015-11-20", "March 15",
     "2016-03-15"),
])
def test_plan_words(timex, text, dct, expression, value):
    assert _value(timex(text, dct), expression) == value


@pytest.mark.model
@pytest.mark.parametrize("text,dct,expression,value", [
    # a deadline just passed keeps its year ...
    ("They said they would repatriate the child by Jan. 14.", "2000-01-15", "Jan. 14", "2000-01-14"),
    ("The rebels will have disarmed by Dec. 20, the envoy said.", "2010-01-04", "Dec. 20", "2009-12-20"),
    # ... one further back is the next one
    ("They said they would finish the bridge by Jan. 14.", "2000-03-15", "Jan. 14", "2001-01-14"),
    ("The union plans to strike on May 2.", "2019-04-20", "May 2", "2019-05-02"),
])
def test_future_dates_just_behind_the_document_date(timex, text, dct, expression, value):
    assert _value(timex(text, dct), expression) == value


@pytest.mark.model
@pytest.mark.parametrize("text,expression,value", [
    ("Net rose in the third quarter. U.K. sales for last year's quarter were $3 million.",
     "last year's quarter", "1988-Q3"),
    ("Net rose in the third quarter, compared with the quarter a year ago.", "the quarter a year ago", "1988-Q3"),
    ("Net rose in the third quarter from the same period last year.", "the same period last year", "1988-Q3"),
    ("Sales fell in the second quarter from the corresponding period a year earlier.",
     "the corresponding period a year earlier", "1988-Q2"),
])
def test_the_reported_quarter_a_year_before(timex, text, expression, value):
    assert _value(timex(text, "1989-11-01"), expression) == value


@pytest.mark.model
@pytest.mark.parametrize("text,expression,value", [
    # a sentence about several quarters compares with the year before, not the quarter
    ("Net rose in the third quarter. For the nine months, net was $5 million, up from $4 million a year earlier.",
     "a year earlier", "1988"),
    ("Sales rose in the second quarter. In the first half, sales fell 3% from a year ago.", "a year ago", "1988"),
    # ... a sentence about the quarter keeps the quarter
    ("Net rose in the third quarter to $5 million from $4 million a year earlier.", "a year earlier", "1988-Q3"),
])
def test_year_ago_after_several_quarters(timex, text, expression, value):
    assert _value(timex(text, "1989-11-01"), expression) == value


@pytest.mark.model
@pytest.mark.parametrize("text,dct,expression,value", [
    ("Protesters planned a large demonstration on Saturday.", "2000-01-07", "Saturday", "2000-01-08"),
    ("The prosecutor has scheduled a news conference Thursday.", "1999-05-05", "Thursday", "1999-05-06"),
    ("Officials postponed until Tuesday morning any action on the case.", "2000-03-30", "Tuesday morning",
     "2000-04-04"),
    ("The court delayed the hearing until Monday.", "2014-06-19", "Monday", "2014-06-23"),
    ("The group would be ready to leave as soon as Wednesday.", "2000-04-03", "Wednesday", "2000-04-05"),
    # a past clause without such a verb keeps the past
    ("The troops stayed in the town until Tuesday.", "2000-03-30", "Tuesday", "2000-03-28"),
])
def test_clauses_that_look_ahead(timex, text, dct, expression, value):
    assert _value(timex(text, dct), expression) == value


@pytest.mark.model
@pytest.mark.parametrize("text,expression,value", [
    ("January nineteen ninety-seven.", "January nineteen ninety-seven", "1997-01"),
    ("It was the coldest day since the winter of nineteen ninety-four.", "the winter of nineteen ninety-four",
     "1994-WI"),
    ("The plant opened in March, nineteen eighty-eight.", "March, nineteen eighty-eight", "1988-03"),
    ("Sales peaked in the summer of two thousand.", "the summer of two thousand", "2000-SU"),
])
def test_spoken_years_after_months_and_seasons(timex, text, expression, value):
    assert _value(timex(text, "1998-02-27"), expression) == value


@pytest.mark.model
@pytest.mark.parametrize("text,not_a_time", [
    ("The poster showed Gary Cooper in the film High Noon.", "Noon"),
    ("For the people of Poland, high noon comes today.", "noon"),
    ("The case is for today's youth what the blockade was for their parents.", "today"),
    ("Equal rights matter in today's world.", "today"),
    ("I would have chosen the people of tomorrow.", "tomorrow"),
])
def test_idioms_are_not_times(timex, text, not_a_time):
    assert not_a_time not in timex(text, "1999-03-12")


@pytest.mark.model
def test_today_as_a_day_is_still_a_time(timex):
    found = timex("The offer was advertised in today's editions of the newspaper.", "1989-11-02")
    assert found["today"].value == "1989-11-02"
    found = timex("The meeting starts at noon on Friday.", "1989-11-02")
    assert any(t.startswith("noon") for t in found)


@pytest.mark.model
@pytest.mark.parametrize("text,dct,expression,value", [
    ("Hate groups multiplied over the past year.", "1998-03-03", "the past year", "1997"),
    ("Wages fell in the last decade.", "1998-02-06", "the last decade", "198"),
    ("He has been in Bethesda for the last week.", "2000-04-14", "the last week", "2000-W14"),
    ("The plant will be closed over the next year.", "1989-11-02", "the next year", "1990"),
    ("Prices rose over the past month.", "2012-05-20", "the past month", "2012-04"),
])
def test_the_past_unit_is_the_unit_before(timex, text, dct, expression, value):
    found = timex(text, dct)
    assert _value(found, expression) == value
    assert found[expression].type == "DATE"


@pytest.mark.model
def test_a_plan_made_on_a_day_is_not_the_day_planned(timex):
    """"On Friday, X planned to ...": Friday is when the plan was made, not the event planned."""
    found = timex("On Friday, the Kenyan government planned to pay the first installment.", "1998-09-30")
    assert found["Friday"].value == "1998-09-25"
    found = timex("The rebels planned an offensive on Friday.", "1998-09-30")
    assert found["Friday"].value == "1998-10-02"


@pytest.mark.model
def test_an_earlier_quarter_in_passing_keeps_the_reported_one(timex):
    text = ("Net rose 20% in the third quarter. After a flat second quarter, sales grew. "
            "Interest expense was lower than a year ago.")
    found = timex(text, "1989-11-01")
    assert found["second quarter"].value == "1989-Q2"
    assert found["a year ago"].value == "1988-Q3"


@pytest.mark.model
def test_the_latest_period(timex):
    found = timex("Sales in the latest period were $1.7 billion.", "1989-11-02")
    assert found["the latest period"].value == "1989-Q3"
    assert "the latest period" not in timex("It is the latest period of unrest in the region.", "1989-11-02")


@pytest.mark.model
@pytest.mark.parametrize("text,dct,expression,type_,value", [
    ("In London at mid-afternoon yesterday, shares were up 2 pence.", "1989-11-02", "mid-afternoon yesterday",
     "TIME", "1989-11-01TAF"),
    ("Shares fell sharply in the afternoon today.", "2003-05-14", "afternoon today", "TIME", "2003-05-14TAF"),
    ("Over the next couple of years sales will double.", "1989-10-26", "the next couple of years", "DURATION",
     "P2Y"),
    ("Holders may buy shares at half the then current market price.", "1989-10-26", "then current", "DATE",
     "PAST_REF"),
    ("Holders may buy shares at half the then-current price.", "1989-10-26", "then-current", "DATE", "PAST_REF"),
    ("We don't minimize the challenges of the near term.", "1989-10-30", "the near term", "DATE", "FUTURE_REF"),
    ("The plan may placate holders in the short term.", "1989-10-30", "the short term", "DATE", "FUTURE_REF"),
    ("The bank will raise the money at a later date.", "1989-10-30", "a later date", "DATE", "FUTURE_REF"),
])
def test_more_phrasings(timex, text, dct, expression, type_, value):
    found = timex(text, dct)
    assert expression in found, f"{expression!r} not in {list(found)}"
    assert (found[expression].type, found[expression].value) == (type_, value)


@pytest.mark.model
@pytest.mark.parametrize("text,dct,expression,value", [
    ("The hearing is set for the week of March 6.", "2000-02-24", "the week of March 6", "2000-W10"),
    ("Shipments resumed the week of Nov. 14, 1988.", "1989-10-30", "the week of Nov. 14, 1988", "1988-W46"),
    ("Talks are planned for the week of Jan. 2.", "2017-12-20", "the week of Jan. 2", "2018-W01"),
])
def test_the_week_of_a_day(timex, text, dct, expression, value):
    assert _value(timex(text, dct), expression) == value


@pytest.mark.model
def test_that_quarter_is_the_quarter_last_mentioned(timex):
    text = ("Profit rose in the third quarter. In the year-ago quarter, the company lost $5 million. "
            "Results for that quarter included a write-down.")
    found = timex(text, "1989-11-01")
    assert found["the year-ago quarter"].value == "1988-Q3"
    assert found["that quarter"].value == "1988-Q3"
