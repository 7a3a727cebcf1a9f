"""``tidings eval events`` on PLV files: reading the marked sentences and the per-sentence figures."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tidings.eval import events as ev
from tidings.eval import plv

HEADER = "sentence_id\tsentence\tmarked_sentence\tsource\ttarget\tplover_root\tmodality\n"
ROWS = [
    ("1", "<s>Russia</s> attacked <t>Ukraine</t> on Monday.", "Russia", "Ukraine", "ASSAULT", "past"),
    ("2", "<s>Israel</s> freed <t>20 Palestinian prisoners</t>.", "Israel", "20 Palestinian prisoners",
     "YIELD", "past"),
    ("3", "<s>France</s> and <t>Germany</t> met in Paris.", "France", "Germany", "CONSULT", "past"),
    ("4", "The weather in <s>Paris</s> was fine for <t>Berlin</t>.", "Paris", "Berlin", "PROTEST", "past"),
]


def _file(tmp_path, rows=ROWS):
    path = tmp_path / "mini.tsv"
    lines = [HEADER] + [f"{i}\t{m.replace('<s>', '').replace('</s>', '').replace('<t>', '').replace('</t>', '')}"
                        f"\t{m}\t{s}\t{t}\t{k}\t{mo}\n" for i, m, s, t, k, mo in rows]
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_read_plv_offsets_and_yield(tmp_path):
    sentences = plv.read_plv(_file(tmp_path))
    first = sentences[0]
    assert first.text == "Russia attacked Ukraine on Monday."
    assert first.text[slice(*first.source)] == "Russia" and first.text[slice(*first.target)] == "Ukraine"
    assert sentences[1].text[slice(*sentences[1].target)] == "20 Palestinian prisoners"
    assert sentences[1].type == "YIELD"
    assert plv.is_plv(_file(tmp_path)) and not plv.is_plv(tmp_path / "nothing.tsv")


def test_not_a_plv_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("a\tb\n1\t2\n", encoding="utf-8")
    import pytest

    from tidings.errors import InputError

    with pytest.raises(InputError, match="not a PLV file"):
        plv.read_plv(bad)


def test_score_plv_types_attachment_and_bands(tmp_path):
    errors: list = []
    r = plv.score_plv(_file(tmp_path), errors=errors, cache_dir=tmp_path / "cache")
    assert r["sentences"] == 4
    s = r["plover_type"]
    # ASSAULT, YIELD (RETREAT counted as YIELD) and CONSULT are found; the weather is no PROTEST
    assert s["tp"] == 3 and s["fn"] == 1
    assert r["confusion"]["PROTEST"] == {"none": 1}
    assert r["confusion"]["YIELD"] == {"YIELD": 1}
    # Russia -> Ukraine; Israel -> the prisoners; France and Germany met: a joint event, Germany the other party
    assert r["attachment"]["source"] == {"agree": 3, "compared": 3, "rate": 1.0}
    assert r["attachment"]["target"]["agree"] == 3
    assert r["mode_agreement"]["strict"]["agree"] == 3
    assert sum(b["events"] for b in r["confidence_bands"]) >= 3
    assert [e["id"] for e in errors if e["kind"] == "miss"] == ["4"]
    # the parses were cached and read back: same figures
    again = plv.score_plv(_file(tmp_path), cache_dir=tmp_path / "cache")
    assert again["plover_type"] == s and list((tmp_path / "cache").glob("*.spacy"))


def test_command_detects_plv(tmp_path):
    result = CliRunner().invoke(ev.command, [str(_file(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["results"][0]["format"] == "plv"
    text = CliRunner().invoke(ev.command, [str(_file(tmp_path)), "--errors"])
    assert "PLOVER root" in text.output and "miss: gold PROTEST" in text.output
