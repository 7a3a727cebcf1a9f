"""The TimeML reader and the TempEval-3 style scorer behind ``tidings eval time``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tidings.cli import main
from tidings.eval.timeml import GoldTimex, find_tml, read_tml, score_doc
from tidings.model import Timex

SHARED = Path(os.environ.get("TIDINGS_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))
TIMEML = SHARED / "eval" / "timeml"

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-08-07" temporalFunction="false" functionInDocument="CREATION_TIME">August 7, 1998</TIMEX3></DCT>
<TEXT>
Officials <EVENT eid="e1" class="REPORTING">said</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-08-06">Thursday</TIMEX3> that AT&amp;T would pay <TIMEX3 tid="t2" type="DURATION" value="P2W" mod="APPROX">about two weeks</TIMEX3> of wages.
The strike began in <TIMEX3 tid="t3" type="DATE" value="1998-07">July</TIMEX3>.
</TEXT>
</TimeML>
"""


@pytest.fixture()
def tml_file(tmp_path):
    path = tmp_path / "sub" / "doc.tml"
    path.parent.mkdir()
    path.write_text(TML, encoding="utf-8")
    return path


def test_read_tml_keeps_positions_of_the_tag_free_text(tml_file):
    doc = read_tml(tml_file)
    assert doc.dct == "1998-08-07"
    assert "<" not in doc.text and "AT&T" in doc.text
    assert [t.text for t in doc.timexes] == ["Thursday", "about two weeks", "July"]
    for t in doc.timexes:
        assert doc.text[t.start:t.end] == t.text
    assert doc.timexes[1].mod == "APPROX" and doc.timexes[1].value == "P2W"


def test_find_tml_searches_folders_and_reports_missing_paths(tml_file, tmp_path):
    from tidings.errors import InputError

    assert find_tml([tmp_path]) == [tml_file]
    with pytest.raises(InputError, match="no such file"):
        find_tml([tmp_path / "nope"])
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="no .tml files"):
        find_tml([empty])


def test_read_tml_rejects_files_without_text(tmp_path):
    from tidings.errors import InputError

    bad = tmp_path / "bad.tml"
    bad.write_text("<TimeML><DOCID>x</DOCID></TimeML>", encoding="utf-8")
    with pytest.raises(InputError, match="no <TEXT>"):
        read_tml(bad)


def _sys(start, end, text, type_, value):
    return Timex(start=start, end=end, text=text, type=type_, value=value)


def test_score_doc_strict_relaxed_and_attributes():
    gold = [GoldTimex(0, 8, "Thursday", "DATE", "1998-08-06"),
            GoldTimex(20, 35, "about two weeks", "DURATION", "P2W"),
            GoldTimex(50, 54, "July", "DATE", "1998-07")]
    system = [_sys(0, 8, "Thursday", "DATE", "1998-08-06"),  # exact, right value
              _sys(26, 35, "two weeks", "DURATION", "P2W"),  # overlap only, right value
              _sys(60, 64, "noon", "TIME", "1998-08-07T12:00")]  # spurious
    scores = score_doc(gold, system).scores()
    assert scores["strict_precision"] == pytest.approx(1 / 3)
    assert scores["relaxed_precision"] == pytest.approx(2 / 3)
    assert scores["relaxed_recall"] == pytest.approx(2 / 3)
    assert scores["value_accuracy"] == 1.0
    assert scores["value_f1"] == pytest.approx(scores["relaxed_f1"])  # accuracy x relaxed F1


def test_score_doc_counts_a_wrong_value_once():
    gold = [GoldTimex(0, 4, "July", "DATE", "1998-07")]
    scores = score_doc(gold, [_sys(0, 4, "July", "DATE", "1997-07")]).scores()
    assert scores["strict_f1"] == 1.0
    assert scores["value_accuracy"] == 0.0 and scores["value_f1"] == 0.0
    assert scores["type_f1"] == 1.0


def test_cli_reports_a_bad_path_in_one_line(tmp_path):
    result = CliRunner().invoke(main, ["eval", "time", str(tmp_path / "missing")])
    assert result.exit_code == 2
    assert "[T100]" in result.output and "Traceback" not in result.output


@pytest.mark.model
def test_cli_scores_a_constructed_file(tml_file):
    result = CliRunner().invoke(main, ["eval", "time", str(tml_file.parent), "--json", "--per-file"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    overall = out["overall"]
    assert out["documents"] == 1 and overall["gold"] == 3
    # the extractor finds "Thursday" (1998-08-06) and "July" (1998-07) with the file's DCT
    assert overall["relaxed_recall"] == 1.0
    assert overall["value_accuracy"] == 1.0


@pytest.mark.model
@pytest.mark.gold
def test_dev_set_sample_scores():
    if not TIMEML.is_dir():
        pytest.skip("../shared/eval/timeml is not available")
    result = CliRunner().invoke(main, ["eval", "time", str(TIMEML), "--limit", "25", "--json"])
    assert result.exit_code == 0, result.output
    overall = json.loads(result.output)["overall"]
    assert overall["relaxed_f1"] >= 0.85
    assert overall["value_f1"] >= 0.70
