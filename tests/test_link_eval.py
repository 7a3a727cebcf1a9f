"""The cross-document evals: ECB+ reading and coreference scores, SemEval-2015 timelines."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings.errors import InputError
from tidings.eval import ecb
from tidings.eval import timelines as tl

SHARED = Path(os.environ.get("TIDINGS_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))
ECB = SHARED / "eval" / "ecbplus"
TIMELINES = SHARED / "eval" / "timelines"

# ---- coreference scores on a worked example ------------------------------------------------------

KEY = {"a": "1", "b": "1", "c": "1", "d": "2", "e": "2"}
RESPONSE = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y"}


def test_muc_b3_ceaf_on_a_worked_example():
    assert ecb.muc(KEY, RESPONSE) == {"precision": 0.6667, "recall": 0.6667, "f1": 0.6667}
    assert ecb.b_cubed(KEY, RESPONSE) == {"precision": 0.7333, "recall": 0.7333, "f1": 0.7333}
    assert ecb.ceaf_e(KEY, RESPONSE) == {"precision": 0.8, "recall": 0.8, "f1": 0.8}


def test_scores_of_perfect_all_singletons_and_one_cluster_responses():
    perfect = ecb.score_all(KEY, KEY)
    assert all(s["f1"] == 1.0 for s in perfect.values())
    singletons = {m: m for m in KEY}
    assert ecb.muc(KEY, singletons)["recall"] == 0.0
    assert ecb.b_cubed(KEY, singletons)["precision"] == 1.0
    lump = {m: "all" for m in KEY}
    assert ecb.muc(KEY, lump)["recall"] == 1.0
    assert ecb.b_cubed(KEY, lump)["recall"] == 1.0
    assert ecb.b_cubed(KEY, lump)["precision"] == pytest.approx((3 / 5 * 3 + 2 / 5 * 2) / 5, abs=1e-4)


# ---- reading CAT XML ------------------------------------------------------------------------------

CAT = """<Document doc_name="7_1ecb.xml" doc_id="X">
<token t_id="1" sentence="0" number="0">Police</token>
<token t_id="2" sentence="0" number="1">arrested</token>
<token t_id="3" sentence="0" number="2">a</token>
<token t_id="4" sentence="0" number="3">man</token>
<token t_id="5" sentence="1" number="0">The</token>
<token t_id="6" sentence="1" number="1">arrest</token>
<token t_id="7" sentence="1" number="2">followed</token>
<token t_id="8" sentence="1" number="3">a</token>
<token t_id="9" sentence="1" number="4">raid</token>
<token t_id="10" sentence="2" number="0">He</token>
<token t_id="11" sentence="2" number="1">left</token>
<Markables>
<ACTION_OCCURRENCE m_id="1"><token_anchor t_id="2"/></ACTION_OCCURRENCE>
<ACTION_OCCURRENCE m_id="2"><token_anchor t_id="6"/></ACTION_OCCURRENCE>
<ACTION_OCCURRENCE m_id="3"><token_anchor t_id="9"/></ACTION_OCCURRENCE>
<ACTION_OCCURRENCE m_id="4"><token_anchor t_id="11"/></ACTION_OCCURRENCE>
<HUMAN_PART_PER m_id="5"><token_anchor t_id="4"/></HUMAN_PART_PER>
<ACTION_OCCURRENCE m_id="9" RELATED_TO="" TAG_DESCRIPTOR="t7_arrest" instance_id="ACT777"/>
</Markables>
<Relations>
<CROSS_DOC_COREF r_id="1" note="ACT777"><source m_id="1"/><source m_id="2"/><target m_id="9"/></CROSS_DOC_COREF>
</Relations>
</Document>
"""


def test_read_doc_keeps_event_mentions_of_selected_sentences_with_gold_clusters(tmp_path):
    path = tmp_path / "7_1ecb.xml"
    path.write_text(CAT, encoding="utf-8")
    doc, mentions = ecb.read_doc(path, {("7_1ecb", 0), ("7_1ecb", 1)})
    assert doc.topic == "7" and doc.sentences[1] == ["The", "arrest", "followed", "a", "raid"]
    assert [(m.tokens, m.sentence) for m in mentions] == [(["arrested"], 0), (["arrest"], 1), (["raid"], 1)]
    gold = {m.tokens[0]: m.gold for m in mentions}
    assert gold["arrested"] == gold["arrest"] == "ACT777"
    assert gold["raid"] != "ACT777"  # an unlinked mention is its own singleton


def test_bad_ecb_input_is_a_clear_error(tmp_path):
    bad = tmp_path / "1_1ecb.xml"
    bad.write_text("<Document><token", encoding="utf-8")
    with pytest.raises(InputError):
        ecb.read_doc(bad, set())
    with pytest.raises(InputError):
        ecb.read_corpus(tmp_path / "missing")
    result = CliRunner().invoke(ecb.command, [str(tmp_path)])
    assert result.exit_code != 0


@pytest.mark.model
@pytest.mark.gold
@pytest.mark.skipif(not ECB.is_dir(), reason="../shared/eval/ecbplus is missing")
def test_ecb_eval_runs_on_one_topic_and_stories_beat_nothing():
    result = ecb.evaluate(ECB, limit=1)
    assert result["topics"] == 1 and result["mentions"] > 100
    # one topic alone: IDF from its own 20-odd texts makes stories small, but they never mix sub-topics
    assert result["group_stories_vs_subtopics"]["precision"] > 0.9
    # with who/when from the pipeline the two sub-topics (Tara Reid / Lindsay Lohan in rehab)
    # stay apart and most of each comes together
    pipe = result["group_stories_pipeline_vs_subtopics"]
    assert pipe["precision"] > 0.9 and pipe["recall"] > 0.5
    for system in ("lemma", "tidings"):
        scores = result["systems"][system]
        assert 0.3 < scores["CoNLL"]["f1"] < 1.0
    # grouping the topic's articles into stories should make the lemma clusters more precise
    assert result["systems"]["tidings"]["B3"]["precision"] > result["systems"]["lemma"]["B3"]["precision"]


# ---- timelines ---------------------------------------------------------------------------------

TML = """<?xml version='1.0' encoding='utf-8'?>
<TimeML><DOCID>900</DOCID>
<DCT><TIMEX3 functionInDocument="CREATION_TIME" tid="t0" type="DATE" value="2012-03-08">2012-03-08</TIMEX3></DCT>
<TEXT><s id="1">March 8 , 2012</s><s id="2">On Wednesday , Samsung <EVENT eid="e1">unveiled</EVENT> the Galaxy Note &amp; a tablet .</s><s id="3">Rivals <EVENT eid="e2">complained</EVENT> .</s></TEXT></TimeML>
"""


def test_read_tml_gives_plain_text_and_event_offsets(tmp_path):
    path = tmp_path / "900.tml"
    path.write_text(TML, encoding="utf-8")
    doc = tl.read_tml(path)
    assert doc.id == "900" and doc.dct == "2012-03-08"
    assert doc.text.splitlines()[1] == "On Wednesday , Samsung unveiled the Galaxy Note & a tablet ."
    assert [(e.id, doc.text[e.start:e.end]) for e in doc.events] == [
        ("900-2-unveiled", "unveiled"), ("900-3-complained", "complained")]
    bad = tmp_path / "bad.tml"
    bad.write_text("<TimeML>nothing</TimeML>", encoding="utf-8")
    with pytest.raises(InputError):
        tl.read_tml(bad)


def test_gold_timeline_reading_and_date_normalisation(tmp_path):
    path = tmp_path / "galaxy.txt"
    path.write_text("Galaxy Note\n0\tXXXX-XX-XX\t900-3-complained\n1\t2012-03-XX\t900-2-unveiled\t901-4-shown\n",
                    encoding="utf-8")
    gold = tl.read_gold(path)
    assert gold.entity == "Galaxy Note"
    assert gold.rows == [(0, None, ["900-3-complained"]), (1, "2012-03", ["900-2-unveiled", "901-4-shown"])]
    path.write_text("Galaxy Note\nnot a row\n", encoding="utf-8")
    with pytest.raises(InputError):
        tl.read_gold(path)


def test_aliases_of_target_entities():
    assert tl.aliases("Steve Jobs") == ["Steve Jobs", "Jobs"]
    assert tl.aliases("Beatles Apple Corps") == ["Beatles Apple Corps", "Apple Corps", "Corps"]
    assert tl.aliases("iTunes store") == ["iTunes store", "iTunes"]
    assert tl.aliases("iPhone 4") == ["iPhone 4"]


def test_timeline_scores_count_mentions_dates_and_ordered_pairs():
    gold = tl.GoldTimeline("X", [(0, None, ["d-1-a"]), (1, "2012-03", ["d-2-b", "d-3-c"]), (2, "2012-05-01", ["d-4-d"])])
    perfect = [(0, None, "d-1-a"), (1, "2012-03", "d-2-b"), (1, "2012-03", "d-3-c"), (2, "2012-05-01", "d-4-d")]
    assert all(s["f1"] == 1.0 for s in tl.score_timeline(gold, perfect).values())
    swapped = [(0, None, "d-1-a"), (1, "2012-03-02", "d-4-d"), (2, "2012-05-01", "d-2-b")]
    scores = tl.score_timeline(gold, swapped)
    assert scores["mentions"]["precision"] == 1.0 and scores["mentions"]["recall"] == 0.75
    assert scores["dated"]["tp"] == 1  # only the undated one keeps its date
    # gold pairs: a<b a<c a<d b=c b<d c<d; predicted a<d a<b d<b: two agree
    assert scores["pairs"]["tp"] == 2 and scores["pairs"]["predicted"] == 3 and scores["pairs"]["gold"] == 6


@pytest.mark.model
@pytest.mark.gold
@pytest.mark.skipif(not TIMELINES.is_dir(), reason="../shared/eval/timelines is missing")
def test_timelines_eval_runs_on_the_trial_data():
    result = tl.evaluate(TIMELINES, limit=2)
    assert result["timelines"] == 2 and result["documents"] == 30
    micro = result["micro"]
    assert micro["mentions"]["precision"] > 0.3 and micro["mentions"]["recall"] > 0.1
    assert 0 < micro["pairs"]["f1"] < 1


TML_PRONOUN = """<TimeML><DOCID>901</DOCID>
<DCT><TIMEX3 functionInDocument="CREATION_TIME" tid="t0" type="DATE" value="2014-09-10">2014-09-10</TIMEX3></DCT>
<TEXT><s id="1">Tim Cook <EVENT eid="e1">unveiled</EVENT> a watch on Tuesday .</s><s id="2">He <EVENT eid="e2">praised</EVENT> its design .</s><s id="3">Critics <EVENT eid="e3">laughed</EVENT> .</s><s id="4">Analysts <EVENT eid="e4">expect</EVENT> that he <EVENT eid="e5">will sell</EVENT> millions .</s></TEXT></TimeML>
"""


@pytest.mark.model
def test_timeline_ties_events_to_the_entity_and_a_following_pronoun(tmp_path):
    from tidings import nlp
    from tidings.time import extract_timexes

    path = tmp_path / "901.tml"
    path.write_text(TML_PRONOUN, encoding="utf-8")
    doc = tl.read_tml(path)
    parsed = {doc.id: nlp.parse(doc.text)}
    timexes = {doc.id: extract_timexes(parsed[doc.id], dct=doc.dct)}
    rows = tl.build_timeline("Tim Cook", [doc], parsed, timexes)
    assert [(ev, date) for _pos, date, ev in rows] == [("901-1-unveiled", "2014-09-09"), ("901-2-praised", "2014-09-10")]
    without = tl.build_timeline("Tim Cook", [doc], parsed, timexes, pronouns=False)
    assert [ev for _p, _d, ev in without] == ["901-1-unveiled"]
