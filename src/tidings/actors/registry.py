"""Remembers who an article (or a corpus) has already named, so later mentions inherit their code.

``ArticleRegistry`` is per article: "Kim Jong-un" establishes a person whose surname and
given names become aliases, so a later bare "Kim" or "the North Korean leader" resolves
to him (the most recent, then the most mentioned, of the people who fit). Different
people with a shared surname stay apart: each keeps its own ``entity_id``.

``CorpusRegistry`` is optional and spans articles: it learns the codes that articles
establish with good confidence ("Ben Westcott" -> USAMED) and offers them, at lower
confidence, to later articles that mention the name with no other clue. Pass one to
``code_actors(..., registry=...)``; the pipeline calls the per-article form only.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..model import Actor

_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")


def name_keys(name: str) -> set[str]:
    """The single words a person may later be called by: each capitalised name part.

    "Kim Jong-un" -> {"kim", "jong-un"}, "Ben Westcott" -> {"ben", "westcott"}: the
    registry stores both ends of a name, because family names come first in Korean and
    Chinese names and last in most others.
    """
    parts = [p for p in re.split(r"\s+", name.strip()) if p and not p.endswith(".")]
    keys = set()
    if len(parts) >= 2:
        keys.add(parts[0].lower())
        keys.add(parts[-1].lower())
    for key in list(keys):
        for particle in ("al-", "el-", "bin-", "ibn-"):
            if key.startswith(particle):
                keys.add(key[len(particle):])
    return keys


@dataclass
class Known:
    """One person or organisation the article has established."""

    entity_id: str
    name: str
    code: str | None
    country: str | None
    sector: str | None
    kind: str  # "person" | "organisation" | "government" | "country"
    offices: set[str] = field(default_factory=set)
    mentions: int = 0
    last: int = -1  # character offset of the latest mention
    first: int = -1  # character offset of the first mention


class ArticleRegistry:
    """Entities established so far in one article, for aliases and coreference."""

    def __init__(self) -> None:
        self.known: dict[str, Known] = {}
        self._by_key: dict[str, list[str]] = defaultdict(list)

    def establish(self, entity_id: str, name: str, actor: Actor, kind: str,
                  aliases: set[str] | None = None, offices: set[str] | None = None) -> Known:
        """Record a mention of an entity (creating it on first sight) and return it."""
        known = self.known.get(entity_id)
        if known is None:
            known = Known(entity_id, name, actor.code, actor.country, actor.sector, kind, first=actor.start)
            self.known[entity_id] = known
            keys = {name.lower()} | (aliases or set())
            if kind == "person":
                keys |= name_keys(name)
            for key in keys:
                if entity_id not in self._by_key[key]:
                    self._by_key[key].append(entity_id)
        elif known.code is None and actor.code:
            known.code, known.country, known.sector = actor.code, actor.country, actor.sector
        known.offices |= offices or set()
        known.mentions += 1
        known.last = max(known.last, actor.start)
        return known

    def by_name(self, text: str, kind: str | None = None) -> list[Known]:
        """Entities a name (full, alias or single name part) may refer to."""
        found = [self.known[e] for e in self._by_key.get(text.lower().strip(), [])]
        return [k for k in found if kind is None or k.kind == kind]

    def by_role(self, country: str | None, sector: str | None, offices: set[str],
                kind: str = "person") -> list[Known]:
        """People whose country and sector fit a title ("the North Korean leader")."""
        found = []
        for known in self.known.values():
            if known.kind != kind or known.code is None:
                continue
            if country and known.country != country:
                continue
            if sector and known.sector != sector:
                continue
            if offices and known.offices and not (offices & known.offices):
                continue
            found.append(known)
        return found

    @staticmethod
    def most_salient(candidates: list[Known], position: int, window: int = 600) -> Known | None:
        """The most salient candidate at ``position``.

        Salience is the number of mentions so far, +3 for a mention within ``window``
        characters before, +2 for a coded entity (an uncoded namesake, "Chelsea Clinton",
        should not take "Clinton" from a well-established "Hillary Clinton"); ties go to the
        most recent.
        """
        if not candidates:
            return None

        def salience(k: Known) -> tuple[int, int]:
            recent = 3 if 0 <= position - k.last <= window else 0
            return k.mentions + recent + (2 if k.code else 0), k.last

        return max(candidates, key=salience)

    @staticmethod
    def most_recent(candidates: list[Known], position: int, window: int = 600) -> Known | None:
        """The candidate mentioned most recently within ``window`` characters, else the most mentioned."""
        if not candidates:
            return None
        recent = [k for k in candidates if 0 <= position - k.last <= window]
        if recent:
            return max(recent, key=lambda k: (k.last, k.mentions))
        return max(candidates, key=lambda k: (k.mentions, k.last))


class CorpusRegistry:
    """Codes learned across articles: a name coded with confidence in one article helps the next."""

    def __init__(self, min_confidence: float = 0.7, confidence: float = 0.5) -> None:
        self.min_confidence = min_confidence
        self.confidence = confidence  # the confidence given to codes it supplies
        self._votes: dict[str, Counter] = defaultdict(Counter)
        self._names: dict[str, str] = {}

    def learn(self, actors: list[Actor]) -> None:
        """Count the codes an article gave to named people and organisations."""
        for actor in actors:
            if actor.code and actor.confidence >= self.min_confidence and actor.method != "registry":
                key = actor.name.lower()
                self._votes[key][(actor.code, actor.country, actor.sector)] += 1
                self._names[key] = actor.name

    def lookup(self, name: str) -> tuple[str, str | None, str | None] | None:
        """The most frequent ``(code, country, sector)`` seen for ``name``, if any."""
        votes = self._votes.get(name.lower())
        if not votes:
            return None
        return votes.most_common(1)[0][0]

    def __len__(self) -> int:
        return len(self._votes)
