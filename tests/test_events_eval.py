"""``tidings eval events``: reading PETRARCH validation XML and scoring per-sentence type sets."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tidings.errors import InputError
from tidings.eval import events as ev

XML = """<Validation>
<!-- <Sentence id="COMMENTED"> is ignored -->
<Sentences>
<Sentence date="20150609" id="A1" category="TEST"/>
<EventCoding eventcode="190" sourcecode="RUS" targetcode="UKR" />
<Text>
Russia attacked Ukraine on Monday.
</Text>
</Sentence>
<Sentence date="20150609" id="A2" category="TEST">
<EventCoding noevents="True" />
<Text>The weather was fine in Paris.</Text>
</Sentence>
<Sentence date="121108" id="A3">
<EventCoding sourcecode='FRA' targetcode="DEU" eventcode="042">
<EventCoding sourcecode="DEU" targetcode="FRA" eventcode="043">
<Text>France visited Germany.</Text>
</Sentence>
<Sentence date="20150609" id="EMPTY"><Text> </Text></Sentence>
</Sentences>
</Validation>
"""


@pytest.fixture()
def xml_file(tmp_path):
    path = tmp_path / "mini.xml"
    path.write_text(XML, encoding="utf-8")
    return path


def test_read_validation(xml_file):
    sentences = ev.read_validation(xml_file)
    assert [s.id for s in sentences] == ["A1", "A2", "A3"]  # comments and empty texts skipped
    assert sentences[0].text == "Russia attacked Ukraine on Monday."
    assert sentences[0].date == "2015-06-09" and sentences[2].date == "2012-11-08"
    assert [(c.source, c.target, c.code) for c in sentences[0].codings] == [("RUS", "UKR", "190")]
    assert sentences[1].noevents and not sentences[1].codings
    assert [c.code for c in sentences[2].codings] == ["042", "043"]


def test_counts_micro_average():
    counts = ev.Counts()
    counts.add({"CONSULT", "AGREE"}, {"CONSULT"})
    counts.add(set(), {"ASSAULT"})
    counts.add({"ACCUSE"}, set())
    assert (counts.tp, counts.fp, counts.fn) == (1, 2, 1)
    s = counts.scores()
    assert s["precision"] == 0.333 and s["recall"] == 0.5 and s["f1"] == 0.4


def test_bad_input_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<html>nothing</html>", encoding="utf-8")
    with pytest.raises(InputError, match="no <Sentence> records"):
        ev.read_validation(bad)
    result = CliRunner().invoke(ev.command, [str(tmp_path / "missing.xml")])
    assert result.exit_code != 0 and "no such file" in str(result.exception)


def test_fallback_coder_codes_countries_sectors_and_igos():
    from tidings import nlp

    doc = nlp.parse("Syrian rebels and the United Nations met US officials while insurgents fled.")
    found = {a.text: a.code for a in ev.fallback_actors(doc)}
    assert found["Syrian rebels"] == "SYRREB"
    assert found["United Nations"] == "IGOUNO"
    assert found["US officials"] == "USAGOV"
    assert found["insurgents"] == "---REB"


@pytest.mark.model
def test_score_file_on_a_small_file(xml_file):
    result = ev.score_file(xml_file, actors_mode="fallback")
    assert result["sentences"] == 3
    types = result["plover_type"]
    assert types["tp"] == 2 and types["fn"] == 0  # ASSAULT in A1, CONSULT in A3
    assert result["actor_country_agreement"]["source"]["compared"] >= 1


@pytest.mark.model
def test_command_json(xml_file):
    out = CliRunner().invoke(ev.command, [str(xml_file), "--json", "--errors", "--actors", "fallback"])
    assert out.exit_code == 0, out.output
    payload = json.loads(out.output)
    assert payload["results"][0]["file"] == "mini.xml"
    assert isinstance(payload["errors"], list)


@pytest.mark.gold
@pytest.mark.model
def test_gsr_validation_plover_f1():
    path = ev.shared_dir() / "eval" / "events" / "PETR2_GSR_validation.xml"
    if not path.exists():
        pytest.skip("../shared/eval is not available")
    result = ev.score_file(path, actors_mode="fallback")
    assert result["sentences"] == 77
    assert result["plover_type"]["f1"] >= 0.75


NON_CAMEO = """<Sentences>
<Sentence date="20150609" id="B1">
<EventCoding eventcode="190" sourcecode="RUS" targetcode="UKR" />
<Text>Russia attacked Ukraine on Monday.</Text>
</Sentence>
<Sentence date="20150609" id="B2">
<EventCoding eventcode="1717" sourcecode="FRA" targetcode="DEU" />
<Text>France visited Germany.</Text>
</Sentence>
</Sentences>
"""


@pytest.mark.model
def test_scores_over_all_codes_and_over_valid_cameo_codes(tmp_path):
    path = tmp_path / "codes.xml"
    path.write_text(NON_CAMEO, encoding="utf-8")
    result = ev.score_file(path, actors_mode="fallback")
    # all codings: "1717" is not a CAMEO code but its parent 171 is COERCE, so the visit is both a miss and a
    # false alarm; over valid CAMEO codes the sentence is left out entirely
    assert (result["plover_type"]["tp"], result["plover_type"]["fp"], result["plover_type"]["fn"]) == (1, 1, 1)
    valid = result["valid_cameo"]
    assert valid["sentences"] == 1
    assert (valid["plover_type"]["tp"], valid["plover_type"]["fp"], valid["plover_type"]["fn"]) == (1, 0, 0)
    out = CliRunner().invoke(ev.command, [str(path), "--actors", "fallback"])
    assert "all gold codings (2 sentences)" in out.output
    assert "only sentences whose gold codes are all valid CAMEO codes (1 sentences)" in out.output


@pytest.mark.gold
@pytest.mark.model
def test_unit_test_about_to_sentences_give_planned_events_with_named_actors():
    """PETRARCH's 60 "X is about to restore ... ties with Y" variants, mostly fictional names."""
    import re

    from tidings import nlp
    from tidings.events import extract_events

    path = ev.shared_dir() / "eval" / "events" / "PETR.UnitTest.records.xml"
    if not path.exists():
        pytest.skip("../shared/eval is not available")
    sentences = [s for s in ev.read_validation(path) if re.search(r"is about to (restore|improve)", s.text)]
    assert len(sentences) >= 40
    good = ties = 0
    for sentence, doc in zip(sentences, nlp.parse_many(s.text for s in sentences), strict=True):
        events = extract_events(doc, actors=ev.fallback_actors(doc), timexes=[], places=[], dct=sentence.date)
        if re.search(r"diplomatic ties", sentence.text):
            ties += 1
            good += any(e.type == "SUPPORT" and e.modality == "planned" and e.actors and e.confidence >= 0.5
                        for e in events)
        else:  # "restore the African Nations Cup to Gondor" restores no relations
            assert not [e for e in events if e.type == "SUPPORT"], sentence.text
    assert ties >= 40 and good / ties >= 0.9
