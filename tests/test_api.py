"""The REST API and web app on a hand-built store (no spaCy): endpoints, filters, errors, assets."""

from __future__ import annotations

import asyncio
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the api extra is not installed")
httpx = pytest.importorskip("httpx", reason="httpx (dev extra) is not installed")

from click.testing import CliRunner  # noqa: E402

from tidings.api import create_app, data  # noqa: E402
from tidings.cli import main  # noqa: E402
from tidings.errors import StoreError  # noqa: E402
from tidings.model import (  # noqa: E402
    Actor,
    Analysis,
    Article,
    DocDate,
    Event,
    EventActor,
    Quote,
    Sentence,
    Span,
    Timex,
)
from tidings.store import connect  # noqa: E402
from tidings.store import search as store_search  # noqa: E402
from tidings.store.write import Batch, finish_run, start_run, write_batch  # noqa: E402

STATIC = Path(data.__file__).resolve().parents[1] / "web" / "static"


# --- a hand-built store -------------------------------------------------------------------------

class Doc:
    """Builds one Analysis over ``text``: spans are found by their words, so offsets are right."""

    def __init__(self, id: str, text: str, title: str, date: str, outlet: str = "Wire"):
        self.text = text
        self.article = Article(id=id, text=text, raw=text, source=f"{id}.txt", title=title,
                               outlet=outlet, stated_date=date)
        self.analysis = Analysis(
            id=id, title=title, outlet=outlet, byline=None, text=text,
            dct=DocDate(stated=date, used=date, source="stated"),
        )
        start = 0
        for piece in re.split(r"(?<=[.”])\s+", text):  # sentences: what follows a period
            start = text.index(piece, start)
            self.analysis.sentences.append(Sentence(start, start + len(piece), piece))
            start += len(piece)

    def span(self, words: str, nth: int = 0) -> Span:
        start = -1
        for _ in range(nth + 1):
            start = self.text.index(words, start + 1)
        return Span(start, start + len(words), words)

    def sentence_of(self, span: Span) -> Span:
        for s in self.analysis.sentences:
            if s.start <= span.start < s.end:
                return Span(s.start, s.end, s.text)
        raise AssertionError(span)

    def actor(self, words: str, name: str, code: str | None, nth: int = 0) -> EventActor:
        s = self.span(words, nth)
        country = code[:3] if code and not code.startswith("IGO") else None
        self.analysis.actors.append(Actor(s.start, s.end, s.text, name, code, country,
                                          code[3:] or None if code else None, "dictionary"))
        return EventActor(s.start, s.end, s.text, name=name, code=code, country=country)

    def event(self, trigger: str, type: str, quad: int, goldstein: float, actors, recipients=(),
              date: str | None = None, modality: str = "asserted") -> None:
        t = self.span(trigger)
        self.analysis.events.append(Event(
            type=type, mode=None, cameo=None, quad=quad, goldstein=goldstein, actors=list(actors),
            recipients=list(recipients), date=date, date_source="clause" if date else "none", place=None,
            modality=modality, sentence=self.sentence_of(t), trigger=t,
        ))

    def quote(self, words: str, speaker: str, name: str, code: str | None, direct: bool = True) -> None:
        q, sp = self.span(words), self.span(speaker)
        self.analysis.quotes.append(Quote(q.start, q.end, q.text, direct, cue=self.span("said"),
                                          speaker=sp, speaker_name=name, speaker_code=code))

    def timex(self, words: str, value: str) -> None:
        s = self.span(words)
        self.analysis.timexes.append(Timex(s.start, s.end, s.text, "DATE", value))


# two ids share a prefix on purpose (ambiguous prefix "a1b2")
SUMMIT_ID, INVITE_ID, IRAN_ID = "a1b2c3d4e5f60001", "a1b2c3d4e5f60002", "f00d000011112222"


def summit() -> Doc:
    d = Doc(SUMMIT_ID, "US President Donald Trump and North Korean leader Kim Jong-un met in Singapore on "
            "June 12, 2018. Kim said: “We will work for complete denuclearization.” "
            "Pyongyang had tested a missile in June 2017.", "Summit in Singapore", "2018-06-12")
    trump, kim = d.actor("Donald Trump", "Donald Trump", "USAGOV"), d.actor("Kim Jong-un", "Kim Jong-un", "PRKGOV")
    pyongyang = d.actor("Pyongyang", "North Korea", "PRK")
    d.event("met", "CONSULT", 1, 1.0, [trump, kim], date="2018-06-12")  # reciprocal: both are actors
    d.event("tested", "ASSAULT", 4, -9.0, [pyongyang], date="2017-06")
    d.quote("We will work for complete denuclearization.", "Kim", "Kim Jong-un", "PRKGOV")
    d.timex("June 12, 2018", "2018-06-12")
    d.timex("June 2017", "2017-06")
    return d


def invite() -> Doc:
    d = Doc(INVITE_ID, "Donald Trump accepted an invitation from Kim Jong-un on Friday. "
            "The United States imposed new sanctions on North Korea in February. "
            "Trump will not meet Kim without concessions, officials said. "
            "Seoul has long urged Washington to talk to Pyongyang.", "Trump accepts", "2018-03-09")
    trump, kim = d.actor("Donald Trump", "Donald Trump", "USAGOV"), d.actor("Kim Jong-un", "Kim Jong-un", "PRKGOV")
    usa, prk = d.actor("United States", "United States", "USA"), d.actor("North Korea", "North Korea", "PRK")
    trump2, kim2 = d.actor("Trump", "Donald Trump", "USAGOV", nth=1), d.actor("Kim", "Kim Jong-un", "PRKGOV", nth=1)
    seoul, washington = d.actor("Seoul", "South Korea", "KORGOV"), d.actor("Washington", "United States", "USAGOV")
    pyongyang = d.actor("Pyongyang", "North Korea", "PRKGOV")
    d.event("accepted", "AGREE", 1, 3.0, [trump], [kim], date="2018-03-09")
    d.event("imposed", "SANCTION", 4, -5.0, [usa], [prk], date="2018-02")
    d.event("meet", "CONSULT", 1, 1.0, [trump2], [kim2], date="2018-03", modality="negated")
    d.event("urged", "REQUEST", 3, -2.0, [seoul], [washington])  # undated
    d.event("talk", "CONSULT", 1, 1.0, [washington], [pyongyang], date="2018", modality="hypothetical")
    d.quote("Trump will not meet Kim without concessions", "officials", "officials", None, direct=False)
    return d


def iran() -> Doc:
    d = Doc(IRAN_ID, "Officials in Geneva said talks between Iran and the European Union would resume next week. "
            "Tehran rejected the proposal on Monday.", "Talks to resume", "2019-03-04", outlet="Agency")
    iran_, eu = d.actor("Iran", "Iran", "IRN"), d.actor("European Union", "European Union", "IGOEEC")
    tehran = d.actor("Tehran", "Iran", "IRNGOV")
    d.event("resume", "CONSULT", 1, 1.0, [iran_], [eu], date="2019-W11", modality="planned")
    d.event("rejected", "REJECT", 3, -4.0, [tehran], date="2019-03-04")
    d.quote("talks between Iran and the European Union would resume next week", "Officials", "officials",
            None, direct=False)
    return d


DOCS = [summit(), invite(), iran()]


def build_store(path: Path) -> Path:
    con = connect(path, create=True)
    run_id = start_run(con, ["hand-built"])
    write_batch(con, Batch(stored=[(d.article, d.analysis) for d in DOCS]), run_id)
    store_search.rebuild_index(con)
    finish_run(con, run_id)
    con.close()
    return path


class Client:
    """httpx over ASGI, in-process, with a synchronous face for tests."""

    def __init__(self, app):
        self.app = app

    def request(self, method: str, url: str, **kwargs) -> httpx.Response:
        async def go():
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as client:
                return await client.request(method, url, **kwargs)

        return asyncio.run(go())

    def get(self, url: str, **params) -> httpx.Response:
        return self.request("GET", url, params=params)

    def json(self, url: str, **params) -> dict:
        response = self.get(url, **params)
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("api") / "hand.duckdb")


@pytest.fixture(scope="module")
def client(store) -> Client:
    return Client(create_app(str(store)))


# --- health, articles ---------------------------------------------------------------------------

def test_health_counts_what_the_store_holds(client, store):
    health = client.json("/api/health")
    assert health["status"] == "ok" and health["db"] == str(store)
    assert health["articles"] == 3
    assert health["events"] == sum(len(d.analysis.events) for d in DOCS) == 9
    assert health["quotes"] == 3


def test_articles_newest_first_with_record_counts(client):
    result = client.json("/api/articles")
    assert [a["id"] for a in result["articles"]] == [IRAN_ID, SUMMIT_ID, INVITE_ID]
    assert result["stored"] == 3
    by_id = {a["id"]: a for a in result["articles"]}
    assert by_id[INVITE_ID]["events"] == 5 and by_id[INVITE_ID]["quotes"] == 1
    assert by_id[SUMMIT_ID]["date"] == "2018-06-12" and by_id[SUMMIT_ID]["title"] == "Summit in Singapore"
    assert client.json("/api/articles", limit=1)["count"] == 1


@pytest.mark.parametrize("words, expected", [
    ("Tehran", {IRAN_ID}),
    ("sanctions", {INVITE_ID}),
    ("Kim Singapore", {SUMMIT_ID}),  # every word must appear
    ("Kim", {SUMMIT_ID, INVITE_ID}),
    ("Moscow", set()),
])
def test_article_search_needs_every_word(client, words, expected):
    found = {a["id"] for a in client.json("/api/articles", search=words)["articles"]}
    assert found == expected


def test_an_article_by_prefix_has_its_whole_analysis_with_offsets_into_its_text(client):
    result = client.json("/api/articles/f00d")
    assert result["article"]["id"] == IRAN_ID
    assert result["article"]["outlet"] == "Agency" and result["article"]["stated_date"] == "2019-03-04"
    analysis = result["analysis"]
    text = analysis["text"]
    assert analysis["id"] == IRAN_ID and text.startswith("Officials in Geneva")
    for layer in ("sentences", "actors", "quotes", "timexes"):
        for record in analysis[layer]:
            assert text[record["start"]:record["end"]] == record["text"]
    for event in analysis["events"]:
        assert text[event["trigger"]["start"]:event["trigger"]["end"]] == event["trigger"]["text"]
    assert [e["type"] for e in analysis["events"]] == ["CONSULT", "REJECT"]
    assert "raw" not in result["article"]  # the input copy stays in the store


# --- events and quotes --------------------------------------------------------------------------

def _codes(event: dict) -> list[str]:
    return [p["code"] or "" for p in event["actors"] + event["recipients"]]


def test_events_filtered_by_actor_code_prefix(client):
    events = client.json("/api/events", actor="USA")["events"]
    assert len(events) == 6
    assert all(any(c.startswith("USA") for c in _codes(e)) for e in events)
    assert {e["trigger_text"] for e in events} == {"met", "accepted", "imposed", "meet", "urged", "talk"}


def test_events_filtered_by_actor_name_type_modality_and_dates(client):
    assert {e["trigger_text"] for e in client.json("/api/events", actor="european")["events"]} == {"resume"}
    assert [e["trigger_text"] for e in client.json("/api/events", type="consult", modality="negated")["events"]] == ["meet"]
    assert {e["trigger_text"] for e in client.json("/api/events", since="2018-03", until="2018-06-11")["events"]} == \
        {"accepted", "meet", "talk"}  # "2018" overlaps the period too
    june = client.json("/api/events", since="2018-06", until="2018-06")["events"]
    assert [e["date"] for e in june] == ["2018", "2018-06-12"]  # by first day: the year starts in January


def test_events_are_in_date_order_undated_last_and_paged(client):
    every = client.json("/api/events")
    starts = [e["date_start"] for e in every["events"]]
    dated = [s for s in starts if s is not None]
    assert dated == sorted(dated) and starts[-1] is None and every["total"] == 9
    page = client.json("/api/events", limit=4, offset=4)
    assert page["count"] == 4 and page["total"] == 9 and page["offset"] == 4
    assert page["events"] == every["events"][4:8]


def test_events_of_one_article_by_prefix(client):
    events = client.json("/api/events", article="a1b2c3d4e5f60002")["events"]
    assert len(events) == 5 and {e["article_id"] for e in events} == {INVITE_ID}


def test_quotes_by_speaker_actor_and_article(client):
    assert [q["speaker_name"] for q in client.json("/api/quotes", speaker="kim")["quotes"]] == ["Kim Jong-un"]
    assert [q["text"] for q in client.json("/api/quotes", actor="PRK")["quotes"]] == \
        ["We will work for complete denuclearization."]
    quotes = client.json("/api/quotes", article="f00d")["quotes"]
    assert len(quotes) == 1 and quotes[0]["direct"] is False and quotes[0]["speaker_text"] == "Officials"


# --- actors, timeline, series -------------------------------------------------------------------

def test_actors_counts_mentions_and_events_by_role(client):
    actors = {a["code"]: a for a in client.json("/api/actors")["actors"]}
    prkgov = actors["PRKGOV"]
    assert prkgov["mentions"] == 4  # Kim Jong-un twice, Kim, Pyongyang (in the invite)
    assert prkgov["articles"] == 2
    # met (joint, a source), accepted (target), meet (target), talk (target)
    assert (prkgov["events"], prkgov["as_source"], prkgov["as_target"]) == (4, 1, 3)
    assert prkgov["names"][0] == "Kim Jong-un"
    assert actors["IGOEEC"]["country"] is None and actors["IGOEEC"]["as_target"] == 1
    ordered = [a["events"] for a in client.json("/api/actors")["actors"]]
    assert ordered == sorted(ordered, reverse=True)


def test_actors_search_and_article_filter(client):
    assert {a["code"] for a in client.json("/api/actors", search="IRN")["actors"]} == {"IRN", "IRNGOV"}
    assert {a["code"] for a in client.json("/api/actors", search="korea")["actors"]} == {"PRK", "PRKGOV", "KORGOV"}
    assert {a["code"] for a in client.json("/api/actors", search="KOR")["actors"]} == {"KORGOV"}
    assert {a["code"] for a in client.json("/api/actors", search="EUROPEAN UNION")["actors"]} == {"IGOEEC"}
    in_iran = client.json("/api/actors", article="f00d")["actors"]
    assert {a["code"] for a in in_iran} == {"IRN", "IRNGOV", "IGOEEC"}
    assert all(a["articles"] == 1 for a in in_iran)


def test_timeline_of_a_pair_in_date_order_with_direction(client):
    result = client.json("/api/timeline", actor="USA", other="PRK")
    events = result["events"]
    assert [(e["date"], e["trigger_text"], e["role"]) for e in events] == [
        ("2018", "talk", "actor->other"),  # a year sorts by its first day
        ("2018-02", "imposed", "actor->other"),
        ("2018-03", "meet", "actor->other"),
        ("2018-03-09", "accepted", "actor->other"),
        ("2018-06-12", "met", "joint"),
    ]
    assert events[1]["title"] == "Trump accepts" and events[1]["article_date"] == "2018-03-09"
    assert events[1]["sentence_text"] == "The United States imposed new sanctions on North Korea in February."
    reverse = client.json("/api/timeline", actor="north korea", other="united states")["events"]
    assert [(e["trigger_text"], e["role"]) for e in reverse] == [("talk", "other->actor"), ("imposed", "other->actor")]


def test_timeline_of_one_actor_leaves_undated_events_out_unless_asked(client):
    events = client.json("/api/timeline", actor="KOR")["events"]
    assert events == []  # Seoul's only event has no date
    undated = client.json("/api/timeline", actor="KOR", undated="true")["events"]
    assert [(e["trigger_text"], e["role"], e["date"]) for e in undated] == [("urged", "source", None)]
    roles = {e["trigger_text"]: e["role"] for e in client.json("/api/timeline", actor="PRKGOV")["events"]}
    assert roles == {"met": "source", "accepted": "target", "meet": "target", "talk": "target"}


def test_timeline_modality_filter_takes_a_list(client):
    events = client.json("/api/timeline", actor="USA", other="PRK", modality="negated,hypothetical")["events"]
    assert {e["trigger_text"] for e in events} == {"meet", "talk"}


def test_series_counts_quads_per_month_without_gaps(client):
    result = client.json("/api/series", actor="USA", other="PRK")
    assert result["modalities"] == ["asserted", "reported"] and result["by"] == "month"
    months = {m["period"]: m for m in result["periods"]}
    assert list(months) == ["2018-02", "2018-03", "2018-04", "2018-05", "2018-06"]
    assert (months["2018-02"]["material_conflict"], months["2018-02"]["goldstein_mean"]) == (1, -5.0)
    assert (months["2018-03"]["events"], months["2018-03"]["verbal_cooperation"]) == (1, 1)  # the negated meeting is out
    assert months["2018-04"]["events"] == 0 and months["2018-04"]["goldstein_mean"] is None
    assert months["2018-06"]["verbal_cooperation"] == 1
    assert result["left_out"] == {"undated": 0, "vaguer_than_the_period": 0}


def test_series_with_every_modality_and_a_loose_date(client):
    result = client.json("/api/series", actor="USA", other="PRK", modality="all")
    march = next(m for m in result["periods"] if m["period"] == "2018-03")
    assert march["events"] == 2 and march["goldstein_mean"] == 2.0  # accepted 3.0, negated meet 1.0
    assert result["left_out"]["vaguer_than_the_period"] == 1  # "talk", dated only 2018
    iran_ = client.json("/api/series", actor="IRN", modality="all")
    assert [m["period"] for m in iran_["periods"]] == ["2019-03"]  # the week 2019-W11 lies in March
    assert iran_["periods"][0]["events"] == 2 and iran_["periods"][0]["verbal_conflict"] == 1


def test_series_by_quarter_and_year_place_looser_dates(client):
    quarters = client.json("/api/series", actor="USA", other="PRK", modality="all", by="quarter")
    assert [(q["period"], q["events"]) for q in quarters["periods"]] == [("2018-Q1", 3), ("2018-Q2", 1)]
    assert quarters["left_out"]["vaguer_than_the_period"] == 1  # "2018" is still wider than a quarter
    years = client.json("/api/series", actor="USA", other="PRK", modality="all", by="year")
    assert [(y["period"], y["events"]) for y in years["periods"]] == [("2018", 5)]
    assert years["periods"][0]["verbal_cooperation"] == 4 and years["left_out"]["vaguer_than_the_period"] == 0
    both = client.json("/api/series", actor="IRN", by="year", modality="all")["periods"]
    assert both == [{"period": "2019", "events": 2, "verbal_cooperation": 1, "material_cooperation": 0,
                     "verbal_conflict": 1, "material_conflict": 0, "goldstein_mean": -1.5}]


@pytest.mark.parametrize("first, last, by, expected", [
    ("2018-11", "2019-02", "month", ["2018-11", "2018-12", "2019-01", "2019-02"]),
    ("2017-Q4", "2018-Q2", "quarter", ["2017-Q4", "2018-Q1", "2018-Q2"]),
    ("1999", "2001", "year", ["1999", "2000", "2001"]),
    ("2020-02", "2020-02", "month", ["2020-02"]),
])
def test_periods_between_have_no_gaps(first, last, by, expected):
    assert data._periods_between(first, last, by) == expected


# --- matching rules, on constructed events -----------------------------------------------------

def _part(name, code):
    return {"name": name, "code": code, "text": name}


@pytest.mark.parametrize("participant, query, expected", [
    (_part("Vladimir Putin", "RUSGOV"), "RUS", True),
    (_part("Vladimir Putin", "RUSGOV"), "rusgov", True),
    (_part("Vladimir Putin", "RUSGOV"), "putin", True),
    (_part("Vladimir Putin", "RUSGOV"), "GOV", False),  # a code matches from its start
    (_part("the ministry", None), "USA", False),
    (_part(None, "IGOUNO"), "IGO", True),
    (_part("North Korea", "PRK"), "KOR", False),  # a code-like query is not part of a name
    (_part("North Korea", "PRK"), "korea", True),
    (_part("Belarus", "BLR"), "RUS", False),
    (_part("Indonesia", "IDN"), "IND", False),
    (_part("NATO", "IGONAT"), "NATO", True),  # ... but may be a whole name
    (_part("Sudanese paramilitary", "SDNREB"), "---", False),
])
def test_a_participant_matches_by_code_prefix_or_name(participant, query, expected):
    assert data.matches(participant, query) is expected


def test_involvement_needs_two_different_participants_for_a_pair():
    event = {"actors": [_part("Emmanuel Macron", "FRAGOV")], "recipients": [_part("Olaf Scholz", "DEUGOV")]}
    assert data.involvement(event, "FRA", "DEU") == "actor->other"
    assert data.involvement(event, "DEU", "FRA") == "other->actor"
    assert data.involvement(event, "FRA") == "source"
    assert data.involvement(event, "scholz") == "target"
    assert data.involvement(event, "FRA", "FRAGOV") is None  # one participant is not a pair
    assert data.involvement(event, "ITA", "DEU") is None
    joint = {"actors": [_part("Narendra Modi", "INDGOV"), _part("Xi Jinping", "CHNGOV")], "recipients": []}
    assert data.involvement(joint, "CHN", "IND") == "joint"
    both = {"actors": [_part("Israel", "ISR")], "recipients": [_part("Israeli army", "ISRMIL")]}
    assert data.involvement(both, "ISR") == "both"


# --- errors: one shape everywhere ---------------------------------------------------------------

BAD_REQUESTS = [
    ("GET", "/api/articles/ffffffff", None, 404, "T601"),
    ("GET", "/api/articles/a1b2", None, 400, "T602"),
    ("GET", "/api/articles?limit=0", None, 400, "T300"),
    ("GET", "/api/articles?limit=lots", None, 400, "T300"),
    ("GET", "/api/events?since=June", None, 400, "T300"),
    ("GET", "/api/events?until=2018-13", None, 400, "T300"),
    ("GET", "/api/events?type=HUG", None, 400, "T300"),
    ("GET", "/api/events?modality=maybe", None, 400, "T300"),
    ("GET", "/api/events?offset=-1", None, 400, "T300"),
    ("GET", "/api/events?article=0000", None, 404, "T601"),
    ("GET", "/api/quotes?article=a1b2", None, 400, "T602"),
    ("GET", "/api/quotes?limit=100000", None, 400, "T300"),
    ("GET", "/api/actors?article=0000", None, 404, "T601"),
    ("GET", "/api/timeline", None, 400, "T300"),
    ("GET", "/api/timeline?actor=%20", None, 400, "T300"),
    ("GET", "/api/timeline?actor=USA&since=yesterday", None, 400, "T300"),
    ("GET", "/api/timeline?actor=USA&undated=perhaps", None, 400, "T300"),
    ("GET", "/api/series?other=PRK", None, 400, "T300"),
    ("GET", "/api/series?actor=USA&modality=asserted,maybe", None, 400, "T300"),
    ("GET", "/api/series?actor=USA&by=decade", None, 400, "T300"),
    ("POST", "/api/extract", {"json": {"dct": "2018-06-12"}}, 422, "T603"),
    ("POST", "/api/extract", {"json": {"text": ""}}, 422, "T603"),
    ("POST", "/api/extract", {"json": {"text": "Hello.", "dct": "12/06/2018"}}, 422, "T603"),
    ("POST", "/api/extract", {"json": {"text": "Hello.", "dct": "2018-02-30"}}, 422, "T603"),
    ("POST", "/api/extract", {"json": {"text": "Hello.", "colour": "red"}}, 422, "T603"),
    ("POST", "/api/extract", {"json": ["a", "list"]}, 422, "T603"),
    ("POST", "/api/extract", {"content": b"{not json", "headers": {"content-type": "application/json"}}, 422, "T603"),
    ("POST", "/api/extract", {"json": {"text": "   \n  "}}, 422, "T116"),  # blank once read: no model needed
    ("GET", "/api/extract", None, 405, "T605"),
    ("POST", "/api/health", None, 405, "T605"),
    ("POST", "/api/vocabulary", None, 405, "T605"),
    ("DELETE", "/api/articles/f00d", None, 405, "T605"),
    ("GET", "/api/nothing-here", None, 404, "T604"),
    ("GET", "/static/missing.js", None, 404, "T604"),
]


@pytest.mark.parametrize("method, url, kwargs, status, code", BAD_REQUESTS)
def test_every_error_has_one_shape(client, method, url, kwargs, status, code):
    response = client.request(method, url, **(kwargs or {}))
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code
    message = body["error"]["message"]
    assert message and "\n" not in message and "Traceback" not in message


def test_body_and_parameter_errors_are_the_api_error_classes(client):
    from tidings.api.errors import InvalidBody, status_for
    from tidings.errors import ConfigError

    body = client.request("POST", "/api/extract", json={"text": "Hello.", "dct": "2018-02-30"})
    assert (body.status_code, body.json()["error"]["code"]) == (InvalidBody.status, InvalidBody.code)
    assert "dct" in body.json()["error"]["message"]
    query = client.get("/api/articles", limit="lots")
    assert (query.status_code, query.json()["error"]["code"]) == (status_for(ConfigError("x")), ConfigError.code)


def test_other_http_errors_keep_their_status_with_code_t600(store):
    from starlette.exceptions import HTTPException

    app = create_app(str(store))

    @app.get("/api/teapot")
    def teapot():
        raise HTTPException(status_code=418, detail="I'm a teapot")

    response = Client(app).get("/api/teapot")
    assert response.status_code == 418
    assert response.json() == {"error": {"code": "T600", "message": "I'm a teapot"}}


def test_error_messages_name_what_is_wrong(client):
    assert "since" in client.get("/api/events", since="June").json()["error"]["message"]
    assert "limit" in client.get("/api/articles", limit="lots").json()["error"]["message"]
    assert "a1b2c3d4e5f60001" in client.get("/api/articles/a1b2").json()["error"]["message"]
    assert "dct" in client.request("POST", "/api/extract", json={"text": "x", "dct": "2018-02-30"}).json()["error"]["message"]


def test_an_unexpected_failure_is_a_500_in_the_same_shape(client, monkeypatch):
    def broken(con, db):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(data, "health", broken)
    response = client.get("/api/health")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "T699"
    assert "disk on fire" not in response.json()["error"]["message"]  # details go to the log


def test_a_store_that_can_no_longer_be_read_is_a_503(store):
    app = create_app(str(store))
    app.state.store.close()
    client = Client(app)
    for url in ("/api/health", "/api/articles", "/api/events", "/api/timeline?actor=USA"):
        response = client.get(url)
        assert response.status_code == 503, url
        assert response.json()["error"]["code"] == "T400"
        assert "can't be read" in response.json()["error"]["message"]


def test_a_missing_database_is_a_store_error_before_serving(tmp_path):
    with pytest.raises(StoreError, match="no database"):
        create_app(str(tmp_path / "absent.duckdb"))


# --- OpenAPI and the web app --------------------------------------------------------------------

def test_openapi_lists_every_endpoint(client):
    paths = client.json("/api/openapi.json")["paths"]
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/events", "/api/quotes", "/api/actors",
                 "/api/timeline", "/api/series", "/api/extract", "/api/health", "/api/vocabulary"):
        assert path in paths
    assert "post" in paths["/api/extract"]
    assert {p["name"] for p in paths["/api/events"]["get"]["parameters"]} >= {
        "actor", "type", "since", "until", "modality", "article"}


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.refs.append(value)


def test_the_web_page_is_served_and_uses_only_local_assets(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    parser = _Assets()
    parser.feed(page.text)
    files = [r for r in parser.refs if not r.startswith("#")]
    assert "/static/app.js" in files and "/static/app.css" in files
    for ref in files:
        assert ref.startswith("/") and not ref.startswith("//"), ref  # same server, no CDN
        assert client.get(ref).status_code == 200, ref
    for name in ("app.js", "app.css", "index.html"):
        source = (STATIC / name).read_text(encoding="utf-8")
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", source, re.I), name
        assert "@import" not in source and "cdn" not in source.lower()


def test_the_swagger_page_works_offline(client):
    page = client.get("/api/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    refs = re.findall(r"""(?:src|href|url)\s*[:=]\s*['"]([^'"]+)['"]""", page.text)
    scripts = [r for r in refs if r.endswith((".js", ".css"))]
    assert scripts, page.text[:500]
    for ref in scripts:
        assert ref.startswith("/") and not ref.startswith("//"), ref  # served here, not by a CDN
        asset = client.get(ref)
        assert asset.status_code == 200, ref
        assert len(asset.content) > 10_000 or ref == "/api/docs-init.js", ref  # the bundle, not a stub
    init = client.get("/api/docs-init.js").text
    assert "/api/openapi.json" in init and "SwaggerUIBundle(" in init
    # no inline script: the Content-Security-Policy would refuse it
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page.text), page.text


def test_the_web_app_calls_only_endpoints_that_exist(client):
    source = (STATIC / "app.js").read_text(encoding="utf-8")
    called = set(re.findall(r'api\("([a-z]+)', source)) | set(re.findall(r'"/api/([a-z]+)', source))
    assert {"articles", "events", "timeline", "series", "actors", "health", "vocabulary"} <= called
    assert "/api/openapi.json" in source
    paths = client.json("/api/openapi.json")["paths"]
    for name in called - {"openapi"}:
        assert f"/api/{name}" in paths, name


def test_vocabulary_lists_filter_values(client):
    vocabulary = client.json("/api/vocabulary")
    assert "CONSULT" in vocabulary["event_types"] and "negated" in vocabulary["modalities"]
    assert vocabulary["quad_classes"]["4"] == "material conflict"


# --- tidings serve ------------------------------------------------------------------------------

def test_serve_is_a_command():
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0 and "--port" in result.output and "--db" in result.output


def test_serve_refuses_a_missing_database_in_one_line(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "absent.duckdb")])
    assert result.exit_code == 2
    assert result.output.strip().startswith("error: [T400]") and len(result.output.strip().splitlines()) == 1


def test_serve_without_the_api_extra_says_how_to_install_it(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "uvicorn", None)  # importing it now raises ImportError
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == 2
    assert "[T310]" in result.output and "tidings[api]" in result.output


def test_serve_on_a_busy_port_is_a_one_line_error(store):
    import socket

    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    try:
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--db", str(store), "--port", str(port)])
    finally:
        busy.close()
    assert result.exit_code == 2
    assert result.output.strip().startswith("error: [T311] cannot listen on 127.0.0.1:")
