"""Generic agents: common nouns that name a kind of participant and its CAMEO sector.

"police" COP, "protesters" OPP, "a judge" JUD, "gunmen" REB ... The project's title lexicon
(``actors/titles.tsv``) comes first; ``actors/data/agents.tsv`` adds the generic agents of the
PETRARCH-2 / Phoenix dictionaries (``Phoenix.agents.txt``, MIT licence, Open Event Data Alliance;
the notice is kept at the head of the derived file), converted by ``convert()``:

* one row per phrase, lower case, words separated by spaces (Phoenix writes ``FARM_WORKER``);
* the ``!PERSON!`` macro expanded (``CATTLE!PERSON!`` -> cattleman, cattlewoman, cattleperson ...);
* the first sector of the code (``[~GOVMIL]`` -> GOV; the second is kept in ``also``);
* the ministry patterns (``!MINIST! OF_...``), commented-out rows and phrases of more than four
  words left out (named bodies, not generic agents).

``agent_sector(token)`` is what the event attacher asks ("is this noun a participant?": a
plain object noun names a party, not a thing, when it has a sector here). Run
``python -m tidings.actors.agents PATH/Phoenix.agents.txt > src/tidings/actors/data/agents.tsv``
to regenerate the file.
"""

from __future__ import annotations

import functools
import re
import sys
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "agents.tsv"
_ROW = re.compile(r"^([^\[#]+?)\s*(\{[^}]*\})?\s*\[~([A-Z]{3})([A-Z]{3})?[\]}]")
_PERSON = ("man", "men", "woman", "women", "person")


def convert(path: str | Path) -> list[tuple[str, str, str]]:
    """(phrase, sector, second sector) rows from a Phoenix agents file."""
    rows: dict[str, tuple[str, str, str]] = {}
    for raw in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", "!")):
            continue
        match = _ROW.match(line)
        if match is None:
            continue
        phrase, _plural, sector, also = match.groups()
        phrase = phrase.strip()
        forms = [phrase.replace("!PERSON!", p) for p in _PERSON] if "!PERSON!" in phrase else [phrase]
        for form in forms:
            if "!" in form:
                continue
            words = re.sub(r"[_\s]+", " ", form).strip().lower()
            if not words or len(words.split()) > 4 or not re.match(r"^[a-z][a-z .'-]*$", words):
                continue
            rows.setdefault(words, (words, sector, also or ""))
    return sorted(rows.values())


def _header() -> str:
    return ("# Generic agents derived from the PETRARCH-2 / Phoenix dictionaries (Phoenix.agents.txt),\n"
            "# converted by tidings.actors.agents.convert. Original notice:\n"
            "#\n# The MIT License (MIT)\n#\n# Copyright (c) 2014 Open Event Data Alliance\n#\n"
            "# Permission is hereby granted, free of charge, to any person obtaining a copy\n"
            "# of this software and associated documentation files (the \"Software\"), to deal\n"
            "# in the Software without restriction, including without limitation the rights\n"
            "# to use, copy, modify, merge, publish, distribute, sublicense, and/or sell\n"
            "# copies of the Software, and to permit persons to whom the Software is\n"
            "# furnished to do so, subject to the following conditions:\n#\n"
            "# The above copyright notice and this permission notice shall be included in\n"
            "# all copies or substantial portions of the Software.\n#\n"
            "# THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR\n"
            "# IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,\n"
            "# FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE\n"
            "# AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER\n"
            "# LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,\n"
            "# OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN\n"
            "# THE SOFTWARE.\n"
            "agent\tsector\talso\n")


@functools.lru_cache(maxsize=1)
def agents() -> dict[str, str]:
    """phrase -> sector: the title lexicon's titles with a sector, then the Phoenix agents."""
    from .dictionary import load_dictionary

    out: dict[str, str] = {}
    if DATA_FILE.exists():
        for line in DATA_FILE.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#") or line.startswith("agent\t"):
                continue
            parts = line.split("\t")
            if len(parts) >= 2 and parts[1]:
                out[parts[0]] = parts[1]
    try:
        titles = load_dictionary().titles
    except Exception:  # a broken dictionary is reported by the actors stage, not here
        titles = {}
    for phrase, title in (titles.items() if isinstance(titles, dict) else ()):
        if getattr(title, "sector", None):
            out[phrase.lower()] = title.sector
    return out


def agent_sector(token) -> str | None:
    """The sector of the generic agent a noun names, with its compound or adjective when the pair
    is listed ("riot police", "armed men"), else of the noun alone; None for other nouns."""
    table = agents()
    lemma = token.lemma_.lower()
    for child in token.children:
        if child.dep_ in ("compound", "amod") and child.i == token.i - 1:
            for form in (f"{child.lower_} {token.lower_}", f"{child.lower_} {lemma}"):
                if form in table:
                    return table[form]
    return table.get(lemma) or table.get(token.lower_)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m tidings.actors.agents PATH/Phoenix.agents.txt")
    sys.stdout.write(_header())
    for phrase, sector, also in convert(sys.argv[1]):
        sys.stdout.write(f"{phrase}\t{sector}\t{also}\n")
