"""The actor dictionary loader: TSV rules, clear file:line errors, terms in office (no spaCy)."""

from __future__ import annotations

import pytest

from tidings.actors.dictionary import Term, build_dictionary, surname_keys
from tidings.actors.registry import ArticleRegistry, name_keys
from tidings.errors import ConfigError
from tidings.model import Actor

COUNTRIES = "iso3\tiso2\tname\taliases\tdemonyms\tcapital\tmetonyms\tcameo\n" \
            "ARN\tAN\tArnor\tNorth Kingdom\tArnorian|Arnorians\tFornost\tFornost\t\n"


def write(folder, name, text):
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_reads_rows_and_tolerates_missing_optional_columns(tmp_path):
    write(tmp_path, "countries.tsv", "# a comment\n" + COUNTRIES)
    # media with only the required columns, a trailing comment line and a blank line
    write(tmp_path, "media.tsv", "name\tcode\nThe Fornost Herald\tARNMED\n\n# end\n")
    write(tmp_path, "organisations.tsv", "code\tname\taliases\nIGOGDR\tGrey Council\tthe Council\n")
    write(tmp_path, "offices.tsv", "name\taliases\tcountry\toffice\tcode\tstart\tend\n"
                                   "Aragorn Elessar\tStrider\tARN\thead_of_state\tARNGOV\t3019-03\t\n")
    d = build_dictionary(tmp_path, geonames=False)
    assert d.countries["ARN"].demonyms == ("Arnorian", "Arnorians")
    assert [e.kind for e in d.lookup("fornost")] == ["capital", "metonym"]
    assert d.organisations[d.lookup("the fornost herald")[0].key].code == "ARNMED"
    council = [o for o in d.organisations.values() if o.code == "IGOGDR"]
    assert council and council[0].country is None and council[0].name == "Grey Council"
    person = d.people["Aragorn Elessar"]
    assert person.terms[0].end is None and "strider" in person.aliases
    assert "elessar" in d.surnames


@pytest.mark.parametrize("name, text, message", [
    ("countries.tsv", "iso3\tname\nAR\tArnor\n", "countries.tsv:2: iso3 'AR'"),
    ("countries.tsv", "iso3\tcapital\nARN\tFornost\n", "countries.tsv:1: header lacks required column(s) name"),
    ("offices.tsv", "name\tcountry\toffice\tcode\tstart\nX Y\tARN\tking\tARNGOV\t2001\n", "offices.tsv:2: office 'king'"),
    ("offices.tsv", "name\tcountry\tcode\tstart\nX Y\tARN\tARNGOV\t20-01-2001\n", "offices.tsv:2: start '20-01-2001'"),
    ("offices.tsv", "name\tcountry\tcode\n# note\nX Y\tARN\tarn gov!\n", "offices.tsv:3: code 'ARN GOV!'"),
    ("media.tsv", "name\tcode\nHerald\tARNMED\textra\n", "media.tsv:2: 3 cells but the header has 2 columns"),
    ("organisations.tsv", "code\tname\n\tNameless\n", "organisations.tsv:2: empty required column 'code'"),
])
def test_bad_rows_name_file_and_line(tmp_path, name, text, message):
    write(tmp_path, "countries.tsv", COUNTRIES)
    write(tmp_path, name, text)
    with pytest.raises(ConfigError) as err:
        build_dictionary(tmp_path, geonames=False)
    assert message in str(err.value)
    assert str(err.value).startswith("[T300]") and "\n" not in str(err.value)


def test_bad_title_lexicon_row(tmp_path):
    write(tmp_path, "countries.tsv", COUNTRIES)
    titles = write(tmp_path, "titles.tsv", "title\tkind\tsector\nsteward\tperson\tGOVERN\n") / "titles.tsv"
    with pytest.raises(ConfigError, match=r"titles.tsv:2: sector 'GOVERN'"):
        build_dictionary(tmp_path, titles=titles, geonames=False)


def test_term_windows():
    term = Term("head_of_state", "USAGOV", "USA", "2017-01-20", "2021-01-20")
    assert term.covers("2018-06-12", "2018-06-12")
    assert not term.covers("2023-12-04", "2023-12-04")
    assert term.covers("2021-01-01", "2021-12-31")  # a year that overlaps the term
    assert Term("leader", "PRKGOV", "PRK", "2011-12", None).covers("2030-01-01", "2030-01-01")
    assert Term("other", "X", None, "1994", "2011").ended_before("2012-01-01")


def test_surname_keys_by_naming_order():
    assert surname_keys("Barack Obama", "USA") == {"obama"}
    assert surname_keys("Kim Jong-un", "PRK") == {"kim"}
    assert surname_keys("Moon Jae-in", "KOR") == {"moon"}
    assert surname_keys("Bashar al-Assad", "SYR") == {"al-assad", "assad"}
    assert surname_keys("Martin Luther King Jr.", "USA") == {"king"}
    assert surname_keys("Pele", "BRA") == set()


def test_article_registry_keeps_namesakes_apart():
    registry = ArticleRegistry()

    def actor(start, name, code):
        return Actor(start, start + len(name), name, name, code, code[:3], code[3:] or None, "dictionary")

    registry.establish("person:kim-jong-un", "Kim Jong-un", actor(0, "Kim Jong-un", "PRKGOV"), "person")
    registry.establish("person:kim-yo-jong", "Kim Yo-jong", actor(100, "Kim Yo-jong", "PRKGOV"), "person")
    registry.establish("person:kim-jong-un", "Kim Jong-un", actor(200, "Kim Jong-un", "PRKGOV"), "person")
    candidates = registry.by_name("Kim", "person")
    assert {k.name for k in candidates} == {"Kim Jong-un", "Kim Yo-jong"}
    assert registry.most_salient(candidates, 230).name == "Kim Jong-un"  # the most recent
    # far from both: the most mentioned
    assert registry.most_salient(candidates, 5000).name == "Kim Jong-un"
    assert name_keys("Ben Westcott") == {"ben", "westcott"}


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match=r"\[T300\] .*no such actor dictionary folder"):
        build_dictionary(tmp_path / "nowhere")
