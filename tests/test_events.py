"""Event extraction on real parsed text: the two seed articles and constructed variants.

The actor, time and place stages are other engineers' work: their records are built here by hand
over the real text (the words found by string search), so these tests check only the event stage.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tidings.events import extract_events
from tidings.model import Actor, Place, Timex

pytestmark = pytest.mark.model

SEEDS = Path(__file__).resolve().parents[1] / "examples"
SHARED_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
DCT = "2018-06-12"


def _seed(prefix: str) -> str:
    for folder in (SEEDS, SHARED_SEEDS):
        found = sorted(folder.glob(f"{prefix}_*.txt")) if folder.exists() else []
        if found:
            return found[0].read_text(encoding="utf-8")
    pytest.skip(f"seed {prefix} not found")


def actors_for(text: str, table: dict[str, str]) -> list[Actor]:
    """Actors for every occurrence of each surface form: {"North Korea": "PRK", ...}."""
    out = []
    for surface, code in table.items():
        for m in re.finditer(re.escape(surface), text):
            country = None if code.startswith("IGO") else code[:3]
            out.append(Actor(start=m.start(), end=m.end(), text=surface, name=surface, code=code,
                             country=country, sector=code[3:] or None, method="test"))
    return out


def timex(text: str, surface: str, value: str, nth: int = 0) -> Timex:
    starts = [m.start() for m in re.finditer(re.escape(surface), text)]
    start = starts[nth]
    return Timex(start=start, end=start + len(surface), text=surface, type="DATE", value=value)


def place(text: str, surface: str, country: str, name: str | None = None) -> Place:
    start = text.index(surface)
    return Place(start=start, end=start + len(surface), text=surface, name=name or surface, country=country,
                 lat=None, lon=None, feature="city")


def run(nlp, text, table=None, timexes=(), places=(), dct=DCT):
    doc = nlp(text)
    return extract_events(doc, actors=actors_for(text, table or {}), timexes=list(timexes),
                          places=list(places), dct=dct)


def find(events, kind, trigger=None):
    out = [e for e in events if e.type == kind and (trigger is None or e.trigger.text.lower().startswith(trigger))]
    assert out, f"no {kind} {trigger or ''} in {[(e.type, e.trigger.text) for e in events]}"
    return out


def codes(parties):
    return sorted(p.code for p in parties if p.code)


@pytest.fixture(scope="module")
def nlp():
    from tidings import nlp as nlp_module

    return nlp_module.load()


# ---- seed 004: the Singapore summit and the road to it ----------------------------------------

@pytest.fixture(scope="module")
def seed004(nlp):
    text = _seed("004")
    table = {"US President Donald Trump": "USAGOV", "North Korean leader Kim Jong-un": "PRKGOV",
             "North Korea": "PRK", "Kim Yo-jong": "PRKGOV", "leader Kim Jong-un": "PRKGOV",
             "President Moon Jae-in": "KORGOV", "Pyongyang": "PRKGOV", "the US": "USA"}
    timexes = [timex(text, "Tuesday", "2018-06-12"), timex(text, "July 4", "2017-07-04"),
               timex(text, "September, 2017", "2017-09"), timex(text, "In February", "2018-02"),
               timex(text, "April", "2018-04"), timex(text, "May", "2018-05"),
               timex(text, "January", "2018-01"), timex(text, "June 12", "2018-06-12")]
    places = [place(text, "Singapore", "SGP"), place(text, "Pyeong Chang", "KOR", "Pyeongchang")]
    return text, run(nlp, text, table, timexes, places)


def test_004_singapore_meeting(seed004):
    _, events = seed004
    meeting = next(e for e in find(events, "CONSULT", "meeting") if e.date == "2018-06-12")
    assert codes(meeting.actors) == ["PRKGOV", "USAGOV"]
    assert meeting.recipients == []  # reciprocal: both are actors
    assert meeting.place is not None and meeting.place.text == "Singapore"
    assert meeting.modality == "asserted" and meeting.date_source == "clause"
    assert meeting.cameo == "04" and meeting.quad == 1


def test_004_icbm_launch_and_nuclear_test(seed004):
    _, events = seed004
    launch = find(events, "MOBILIZE", "launch")[0]
    assert launch.mode == "weapons" and launch.date == "2017-07-04"
    assert {a.country for a in launch.actors} == {"PRK"}
    test = find(events, "MOBILIZE", "test")[0]
    assert test.date == "2017-09" and {a.country for a in test.actors} == {"PRK"}


def test_004_visit_to_the_olympics(seed004):
    _, events = seed004
    visit = find(events, "CONSULT", "attended")[0]
    assert visit.mode == "visit"
    assert codes(visit.actors) == ["PRKGOV"]
    assert [r.country for r in visit.recipients] == ["KOR"]
    assert visit.date == "2018-02" and visit.place.name == "Pyeongchang"


def test_004_two_inter_korean_summits(seed004):
    _, events = seed004
    summits = find(events, "CONSULT", "summits")
    summits = [e for e in summits if e.date in ("2018-04", "2018-05")]
    assert sorted(e.date for e in summits) == ["2018-04", "2018-05"]
    for summit in summits:
        assert codes(summit.actors) == ["KORGOV", "PRKGOV"]


def test_004_panmunjom_declaration_resolves_they(seed004):
    text, events = seed004
    declaration = find(events, "AGREE", "declaration")[0]
    assert codes(declaration.actors) == ["KORGOV", "PRKGOV"]
    assert all(text[a.start:a.end] == "They" for a in declaration.actors)


def test_004_offsets_point_into_the_text(seed004):
    text, events = seed004
    assert events
    assert any(e.actors + e.recipients for e in events)
    for e in events:
        assert text[e.trigger.start:e.trigger.end] == e.trigger.text
        assert text[e.sentence.start:e.sentence.end] == e.sentence.text
        for a in e.actors + e.recipients:
            assert text[a.start:a.end] == a.text


# ---- seed 000: planned, attempted, hypothetical, rejected -------------------------------------

@pytest.fixture(scope="module")
def seed000(nlp):
    text = _seed("000")
    table = {"Bill Clinton": "USAGOV", "Kim Jong-il": "PRKGOV", "North Korean leader": "PRKGOV",
             "United Nations": "IGOUNO", "North Korea": "PRK", "Pyongyang": "PRKGOV"}
    timexes = [timex(text, "June 12", "2018-06-12"), timex(text, "2000", "2000")]
    places = [place(text, "Singapore", "SGP")]
    return text, run(nlp, text, table, timexes, places)


def test_000_summit_is_planned(seed000):
    _, events = seed000
    summit = next(e for e in find(events, "CONSULT", "summit") if e.date == "2018-06-12")
    assert summit.modality == "planned"
    assert summit.place is not None and summit.place.text == "Singapore"


def test_000_clinton_almost_met(seed000):
    _, events = seed000
    meeting = next(e for e in find(events, "CONSULT", "meeting") if "Clinton" in e.sentence.text)
    assert meeting.modality == "attempted"
    assert codes(meeting.actors) == ["PRKGOV", "USAGOV"]
    assert meeting.date == "2000"


def test_000_declined_invitation(seed000):
    _, events = seed000
    reject = find(events, "REJECT", "decline")[0]
    assert reject.mode == "meet" and reject.modality == "asserted"
    assert codes(reject.actors) == ["USAGOV"] and codes(reject.recipients) == ["PRKGOV"]
    assert reject.date == "2000" and reject.date_source == "discourse"


def test_000_un_sanctions(seed000):
    _, events = seed000
    sanction = next(e for e in find(events, "SANCTION") if e.actors)
    assert codes(sanction.actors) == ["IGOUNO"] and [r.country for r in sanction.recipients] == ["PRK"]
    assert sanction.quad == 4 and sanction.goldstein == -8.0


def test_000_hypothetical_meeting(seed000):
    _, events = seed000
    meeting = next(e for e in find(events, "CONSULT", "meeting") if "would give" in e.sentence.text)
    assert meeting.modality == "hypothetical"


# ---- constructed variants: other actors, voices, tenses, negation -----------------------------

PEOPLE = {"Vladimir Putin": "RUSGOV", "Xi Jinping": "CHNGOV", "Emmanuel Macron": "FRAGOV",
          "Angela Merkel": "DEUGOV", "Narendra Modi": "INDGOV", "Shinzo Abe": "JPNGOV",
          "European Union": "IGOEUR", "Iran": "IRN", "Syria": "SYR", "Japan": "JPN", "China": "CHN",
          "United States": "USA", "Israel": "ISR", "Russia": "RUS", "India": "IND", "Britain": "GBR",
          "Turkey": "TUR", "Egypt": "EGY", "Reuters": "USAMED", "Security Council": "IGOUNO"}


@pytest.mark.parametrize("sentence,kind,actors,recipients,mood", [
    ("Vladimir Putin and Xi Jinping met in Beijing on Monday.", "CONSULT", ["CHNGOV", "RUSGOV"], [], "asserted"),
    ("Angela Merkel held talks with Shinzo Abe.", "CONSULT", ["DEUGOV", "JPNGOV"], [], "asserted"),
    ("Emmanuel Macron will visit India next week.", "CONSULT", ["FRAGOV"], ["IND"], "planned"),
    ("Narendra Modi did not meet Shinzo Abe.", "CONSULT", ["INDGOV", "JPNGOV"], [], "negated"),
    ("Angela Merkel tried to meet Vladimir Putin.", "CONSULT", ["DEUGOV", "RUSGOV"], [], "attempted"),
    ("The European Union imposed sanctions on Iran.", "SANCTION", ["IGOEUR"], ["IRN"], "asserted"),
    ("Sanctions were imposed on Syria by the European Union.", "SANCTION", ["IGOEUR"], ["SYR"], "asserted"),
    ("Japan refused to sign the agreement with China.", "REJECT", ["JPN"], [], "asserted"),
    ("China accused the United States of spying.", "ACCUSE", ["CHN"], ["USA"], "asserted"),
    ("Israel is scheduled to host talks with Egypt in May.", "CONSULT", ["ISR"], ["EGY"], "planned"),
    ("Britain could send aid to Egypt.", "AID", ["GBR"], ["EGY"], "hypothetical"),
    ("Iran tested a ballistic missile on Sunday.", "MOBILIZE", ["IRN"], [], "asserted"),
    ("Russia's visit to Turkey was cancelled.", "CONSULT", ["RUS"], ["TUR"], "negated"),
    ("Reuters reported that Israel attacked Syria.", "ASSAULT", ["ISR"], ["SYR"], "reported"),
    ("Turkey released two journalists from Britain.", "RETREAT", ["TUR"], [], "asserted"),
    ("The Security Council condemned the attack on Egypt.", "ACCUSE", ["IGOUNO"], [], "asserted"),
    ("Israel has signed a peace accord with Egypt.", "SUPPORT", ["ISR"], ["EGY"], "asserted"),
])
def test_variants(nlp, sentence, kind, actors, recipients, mood):
    events = run(nlp, sentence, PEOPLE)
    event = find(events, kind)[0]
    assert codes(event.actors) == actors
    assert sorted(r.code for r in event.recipients if r.code) == recipients
    assert event.modality == mood


def test_intentions_become_threats_agreements_and_requests(nlp):
    table = {"Russia": "RUS", "Turkey": "TUR", "Iran": "IRN", "India": "IND"}
    threat = run(nlp, "Russia wants to attack Turkey.", table)
    assert [e.type for e in threat if e.confidence >= 0.5] == ["THREATEN"]
    assert codes(find(threat, "THREATEN")[0].recipients) == ["TUR"]
    pledge = run(nlp, "India pledged to provide aid to Iran.", table)
    assert [e.type for e in pledge if e.confidence >= 0.5] == ["AGREE"]
    request = run(nlp, "Iran wants Russia to attack Turkey.", table)
    req = find(request, "REQUEST")[0]
    assert codes(req.actors) == ["IRN"] and codes(req.recipients) == ["RUS"]


def test_claims_of_violence_are_accusations(nlp):
    table = {"Turkey": "TUR", "Syria": "SYR", "Reuters": "GBRMED"}
    events = run(nlp, "Turkey said Syria bombed its border posts.", table)
    accuse = find(events, "ACCUSE")[0]
    assert codes(accuse.actors) == ["TUR"] and codes(accuse.recipients) == ["SYR"]
    # a news agency reporting is not an accusation
    reported = run(nlp, "Reuters said Syria bombed the border posts.", table)
    assert not [e for e in reported if e.type == "ACCUSE"]
    assert find(reported, "ASSAULT")[0].modality == "reported"


def test_negated_future_cooperation_is_a_refusal(nlp):
    events = run(nlp, "The minister said Japan would not provide support to China.", {"Japan": "JPN", "China": "CHN"})
    reject = find(events, "REJECT")[0]
    assert codes(reject.actors) == ["JPN"] and codes(reject.recipients) == ["CHN"]


def test_dates_fall_back_from_clause_to_sentence_to_document(nlp):
    text = "On 3 May, Egypt and Israel met. Israel criticized Egypt."
    table = {"Egypt": "EGY", "Israel": "ISR"}
    events = run(nlp, text, table, [timex(text, "3 May", "2019-05-03")], dct="2019-05-10")
    met, criticized = find(events, "CONSULT")[0], find(events, "ACCUSE")[0]
    assert (met.date, met.date_source) == ("2019-05-03", "clause")
    assert (criticized.date, criticized.date_source) == ("2019-05-10", "document")
    none = run(nlp, "Israel criticized Egypt.", table, dct=None)
    assert (none[0].date, none[0].date_source) == (None, "none")


def test_place_needs_a_locative_phrase(nlp):
    text = "Russia attacked Syria in Aleppo."
    events = run(nlp, text, {"Russia": "RUS", "Syria": "SYR"},
                 places=[place(text, "Syria", "SYR"), place(text, "Aleppo", "SYR")])
    assert events[0].place.text == "Aleppo"  # Syria is the recipient, not where it happened


def test_no_events_in_plain_statements(nlp):
    events = run(nlp, "The weather in Singapore was warm and the hotel was full.", {})
    assert events == []


@pytest.mark.parametrize("sentence,kind,expected", [
    ("Israel released 20 Palestinian prisoners on Monday.", "RETREAT", True),
    ("Egypt freed the two journalists.", "RETREAT", True),
    ("Microsoft released a patch for the browser.", "RETREAT", False),
    ("The ministry released a statement on Monday.", "RETREAT", False),
    ("Japan will host the summit next year.", "CONSULT", True),
    ("The comedian will host the awards show.", "CONSULT", False),
    ("Obama said he would fight to protect the forests.", "ASSAULT", False),
    ("Government troops fought rebels near the border.", "ASSAULT", True),
    ("The two countries broke off relations in 1990.", "SANCTION", True),
    ("Thousands of protesters marched through the capital.", "PROTEST", True),
    ("The troops marched to the border.", "PROTEST", False),
    ("The rebels executed two hostages.", "ASSAULT", True),
    ("The team executed the plan perfectly.", "ASSAULT", False),
    ("He backed up his claim with documents.", "SUPPORT", False),
    ("Congress backed the president's plan.", "SUPPORT", True),
    ("She was asked whether she had seen the letter.", "REQUEST", False),
    ("Germany asked Greece to cut spending.", "REQUEST", True),
    ("The actress checked into Promises Treatment Center.", "AGREE", False),
    ("Police clashed with protesters outside parliament.", "ASSAULT", True),
    ("The two ministers clashed over the budget.", "ASSAULT", False),
    ("Spain strongly opposed the plan.", "ACCUSE", True),
])
def test_frames_separate_events_from_look_alikes(nlp, sentence, kind, expected):
    events = run(nlp, sentence, {})
    assert any(e.type == kind for e in events) is expected, [(e.type, e.trigger.text) for e in events]


def test_accidents_are_not_assaults(nlp):
    table = {"Kenya Airways": "KENBUS", "Somalia": "SOM", "Ethiopia": "ETH"}
    assert not [e for e in run(nlp, "Twelve people were killed by the Kenya Airways crash.", table)
                if e.type == "ASSAULT"]
    assert not [e for e in run(nlp, "The earthquake killed 300 people in Ethiopia.", table) if e.type == "ASSAULT"]
    attack = run(nlp, "Somalia killed 30 people in Ethiopia.", table)
    assert codes(find(attack, "ASSAULT")[0].actors) == ["SOM"]


def test_doer_behind_the_weapon(nlp):
    text = "The airliner was shot down by a missile fired by Syrian rebels."
    events = run(nlp, text, {"Syrian rebels": "SYRREB"})
    assert codes(find(events, "ASSAULT")[0].actors) == ["SYRREB"]


def test_doer_of_a_passive_killing_from_its_means(nlp):
    text = "Three soldiers were killed in a Turkish air strike on Monday."
    events = run(nlp, text, {"Turkish": "TUR", "soldiers": "---MIL"})
    killed = find(events, "ASSAULT", "killed")[0]
    assert codes(killed.actors) == ["TUR"] and codes(killed.recipients) == ["---MIL"]


def test_bad_input_is_a_clear_error():
    from tidings.errors import InputError

    with pytest.raises(InputError, match="parsed spaCy Doc"):
        extract_events("not a doc", actors=[], timexes=[], places=[], dct=None)


@pytest.mark.parametrize("sentence,trigger,mood", [
    ("The Rodong Sinmun reported that Japan met China.", "met", "reported"),
    ("According to the agency, Japan met China.", "met", "reported"),
    ("If the talks succeed, Japan will lift the sanctions.", "lift", "hypothetical"),
    ("Japan plans to visit China in May.", "visit", "planned"),
    ("Japan is going to meet China.", "meet", "planned"),
    ("Japan declined to meet China.", "meet", "negated"),
    ("Japan never attacked China.", "attacked", "negated"),
    ("There will be no talks with China.", "talks", "negated"),
    ("Japan tried to meet China.", "meet", "attempted"),
    ("Japan nearly attacked China.", "attacked", "attempted"),
    ("Japan might attack China.", "attack", "hypothetical"),
    ("A summit with China would give Japan prestige.", "summit", "hypothetical"),
    ("The planned summit with China was praised.", "summit", "planned"),
    ("Japan met China on Monday.", "met", "asserted"),
])
def test_modality(nlp, sentence, trigger, mood):
    events = run(nlp, sentence, {"Japan": "JPN", "China": "CHN"})
    event = next(e for e in events if e.trigger.text.startswith(trigger))
    assert event.modality == mood


def test_lists_and_coordinated_modifiers(nlp):
    table = {"France": "FRA", "Spain": "ESP", "Italy": "ITA"}
    events = run(nlp, "France, Spain, and Italy met on Friday.", table)
    assert codes(find(events, "CONSULT")[0].actors) == ["ESP", "FRA", "ITA"]
    text = "French and Italian activists staged a protest in Rome."
    doc_actors = {"French": "FRAOPP", "Italian": "ITAOPP"}
    protest = find(run(nlp, text, doc_actors), "PROTEST")[0]
    assert codes(protest.actors) == ["FRAOPP", "ITAOPP"]
    # an apposition naming the same person is not a second participant
    visit = find(run(nlp, "Kim Yo-jong, the sister of the leader, visited Seoul.", {"Kim Yo-jong": "PRKGOV"}),
                 "CONSULT")[0]
    assert codes(visit.actors) == ["PRKGOV"]
