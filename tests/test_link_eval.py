"""The cross-document evals: ECB+ reading and coreference scores, SemEval-2015 timelines."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings.errors import InputError
from tidings.eval import ecb

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
    for system in ("lemma", "tidings"):
        scores = result["systems"][system]
        assert 0.3 < scores["CoNLL"]["f1"] < 1.0
    # grouping the topic's articles into stories should make the lemma clusters more precise
    assert result["systems"]["tidings"]["B3"]["precision"] > result["systems"]["lemma"]["B3"]["precision"]
