"""Checks on the curated actor dictionary in src/tidings/actors/data (plain csv, no spaCy)."""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "src" / "tidings" / "actors" / "data"

HEADERS = {
    "countries.tsv": ["iso3", "iso2", "name", "aliases", "demonyms", "capital", "metonyms", "cameo"],
    "organisations.tsv": ["code", "name", "aliases", "country", "sector", "note"],
    "media.tsv": ["name", "aliases", "country", "code", "note"],
    "offices.tsv": ["name", "aliases", "country", "office", "code", "start", "end", "note"],
}
OFFICES = {"head_of_state", "head_of_government", "foreign_minister", "defence_minister", "leader", "other"}
# CAMEO sector codes used in these files (README.md lists their meanings)
SECTORS = {
    "GOV", "MIL", "REB", "INS", "OPP", "PTY", "COP", "JUD", "LEG", "MED", "BUS", "CVL", "EDU", "ELI",
    "HLH", "LAB", "REF", "RAD", "SEP", "SPY", "HRI", "ENV", "REL", "AGR", "CRM", "DEV", "MNC", "IGO",
    "NGO", "UAF",
}
INTERNATIONAL = {"IGO", "NGO", "IMG", "MNC"}
UN_MEMBERS = 193
G20_AND_KOREAS = [
    "ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "MEX", "RUS", "SAU",
    "ZAF", "KOR", "TUR", "GBR", "USA", "PRK",
]
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def read(name: str) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a data file, skipping '#' comment lines."""
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#") and line.strip()]
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader)
    rows = []
    for number, cells in enumerate(reader, 2):
        assert len(cells) == len(header), f"{name} row {number}: {len(cells)} cells, expected {len(header)}: {cells}"
        rows.append(dict(zip(header, cells, strict=True)))
    return header, rows


@cache
def rows(name: str) -> list[dict[str, str]]:
    return read(name)[1]


def parse_date(value: str, end: bool = False) -> dt.date:
    """An ISO date; a partial date is the first day of its period, or the last day when ``end``."""
    match = DATE.match(value)
    assert match, f"bad date {value!r}"
    year, month, day = match.groups()
    if day:
        return dt.date(int(year), int(month), int(day))
    if month:
        first = dt.date(int(year), int(month), 1)
        if not end:
            return first
        following = dt.date(int(year) + (month == "12"), int(month) % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return dt.date(int(year), 12, 31) if end else dt.date(int(year), 1, 1)


def country_codes() -> set[str]:
    codes = set()
    for row in rows("countries.tsv"):
        codes.add(row["iso3"])
        if row["cameo"]:
            codes.add(row["cameo"])
    return codes


def code_ok(code: str, country: str) -> bool:
    """country prefix + one or more sectors, or IGO/NGO/IMG/MNC + a 3-letter group code."""
    if not country:
        return bool(re.fullmatch(r"(IGO|NGO|IMG|MNC)[A-Z]{3}", code))
    prefixes = {country} | {r["cameo"] for r in rows("countries.tsv") if r["iso3"] == country and r["cameo"]}
    for prefix in prefixes:
        rest = code[len(prefix):]
        if code.startswith(prefix) and rest and len(rest) % 3 == 0:
            if all(rest[i:i + 3] in SECTORS for i in range(0, len(rest), 3)):
                return True
    return False


@cache
def terms_by_country() -> dict[str, list[tuple[str, dt.date, dt.date, str]]]:
    """country -> (office, start, end, name) for every row of offices.tsv."""
    terms: dict[str, list[tuple[str, dt.date, dt.date, str]]] = {}
    for row in rows("offices.tsv"):
        start = parse_date(row["start"])
        end = parse_date(row["end"], end=True) if row["end"] else dt.date.max
        terms.setdefault(row["country"], []).append((row["office"], start, end, row["name"]))
    return terms


def holders(country: str, offices: set[str], day: dt.date) -> list[str]:
    """Names of the people holding one of ``offices`` in ``country`` on ``day``."""
    return [name for office, start, end, name in terms_by_country().get(country, [])
            if office in offices and start <= day <= end]


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_headers(name):
    header, data = read(name)
    assert header == HEADERS[name]
    assert data, f"{name} has no rows"


def test_partial_dates_cover_their_period():
    assert parse_date("2018-06") == dt.date(2018, 6, 1)
    assert parse_date("2018-02", end=True) == dt.date(2018, 2, 28)
    assert parse_date("2018-12", end=True) == dt.date(2018, 12, 31)
    assert parse_date("2014", end=True) == dt.date(2014, 12, 31)


def test_code_rule_rejects_bad_codes():
    assert code_ok("USAGOV", "USA")
    assert code_ok("PRKMED", "PRK")
    assert code_ok("IGOUNO", "")
    assert code_ok("ROMGOV", "ROU")  # CAMEO's code for Romania
    assert not code_ok("USAXYZ", "USA")
    assert not code_ok("GBRGOV", "USA")
    assert not code_ok("UNO", "")


def test_country_names_and_aliases_are_unique():
    seen: dict[str, str] = {}
    for row in rows("countries.tsv"):
        for name in [row["name"], *row["aliases"].split("|")]:
            key = name.casefold()
            assert key not in seen or seen[key] == row["iso3"], f"{name!r} names {seen.get(key)} and {row['iso3']}"
            seen[key] = row["iso3"]


def test_country_codes_are_well_formed():
    for row in rows("countries.tsv"):
        assert re.fullmatch(r"[A-Z]{3}", row["iso3"]), row
        assert re.fullmatch(r"[A-Z]{2}", row["iso2"]), row
        assert row["cameo"] == "" or re.fullmatch(r"[A-Z]{3}", row["cameo"]), row
        assert row["cameo"] != row["iso3"], f"{row['iso3']}: leave cameo empty when it equals iso3"
    assert len({r["iso3"] for r in rows("countries.tsv")}) == len(rows("countries.tsv"))


def test_every_un_member_is_a_country():
    members = [r for r in rows("countries.tsv") if r["iso3"] not in NON_MEMBERS]
    assert len(members) == UN_MEMBERS
    by_name = {r["name"] for r in rows("countries.tsv")}
    for name in ("United States", "North Korea", "South Korea", "Singapore", "South Sudan", "Tuvalu"):
        assert name in by_name


NON_MEMBERS = {"PSE", "VAT", "TWN", "XKX", "HKG", "MAC", "ESH", "PRI", "GRL", "COK", "NIU", "SCG"}


def test_seed_aliases_resolve():
    aliases = {}
    for row in rows("countries.tsv"):
        for name in [row["name"], *row["aliases"].split("|"), *row["metonyms"].split("|")]:
            aliases.setdefault(name, row["iso3"])
    assert aliases["U.S."] == "USA"
    assert aliases["DPRK"] == "PRK"
    assert aliases["Pyongyang"] == "PRK"
    assert aliases["Washington"] == "USA"
    assert aliases["Kremlin"] == "RUS"
    assert aliases["Republic of Korea"] == "KOR"


@pytest.mark.parametrize("name", ["organisations.tsv", "media.tsv", "offices.tsv"])
def test_countries_exist(name):
    known = {r["iso3"] for r in rows("countries.tsv")}
    unknown = sorted({r["country"] for r in rows(name) if r["country"] and r["country"] not in known})
    assert not unknown, f"{name}: countries not in countries.tsv: {unknown}"


@pytest.mark.parametrize("name", ["organisations.tsv", "media.tsv", "offices.tsv"])
def test_codes_have_country_prefix_and_known_sector(name):
    bad = [(r["name"], r["country"], r["code"]) for r in rows(name) if not code_ok(r["code"], r["country"])]
    assert not bad, f"{name}: bad codes {bad[:20]}"


def test_organisation_sector_matches_code():
    for row in rows("organisations.tsv"):
        if row["country"]:
            assert row["sector"] and row["sector"] in row["code"][3:], row
        else:
            assert row["sector"] in ("", *INTERNATIONAL, *SECTORS), row


def test_no_duplicate_rows():
    for name, key in (("organisations.tsv", ("code", "name")), ("media.tsv", ("name",)),
                      ("offices.tsv", ("name", "country", "office", "start"))):
        seen = set()
        for row in rows(name):
            k = tuple(row[c] for c in key)
            assert k not in seen, f"{name}: duplicate {k}"
            seen.add(k)


def test_office_rows_are_valid():
    for row in rows("offices.tsv"):
        assert row["office"] in OFFICES, row
        assert row["start"], f"{row['name']}: no start date"
        start = parse_date(row["start"])
        if row["end"]:
            assert start <= parse_date(row["end"], end=True), f"{row['name']}: ends before it starts"
        assert row["note"], f"{row['name']}: no source note"

def test_no_bare_surnames_in_aliases():
    """The coder resolves surnames itself ("Kim" is ambiguous): aliases are full names or nicknames."""
    surnames = {r["name"].split()[-1] for r in rows("offices.tsv") if " " in r["name"]}
    for row in rows("offices.tsv"):
        for alias in filter(None, row["aliases"].split("|")):
            assert " " in alias or alias not in surnames, f"{row['name']}: alias {alias!r} is a bare surname"


def test_seed_people_and_terms():
    def terms(name):
        return sorted((r["office"], r["start"], r["end"]) for r in rows("offices.tsv") if r["name"] == name)

    assert ("head_of_state", "2017-01-20", "2021-01-20") in terms("Donald Trump")
    assert ("head_of_state", "2025-01-20", "") in terms("Donald Trump")
    assert ("leader", "2011-12-17", "") in terms("Kim Jong-un")
    assert ("leader", "1994-07-08", "2011-12-17") in terms("Kim Jong-il")
    assert ("head_of_state", "2017-05-10", "2022-05-10") in terms("Moon Jae-in")
    assert ("head_of_state", "1993-01-20", "2001-01-20") in terms("Bill Clinton")
    assert ("foreign_minister", "1997-01-23", "2001-01-20") in terms("Madeleine Albright")
    assert holders("SGP", {"head_of_government"}, dt.date(2018, 6, 12)) == ["Lee Hsien Loong"]


def test_terms_of_one_office_do_not_overlap_much():
    """Two people holding the same office for more than 40 days at once usually means a wrong date."""
    by_office: dict[tuple[str, str, str], list[tuple[dt.date, dt.date, str]]] = {}
    for row in rows("offices.tsv"):
        if row["office"] == "other" or "acting" in row["note"] or "shared office" in row["note"]:
            continue
        start = parse_date(row["start"])
        end = parse_date(row["end"], end=True) if row["end"] else dt.date(2026, 11, 30)
        by_office.setdefault((row["country"], row["code"], row["office"]), []).append((start, end, row["name"]))
    problems = []
    for key, terms in by_office.items():
        terms.sort()
        for (_s1, e1, n1), (s2, e2, n2) in zip(terms, terms[1:], strict=False):
            if (min(e1, e2) - s2).days > 40:
                problems.append((key, n1, n2))
    assert not problems, f"overlapping terms: {problems[:20]}"


def test_every_un_member_has_a_head_on_summit_day():
    day = dt.date(2018, 6, 12)
    heads = {"head_of_state", "head_of_government", "leader"}
    missing = [r["iso3"] for r in rows("countries.tsv")
               if r["iso3"] not in NON_MEMBERS and not holders(r["iso3"], heads, day)]
    assert not missing, f"no head of state or government on {day} for: {missing}"


@pytest.mark.parametrize("day", [dt.date(2018, 6, 12), dt.date(2010, 1, 1)])
@pytest.mark.parametrize("office", ["foreign_minister", "defence_minister"])
def test_g20_and_koreas_have_ministers(office, day):
    missing = [c for c in G20_AND_KOREAS if not holders(c, {office}, day)]
    assert not missing, f"no {office} on {day} for: {missing}"


@pytest.mark.parametrize("day", [dt.date(2018, 6, 12), dt.date(2010, 1, 1)])
def test_international_heads(day):
    codes = {r["code"] for r in rows("offices.tsv") if not r["country"]
             and parse_date(r["start"]) <= day <= (parse_date(r["end"], end=True) if r["end"] else dt.date.max)}
    assert {"IGOUNO", "IGONAT", "IGOEEC"} <= codes


# Periods with no head of state or government in offices.tsv, and why (checked weekly 2000-01 .. 2025-06).
KNOWN_GAPS = {
    "SMR": (dt.date(2000, 1, 1), dt.date(2008, 12, 3), "Captains Regent listed only for 2018-04..10"),
    "SSD": (dt.date(2000, 1, 1), dt.date(2011, 7, 9), "independent from 2011-07-09"),
    "TLS": (dt.date(2000, 1, 1), dt.date(2002, 5, 20), "UN administration until independence"),
    "SOM": (dt.date(2000, 1, 1), dt.date(2000, 8, 27), "no national government before the TNG"),
    "IRQ": (dt.date(2003, 4, 9), dt.date(2004, 6, 28), "Coalition Provisional Authority"),
}


def test_heads_are_continuous_since_2000():
    """Every UN member has a head of state or government on every week, apart from KNOWN_GAPS.

    A missing week or two around a hand-over is tolerated; longer holes mean a missing row.
    """
    heads = {"head_of_state", "head_of_government", "leader"}
    members = [r["iso3"] for r in rows("countries.tsv") if r["iso3"] not in NON_MEMBERS]
    holes = {}
    day = dt.date(2000, 1, 1)
    while day < dt.date(2025, 7, 1):
        for country in members:
            gap = KNOWN_GAPS.get(country)
            if gap and gap[0] <= day < gap[1]:
                continue
            if not holders(country, heads, day):
                holes.setdefault(country, []).append(day)
        day += dt.timedelta(days=7)
    long_holes = {}
    for country, days in holes.items():
        runs, run = [], [days[0]]
        for d in days[1:]:
            if (d - run[-1]).days == 7:
                run.append(d)
            else:
                runs.append(run)
                run = [d]
        runs.append(run)
        long_runs = [(r[0].isoformat(), r[-1].isoformat()) for r in runs if len(r) > 2]
        if long_runs:
            long_holes[country] = long_runs
    assert not long_holes, f"no head of state or government for 3+ weeks: {long_holes}"


def fold(text: str) -> str:
    """Lower case without accents or hyphens: "José Manuel Durão" -> "jose manuel durao"."""
    text = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().replace("-", " ").split())


def test_one_person_one_canonical_name():
    """A name or alias of one person is never another row's canonical name (same person, two spellings)."""
    names = {fold(r["name"]): r["name"] for r in rows("offices.tsv")}
    clashes = set()
    for row in rows("offices.tsv"):
        for alias in filter(None, row["aliases"].split("|")):
            other = names.get(fold(alias))
            if other and other != row["name"]:
                clashes.add((row["name"], alias, other))
        other = names.get(fold(row["name"]))
        if other != row["name"]:
            clashes.add((row["name"], row["name"], other))
    assert not clashes, f"the same person under two names: {sorted(clashes)}"


# Phrases that really name two actors; the coder decides from context ("Saudi King Abdullah").
AMBIGUOUS = {"king abdullah"}


def test_a_phrase_names_one_actor():
    """No name, alias, capital or metonym points at two different actors (countries, codes, people)."""
    owners: dict[str, set[str]] = {}

    def own(phrase: str, owner: str) -> None:
        if phrase:
            owners.setdefault(" ".join(phrase.lower().replace("\u2019", "'").split()), set()).add(owner)

    for row in rows("countries.tsv"):
        for phrase in [row["name"], row["capital"], *row["aliases"].split("|"), *row["metonyms"].split("|")]:
            own(phrase, "country " + row["iso3"])
    for name in ("organisations.tsv", "media.tsv"):
        for row in rows(name):
            for phrase in [row["name"], *row["aliases"].split("|")]:
                own(phrase, "code " + row["code"])
    for row in rows("offices.tsv"):
        for phrase in [row["name"], *row["aliases"].split("|")]:
            own(phrase, "person " + row["name"])
    clashes = {p: sorted(o) for p, o in owners.items() if len(o) > 1 and p not in AMBIGUOUS}
    assert not clashes, f"phrases naming two actors: {clashes}"


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_cells_are_clean(name):
    """No stray spaces, empty '|' values, or an alias repeating the row's own name."""
    for row in rows(name):
        for column, value in row.items():
            assert value == value.strip() and "  " not in value, f"{name}: {row['name']}: spaces in {column}"
            if "|" in value:
                assert all(part.strip() for part in value.split("|")), f"{name}: {row['name']}: empty value in {column}"
        aliases = row["aliases"].split("|")
        assert len(set(aliases)) == len(aliases), f"{name}: {row['name']}: repeated alias"
        if name != "countries.tsv":  # a country's aliases start with its name
            assert row["name"] not in aliases, f"{name}: {row['name']}: alias repeats the name"
