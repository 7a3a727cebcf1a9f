"""The event ontology files: PLOVER types, CAMEO roots/codes, correspondence, QuadClass, Goldstein."""

from __future__ import annotations

import pytest

from tidings.events import lexicon, ontology


def test_sixteen_plover_types_with_quads_and_modes():
    types = ontology.plover_types()
    assert len(types) == 16
    assert types["CONSULT"].quad == 1 and "visit" in types["CONSULT"].modes
    assert types["MOBILIZE"].quad == 4 and "weapons" in types["MOBILIZE"].modes
    assert types["SANCTION"].requires_recipient
    assert {t.quad for t in types.values()} == {1, 2, 3, 4}


def test_twenty_cameo_roots_with_quadclass():
    roots = ontology.cameo_roots()
    assert sorted(roots) == [f"{i:02d}" for i in range(1, 21)]
    assert [roots[r].quad for r in ("01", "05", "06", "08", "09", "13", "14", "20")] == [1, 1, 2, 2, 3, 3, 4, 4]
    assert roots["01"].plover is None  # PLOVER drops public statements


@pytest.mark.parametrize("code,expected", [
    ("042", ("CONSULT", "visit")),
    ("0841", ("RETREAT", "release")),
    ("085", ("RETREAT", "ease")),
    ("081", ("CONCEDE", None)),
    ("112", ("ACCUSE", "disapprove")),
    ("1124", ("ACCUSE", "allege")),
    ("163", ("SANCTION", "discontinue")),
    ("173", ("COERCE", "arrest")),
    ("195", ("ASSAULT", "heavy-weapons")),
    ("2042", ("ASSAULT", "unconventional")),
    ("015", (None, None)),
    ("023", ("REQUEST", "assist")),
])
def test_cameo_to_plover(code, expected):
    assert ontology.plover_for(code) == expected


def test_unknown_codes_fall_back_to_their_parent_or_root():
    assert ontology.plover_for("0429") == ("CONSULT", "visit")  # no such code: its parent 042
    assert ontology.plover_for("224") == (None, None)  # not CAMEO
    assert ontology.plover_for("") == (None, None)


def test_goldstein_and_quad_per_code():
    assert ontology.goldstein_for("057") == 8.0
    assert ontology.goldstein_for("190") == -10.0
    assert ontology.goldstein_for("042") == 1.9
    assert ontology.quad_for("0352") == 1
    assert ontology.quad_for("173") == 4
    assert ontology.cameo_root("0352") == "03"
    assert ontology.cameo_root("99") is None
    # every code has a score within the scale
    assert len(ontology.cameo_codes()) > 200
    assert all(-10 <= c.goldstein <= 10 for c in ontology.cameo_codes().values())


def test_every_lexicon_row_resolves_to_a_plover_type():
    rows = [e for entries in lexicon.entries().values() for e in entries]
    assert len(rows) > 200
    known = set(ontology.plover_types())
    assert all(e.plover in known for e in rows)
    assert all(ontology.cameo_root(e.cameo) for e in rows)
    modes = ontology.plover_types()
    assert all(e.mode is None or e.mode in modes[e.plover].modes or e.plover in ("RETREAT", "COERCE", "ASSAULT",
               "THREATEN") for e in rows)
