"""The PLV scorer's attachment-miss listing (``python -m tidings.eval.plv``) and its figures by
sentence-id parity."""

from __future__ import annotations

import pytest

from tidings.eval import plv

HEADER = "sentence_id\tsentence\tmarked_sentence\tsource\ttarget\tplover_root\tmodality\n"
ROWS = [
    # attached right: no miss
    ("1", "<s>Russia</s> attacked <t>Ukraine</t> on Monday.", "Russia", "Ukraine", "ASSAULT", "past"),
    # the gold target is the place, the coder takes the object: a target miss
    ("2", "<s>Taliban suicide bombers</s> killed 48 people in <t>Afghanistan</t> on Tuesday.",
     "Taliban suicide bombers", "Afghanistan", "ASSAULT", "past"),
    # no event of the gold type: not an attachment miss at all
    ("3", "The weather in <s>Paris</s> was fine for <t>Berlin</t>.", "Paris", "Berlin", "PROTEST", "past"),
]


def _file(tmp_path):
    path = tmp_path / "mini.tsv"
    lines = [HEADER] + [f"{i}\t{m.replace('<s>', '').replace('</s>', '').replace('<t>', '').replace('</t>', '')}"
                        f"\t{m}\t{s}\t{t}\t{k}\t{mo}\n" for i, m, s, t, k, mo in ROWS]
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.mark.model
def test_attachment_misses_name_the_gold_head_and_what_was_produced(tmp_path):
    misses: list = []
    result = plv.score_plv(_file(tmp_path), misses=misses)
    assert [(m["id"], m["role"]) for m in misses] == [("2", "target")]
    (miss,) = misses
    assert miss["head"] == "Afghanistan" and miss["head_dep"] == "pobj<in"
    assert "48 people" in miss["produced"] and miss["gold_type"] == "ASSAULT"
    parity = result["attachment_by_parity"]
    assert parity["target_odd"] == {"agree": 1, "compared": 1, "rate": 1.0}
    assert parity["target_even"] == {"agree": 0, "compared": 1, "rate": 0.0}
    assert result["attachment"]["target"]["compared"] == 2


@pytest.mark.model
def test_the_listing_command_prints_misses_and_parity(tmp_path, capsys):
    plv.main([str(_file(tmp_path)), "--role", "target"])
    out = capsys.readouterr().out
    assert "[2] target ASSAULT gold 'Afghanistan' head 'Afghanistan' (pobj<in)" in out
    assert "target_odd" in out and "target_even" in out and "[1]" not in out
