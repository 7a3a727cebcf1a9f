"""Across articles: date ranges, near-duplicates, merged events, stories, timelines, corpus dates.

Most tests build small Analyses by hand (the link functions read only the records), so they
check the linking rules without the model; the ``model`` tests run the pipeline on the seeds
and on constructed variants.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.errors import ConfigError
from tidings.link import (
    compatible,
    date_evidence_from_corpus,
    find_duplicates,
    group_stories,
    merge_events,
    parse_value,
    series,
    sort_key,
    timeline,
)
from tidings.link.dates import event_date
from tidings.model import Actor, Analysis, DocDate, Event, EventActor, Place, Span, Timex

REPO = Path(__file__).resolve().parents[1]

# ---- builders --------------------------------------------------------------------------------

PLACES = {
    "Singapore": ("SGP", "country", 1880251),
    "Istanbul": ("TUR", "city", 745044),
    "Geneva": ("CHE", "city", 2660646),
    "Ankara": ("TUR", "city", 323786),
    "Ottawa": ("CAN", "city", 6094817),
}


def _span(text: str, word: str, start: int = 0) -> Span:
    i = text.index(word, start)
    return Span(i, i + len(word), word)


def article(id: str, text: str, events: list[dict], *, stated: str | None = None, used: str | None = None,
            contradicted: bool = False, source: str | None = None, actors: list[tuple] = (),
            timexes: list[tuple] = (), places: list[str] = ()) -> Analysis:
    """An Analysis of ``text`` with hand-made events: each dict names its trigger word etc."""
    used = used or stated
    dct = DocDate(stated=stated, used=used, contradicted=contradicted,
                  source=source or ("stated" if stated else ("inferred" if used else "none")))
    a = Analysis(id=id, title=None, outlet=None, byline=None, dct=dct, text=text)
    for word, code, country in actors:
        s = _span(text, word)
        a.actors.append(Actor(s.start, s.end, word, word, code, country, code[3:] or None, "test"))
    for word, value, anchor, anchor_value in timexes:
        s = _span(text, word)
        a.timexes.append(Timex(s.start, s.end, word, "DATE", value, anchor=anchor, anchor_value=anchor_value))
    for name in places:
        s = _span(text, name)
        country, feature, gid = PLACES[name]
        a.places.append(Place(s.start, s.end, name, name, country, None, None, feature, gid))
    for spec in events:
        trig = _span(text, spec["trigger"])
        sent_start = text.rfind(". ", 0, trig.start)
        sent_start = 0 if sent_start < 0 else sent_start + 2
        sent_end = text.find(".", trig.end) + 1 or len(text)
        place = None
        if spec.get("place"):
            ps = _span(text, spec["place"])
            country, feature, gid = PLACES[spec["place"]]
            place = Place(ps.start, ps.end, spec["place"], spec["place"], country, None, None, feature, gid)

        def ea(codes):
            return [EventActor(0, 0, c, c, c, c[:3] if c[:3].isalpha() and c[:3] != "---" else None)
                    for c in codes]
        a.events.append(Event(
            type=spec.get("type", "CONSULT"), mode=None, cameo=spec.get("cameo", "04"),
            quad=spec.get("quad", 1), goldstein=spec.get("goldstein", 1.0),
            actors=ea(spec.get("actors", [])), recipients=ea(spec.get("recipients", [])),
            date=spec.get("date"), date_source=spec.get("date_source", "clause"), place=place,
            modality=spec.get("modality", "asserted"),
            sentence=Span(sent_start, sent_end, text[sent_start:sent_end]), trigger=trig,
        ))
    return a


# ---- dates -----------------------------------------------------------------------------------

def test_partial_dates_denote_ranges_and_fit_each_other():
    assert compatible(parse_value("2018-06-12"), parse_value("2018-06"))
    assert compatible(parse_value("2018-06-12"), parse_value("2018"))
    assert compatible(parse_value("2018-06-14"), parse_value("2018-W24"))
    assert compatible(parse_value("2018-07-01"), parse_value("2018-SU"))
    assert not compatible(parse_value("2018-06-12"), parse_value("2018-07"))
    assert not compatible(parse_value("2018-06-12"), parse_value("2019"))
    assert not compatible(parse_value("2018-06-12"), parse_value("2018-06-13"))
    # a year-less month-day fits any range containing it
    assert compatible(parse_value("XXXX-06-12"), parse_value("2018-06-12"))
    assert compatible(parse_value("XXXX-03-29"), parse_value("2022"))
    assert not compatible(parse_value("XXXX-03-29"), parse_value("2022-04"))
    assert not compatible(parse_value("XXXX-02-30"), parse_value("2022"))
    for value in ("PRESENT_REF", "P1Y", "", None, "2018-13", "yesterday"):
        assert parse_value(value) is None
    assert not compatible(parse_value("PRESENT_REF"), parse_value("2018"))


def test_sort_key_orders_partial_dates():
    values = ["2018-06-13", None, "XXXX-01-05", "2018", "2017-12-31", "2018-06-12", "2018-06"]
    assert sorted(values, key=sort_key) == [
        "2017-12-31", "2018", "2018-06", "2018-06-12", "2018-06-13", "XXXX-01-05", None]


def test_event_date_drops_what_depends_on_an_untrusted_document_date():
    text = "Officials will meet on March 29 in Istanbul. Talks ended five months ago. They met in 2019."
    a = article("x", text, [
        {"trigger": "meet", "date": "2031-03-29", "modality": "planned"},
        {"trigger": "Talks", "date": "2030-08"},
        {"trigger": "met", "date": "2019"},
        {"trigger": "ended", "date": "2031-01-10", "date_source": "document"},
    ], stated="2031-01-10", contradicted=True,
        timexes=[("March 29", "2031-03-29", "dct", ">="), ("five months ago", "2030-08", "dct", "-P5M"),
                 ("2019", "2019", None, None)])
    assert [event_date(a, e) for e in a.events] == ["XXXX-03-29", None, "2019", None]
    a.dct.contradicted = False  # the same article with a consistent date keeps every value
    assert [event_date(a, e) for e in a.events] == ["2031-03-29", "2030-08", "2019", "2031-01-10"]


# ---- near-duplicates -------------------------------------------------------------------------

BODY = ("Foreign ministers from Brazil and Argentina met in Geneva on Tuesday to discuss a trade "
        "agreement that has been stalled for three years. The talks lasted six hours and ended with "
        "a joint statement promising a new round of negotiations before the end of the year, "
        "officials from both delegations said after the meeting. Farmers' groups in both countries "
        "had protested outside the venue, demanding protection for beef and soy exports. ")


def test_near_duplicates_found_and_reposts_lend_their_date():
    original = article("orig", BODY * 2, [], stated="2021-05-04")
    edited = article("copy", "Share this story. " + BODY * 2 + "Read more on our site.", [],
                     stated="2024-11-30", contradicted=True)
    other = article("other", BODY.replace("Brazil", "Chile").replace("Geneva", "Lima").replace(
        "trade", "fisheries").replace("beef and soy", "salmon").replace("six", "four"), [], stated="2021-05-04")
    unrelated = article("unrel", "The central bank kept interest rates unchanged on Thursday, citing "
                        "steady inflation and a cooling housing market in the largest cities.", [])
    pairs = find_duplicates([original, edited, other, unrelated], threshold=0.8)
    assert [(p.a, p.b) for p in pairs] == [("copy", "orig")]  # ids in order, whatever the input order
    assert [(p.a, p.b) for p in find_duplicates([unrelated, other, edited, original])] == [("copy", "orig")]
    pair = pairs[0]
    assert 0.8 <= pair.similarity < 1.0
    assert pair.repost and pair.original == "orig" and pair.copy == "copy"
    assert pair.evidence[0].kind == "repost" and pair.evidence[0].windows == [["2021-05-04", "2021-05-04"]]
    # the same copy with the same stated date is a duplicate, not a repost
    same = article("same", "Share this story. " + BODY * 2, [], stated="2021-05-04")
    (p,) = find_duplicates([original, same])
    assert not p.repost and p.evidence == []
    # a lower threshold also pairs the rewritten story
    assert ("orig", "other") in {(p.a, p.b) for p in find_duplicates([original, other], threshold=0.2)} or \
        ("other", "orig") in {(p.a, p.b) for p in find_duplicates([original, other], threshold=0.2)}


def test_repost_original_is_the_consistent_copy_not_just_the_earlier():
    early_wrong = article("a", BODY * 2, [], stated="2001-01-01", contradicted=True)
    later_right = article("b", BODY * 2 + "Updated.", [], stated="2021-05-04")
    (pair,) = find_duplicates([early_wrong, later_right])
    assert pair.original == "b" and pair.copy == "a"
    evidence = date_evidence_from_corpus([early_wrong, later_right])
    assert evidence["a"][0].windows == [["2021-05-04", "2021-05-04"]]
    assert "b" not in evidence


def test_duplicate_threshold_is_checked():
    with pytest.raises(ConfigError):
        find_duplicates([], threshold=0)
    assert find_duplicates([]) == []


# ---- merged events ---------------------------------------------------------------------------

def _talks(id, date, *, trigger="talks", type="CONSULT", place="Istanbul", actors=("RUSGOV", "UKRGOV"),
           modality="asserted", stated="2022-03-30", **kw):
    text = f"Russian and Ukrainian delegations held {trigger} in {place} on the day. More later."
    return article(id, text, [{"trigger": trigger, "type": type, "date": date, "place": place,
                               "actors": list(actors), "modality": modality}], stated=stated, **kw)


def test_mentions_of_one_event_merge_across_articles():
    arts = [_talks("a", "2022-03-29"), _talks("b", "2022-03", trigger="negotiations"),
            _talks("c", "2022", actors=("UKRGOV",))]
    arts[0].outlet, arts[1].outlet = "Reuters", "TASS"
    (merged,) = merge_events(arts)
    assert merged.articles == ["a", "b", "c"] and merged.outlets == ["Reuters", "TASS"]
    assert merged.date == "2022-03-29"  # the most specific value all mentions allow
    assert merged.countries == ["RUS", "UKR"]
    assert merged.place == "Istanbul"
    assert {(m.article_id, m.trigger.text) for m in merged.mentions} == {
        ("a", "talks"), ("b", "negotiations"), ("c", "talks")}


@pytest.mark.parametrize("change", [
    {"date": "2022-04-02"},            # another day
    {"type": "ASSAULT", "cameo": "19"},  # another type
    {"place": "Geneva"},               # another place
    {"actors": ("FRAGOV", "DEUGOV")},  # other countries
    {"modality": "negated"},           # "no talks were held"
])
def test_incompatible_mentions_stay_apart(change):
    cameo = change.pop("cameo", None)
    other = _talks("b", **{"date": "2022-03-29", **change})
    if cameo:
        other.events[0].cameo = cameo
    merged = merge_events([_talks("a", "2022-03-29"), other])
    assert len(merged) == 2


def test_place_inside_a_country_and_missing_place_are_compatible():
    city = _talks("a", "2022-03-29")
    text = "Russian and Ukrainian delegations held talks in Turkey. More later."
    country = article("b", text, [{"trigger": "talks", "date": "2022-03-29", "actors": ["RUSGOV"]}],
                      stated="2022-03-30")
    country.events[0].place = Place(48, 54, "Turkey", "Turkey", "TUR", None, None, "country", 298795)
    none = _talks("c", "2022-03-29")
    none.events[0].place = None
    (merged,) = merge_events([city, country, none])
    assert merged.articles == ["a", "b", "c"]


def test_a_year_only_mention_does_not_chain_two_days():
    arts = [_talks("a", "2022-03-29"), _talks("b", "2022-05-17"), _talks("c", "2022")]
    merged = merge_events(arts)
    assert len(merged) == 2
    assert sorted(len(m.mentions) for m in merged) == [1, 2]
    assert [m.date for m in merged] == ["2022-03-29", "2022-05-17"]


def test_sentence_actors_stand_in_for_an_event_without_actors():
    text = "Officials of Egypt and Israel prepared the summit set for May 3 in Geneva. Nothing else."
    undated = article("u", text, [{"trigger": "summit", "date": "XXXX-05-03", "modality": "planned",
                                   "place": "Geneva"}],
                      actors=[("Egypt", "EGY", "EGY"), ("Israel", "ISR", "ISR")], places=["Geneva"])
    text2 = "Egypt and Israel held a summit in Geneva on May 3. Nothing else."
    dated = article("d", text2, [{"trigger": "summit", "date": "2023-05-03", "actors": ["EGYGOV", "ISRGOV"],
                                  "place": "Geneva"}], stated="2023-05-03")
    (merged,) = merge_events([undated, dated])
    assert merged.articles == ["d", "u"]
    # without any actor country nothing can be matched safely
    undated.actors = []
    assert len(merge_events([undated, dated])) == 1
    assert len(merge_events([undated, dated], include_undated=True)) == 2


def test_document_dated_mentions_need_more_agreement():
    text = "Mexico and Canada signed the accord in Ottawa. More later."
    report = article("r", text, [{"trigger": "signed", "type": "AGREE", "date": "2020-07-03",
                                  "date_source": "document", "actors": ["MEXGOV", "CANGOV"], "place": "Ottawa"}],
                     stated="2020-07-03")
    exact = article("e", text, [{"trigger": "signed", "type": "AGREE", "date": "2020-07-01",
                                 "actors": ["CANGOV"], "place": "Ottawa"}], stated="2020-07-01")
    months_ago = article("m", text, [{"trigger": "signed", "type": "AGREE", "date": "2020-05-01",
                                      "actors": ["CANGOV"], "place": "Ottawa"}], stated="2020-07-01")
    merged = merge_events([report, exact, months_ago])
    # the article's date says "within the week before": 2020-07-01 fits, 2020-05-01 doesn't
    assert sorted(m.articles for m in merged) == [["e", "r"], ["m"]]
    # without the shared place, a document date plus a shared verb and code is too little
    for a in (report, exact):
        a.events[0].place = None
    assert sorted(m.articles for m in merge_events([report, exact])) == [["e"], ["r"]]


def test_same_country_type_and_day_alone_do_not_merge():
    """US politics: two different 'calls' by US actors on one day are not one event."""
    one = article("x", "Senator Ayotte called on donors to return the money. Later.",
                  [{"trigger": "called", "type": "REQUEST", "date": "2015-11-19", "actors": ["USALEG"]}],
                  stated="2015-11-19")
    two = article("y", "The governor urged Congress to pause refugee admissions. Later.",
                  [{"trigger": "urged", "type": "REQUEST", "date": "2015-11-19", "actors": ["USAGOV"]}],
                  stated="2015-11-19")
    assert len(merge_events([one, two])) == 2  # same day and country: 2 points
    two.events[0].actors[0].code = "USALEG"
    two.events[0].trigger = Span(one.text.index("called"), one.text.index("called") + 6, "called")
    assert len(merge_events([one, two])) == 1  # same day (2), legislature code (1), same verb (1)
    # ... but not when both name their actors and the names differ
    one.events[0].actors[0].name, two.events[0].actors[0].name = "Kelly Ayotte", "Pat Toomey"
    assert len(merge_events([one, two])) == 2
    two.events[0].actors[0].name = "Kelly Ayotte"
    assert len(merge_events([one, two])) == 1


# ---- corpus date evidence --------------------------------------------------------------------

def _summit_corpus():
    planned_text = ("Ministers of Peru and Bolivia are preparing the summit scheduled to be held on "
                    "September 8 in Geneva. Experts expect little.")
    planned = article("repost", planned_text, [{"trigger": "summit", "date": "2031-09-08",
                                                "modality": "planned", "place": "Geneva"}],
                      stated="2031-02-01", contradicted=True,
                      actors=[("Peru", "PER", "PER"), ("Bolivia", "BOL", "BOL")], places=["Geneva"],
                      timexes=[("September 8", "2031-09-08", "dct", ">=")])
    held_text = "The Peru-Bolivia summit on September 8 in Geneva ended with a water treaty. More."
    held = article("dated", held_text, [{"trigger": "summit", "date": "2019-09-08", "actors": ["PER", "BOL"],
                                         "place": "Geneva"}], stated="2019-09-09")
    return planned, held


def test_undated_article_gets_a_window_from_the_dated_reports_of_its_event():
    planned, held = _summit_corpus()
    evidence = date_evidence_from_corpus([planned, held])
    assert list(evidence) == ["repost"]
    (ev,) = evidence["repost"]
    assert ev.kind == "corpus"
    assert ev.windows == [["2018-09-08", "2019-09-08"]]  # planned: written within a year before
    assert planned.text[ev.span.start:ev.span.end] == ev.span.text and "summit" in ev.span.text
    assert "dated" in ev.detail


def test_an_asserted_mention_puts_the_document_after_the_event():
    planned, held = _summit_corpus()
    planned.events[0].modality = "asserted"
    (ev,) = date_evidence_from_corpus([planned, held])["repost"]
    assert ev.windows == [["2019-09-08", "2020-09-07"]]
    # no stated date at all: the article is just as much in need
    planned.dct = DocDate()
    planned.events[0].date = None
    planned.events[0].date_source = "none"
    assert date_evidence_from_corpus([planned, held]) == {}  # no date left to match on


def test_no_evidence_from_articles_whose_date_is_contradicted():
    planned, held = _summit_corpus()
    held.dct.contradicted = True
    assert date_evidence_from_corpus([planned, held]) == {}


# ---- stories, timelines, series ----------------------------------------------------------------

def test_stories_group_articles_of_one_event_and_leave_others_alone():
    a, b = _talks("a", "2022-03-29"), _talks("b", "2022-03-29", trigger="negotiations")
    c = article("c", "A storm flooded coastal towns in Bangladesh. Rescue teams arrived.", [],
                stated="2022-03-30")
    stories = group_stories([a, b, c])
    assert [s.articles for s in stories] == [["a", "b"], ["c"]]
    assert stories[0].links.get("event") == 1 and stories[0].events


def test_timeline_orders_and_filters_by_actor_and_story():
    arts = [_talks("a", "2022-03-29"), _talks("b", "2022-02-24", type="ASSAULT", place="Ankara"),
            _talks("c", "2022", type="AGREE", actors=("RUSGOV", "TURGOV")),
            _talks("d", "2021-11", type="THREATEN", actors=("USAGOV", "RUSGOV"))]
    merged = merge_events(arts)
    assert [e.date for e in timeline(merged)] == ["2021-11", "2022", "2022-02-24", "2022-03-29"]
    assert [e.type for e in timeline(merged, actor="UKR")] == ["ASSAULT", "CONSULT"]
    assert [e.type for e in timeline(merged, actor="RUS", other="USA")] == ["THREATEN"]
    assert [e.type for e in timeline(merged, story=["c", "a"])] == ["AGREE", "CONSULT"]


def test_series_counts_quad_classes_and_mean_goldstein_per_period():
    arts = [_talks("a", "2022-03-29"),
            _talks("b", "2022-03-02", type="ASSAULT"), _talks("c", "2022-04-10", type="AID"),
            _talks("d", "2022", type="AGREE")]
    arts[1].events[0].quad, arts[1].events[0].goldstein = 4, -10.0
    arts[2].events[0].quad, arts[2].events[0].goldstein = 2, 7.0
    arts[0].events[0].goldstein = 1.0
    rows = series(merge_events(arts), "RUS", "UKR", freq="month")
    assert rows == [
        {"period": "2022-03", "events": 2, "quad1": 1, "quad2": 0, "quad3": 0, "quad4": 1, "goldstein": -4.5},
        {"period": "2022-04", "events": 1, "quad1": 0, "quad2": 1, "quad3": 0, "quad4": 0, "goldstein": 7.0},
        {"period": "unplaced", "events": 1, "quad1": 1, "quad2": 0, "quad3": 0, "quad4": 0, "goldstein": 1.0},
    ]
    assert [r["period"] for r in series(merge_events(arts), "RUS", "UKR", freq="year")] == ["2022"]
    assert series(merge_events(arts), "RUS", "CHN") == []
    with pytest.raises(ConfigError):
        series([], "RUS", "UKR", freq="fortnight")


# ---- on the seeds and real text (model) --------------------------------------------------------

@pytest.fixture(scope="module")
def seeds():
    from tidings import extract
    paths = sorted((REPO / "examples").glob("*.txt"))
    return [extract(p.read_text(encoding="utf-8"), id=p.stem) for p in paths]


@pytest.mark.model
def test_seed_repost_gets_corpus_evidence_pointing_to_2018(seeds):
    repost, dated = seeds
    assert repost.id.startswith("000") and repost.dct.contradicted
    evidence = date_evidence_from_corpus(seeds)
    corpus = [e for e in evidence.get(repost.id, []) if e.kind == "corpus"]
    assert corpus, "the 000 seed should be dated by the 004 seed's summit"
    assert any(lo and hi and lo <= "2018-06-12" <= hi and hi.startswith("2018") for e in corpus
               for lo, hi in e.windows)
    assert all("2023" not in (hi or "") for e in corpus for _lo, hi in e.windows)
    merged = merge_events(seeds)
    summit = [m for m in merged if set(m.articles) == {repost.id, dated.id}]
    assert summit and summit[0].type == "CONSULT" and summit[0].date == "2018-06-12"
    assert summit[0].place == "Singapore"
    stories = group_stories(seeds)
    assert len(stories) == 1 and stories[0].articles == sorted(a.id for a in seeds)


@pytest.mark.model
def test_constructed_variant_dates_an_undated_report():
    """Other names, places and dates: the rule is not fitted to the seeds."""
    from tidings import extract
    dated = extract("Indian Prime Minister Narendra Modi met Chinese President Xi Jinping in Wuhan on "
                    "April 27. The two leaders discussed border tensions.", dct="2018-04-28", raw=True)
    undated = extract("Indian and Chinese officials are preparing for the meeting between Narendra Modi "
                      "and Xi Jinping scheduled to be held on April 27 in Wuhan. Analysts expect warm words.",
                      dct="2025-01-15", raw=True)
    undated.dct.stated, undated.dct.contradicted = "2025-01-15", True  # as the date stage flags a repost
    evidence = date_evidence_from_corpus([undated, dated])
    windows = [w for e in evidence.get(undated.id, []) for w in e.windows]
    assert windows and all(lo <= "2018-04-27" <= hi for lo, hi in windows), windows


def test_a_background_event_recalled_in_passing_does_not_join_stories():
    talks_a, talks_b = _talks("a", "2022-03-29"), _talks("b", "2022-03-29", trigger="negotiations")
    text = ("Turkish and Syrian troops clashed near the border. The clashes went on. "
            "Russian and Ukrainian delegations held talks in Istanbul last month.")
    other = article("c", text, [
        {"trigger": "clashed", "type": "ASSAULT", "date": "2022-04-20", "actors": ["TURMIL", "SYRMIL"]},
        {"trigger": "clashes", "type": "ASSAULT", "date": "2022-04-20", "actors": ["TURMIL", "SYRMIL"]},
        {"trigger": "talks", "date": "2022-03-29", "actors": ["RUSGOV", "UKRGOV"], "place": "Istanbul"},
    ], stated="2022-04-20", places=["Istanbul"])
    merged = merge_events([talks_a, talks_b, other])
    assert any(set(m.articles) == {"a", "b", "c"} for m in merged)  # the talks do merge
    assert [s.articles for s in group_stories([talks_a, talks_b, other], merged)] == [["a", "b"], ["c"]]


def test_link_command_reads_jsonl_and_reports_bad_lines(tmp_path):
    import json

    from click.testing import CliRunner

    from tidings.cli import main

    planned, held = _summit_corpus()
    path = tmp_path / "analyses.jsonl"
    path.write_text("\n".join(json.dumps(a.as_dict()) for a in (planned, held)) + "\n"
                    + json.dumps({"id": None, "error": "unreadable"}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["link", "dates", str(path)])
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.splitlines()
    assert json.loads(line)["id"] == "repost"
    assert result.stderr.startswith("skipped 1 line of") and "line 3: a document that failed" in result.stderr
    result = CliRunner().invoke(main, ["link", "events", str(path)])
    assert len(result.stdout.splitlines()) == 1
    path.write_text("{not json\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["link", "events", str(path)])
    assert result.exit_code == 2 and "[T100]" in result.output


def test_link_subcommands_count_the_lines_they_skip(tmp_path):
    import json

    from click.testing import CliRunner

    from tidings.cli import main

    planned, held = _summit_corpus()
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join([json.dumps(planned.as_dict()), "[]", "", "42", json.dumps(held.as_dict()),
                               json.dumps({"error": "[T102] empty", "source": "x.txt"}), '"text"']) + "\n",
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["link", "dates", str(path)])
    assert result.exit_code == 0 and [json.loads(x)["id"] for x in result.stdout.splitlines()] == ["repost"]
    (report,) = result.stderr.splitlines()
    assert report.startswith(f"skipped 4 lines of {path}") and report.endswith("read 2 analyses")
    assert "line 2: a JSON list" in report and "line 4: a JSON int" in report and "line 7: a JSON str" in report
    assert "line 6: a document that failed" in report
    clean = tmp_path / "clean.jsonl"
    clean.write_text(json.dumps(planned.as_dict()) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["link", "events", str(clean)])
    assert result.exit_code == 0 and result.stderr == ""


@pytest.mark.parametrize(("a", "b"), [("", "PRK"), ("USA", "  ")])
def test_link_series_refuses_blank_actors(tmp_path, a, b):
    from click.testing import CliRunner

    from tidings.cli import main

    path = tmp_path / "a.jsonl"
    path.write_text("", encoding="utf-8")
    result = CliRunner().invoke(main, ["link", "series", str(path), a, b])
    assert result.exit_code == 2 and "[T300] link series: actor" in result.stderr and result.stdout == ""


def test_empty_corpus_gives_empty_results():
    assert find_duplicates([]) == [] and merge_events([]) == [] and group_stories([]) == []
    assert date_evidence_from_corpus([]) == {} and timeline([]) == [] and series([], "USA", "PRK") == []
