"""Convert the PETRARCH-2 CAMEO verb dictionary into tidings' lexicon rows (events/data/petrarch_verbs.tsv).

Usage: python scripts/convert_petrarch_verbs.py [../shared/reference/petrarch2/CAMEO.2.0.txt] [-o PATH]

The verb dictionary (MIT, Open Event Data Alliance; the notice is copied into the output) groups
verbs into synsets (``--- NAME [code] ---``, then the verbs, each optionally with its own code,
then ``- * OBJECT (PREP NOUN) [code]`` patterns). What is converted:

* a pattern whose words after the verb (``*``) name an object and/or a preposition phrase becomes
  a row ``lemma V obj=...;prep=...;pobj=...`` for the verbs of the synset the pattern's comment
  names (PETRARCH applies a pattern to the whole synset; restricting it to the verb it was written
  for keeps the dictionary's over-production of verbal codes down); ``&SET`` words are expanded
  from the synonym sets, ``{A B}`` phrases give their last word as the head;
* a verb's own code (``FAULT [112]``, not the synset's) becomes a bare row (``lemma V``).

Patterns with words before the verb, with source/target slots between words (``$``, ``+``, ``^``)
or particles that need a word order, and codes that PLOVER drops (CAMEO 01, ``---``) are left
out. Rows are mapped to PLOVER through events/data/cameo_codes.tsv when tidings loads them.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO.parent / "shared" / "reference" / "petrarch2" / "CAMEO.2.0.txt"
OUT = REPO / "src" / "tidings" / "events" / "data" / "petrarch_verbs.tsv"
CODE = re.compile(r"\[([^\]]*)\]")
PREPS = {"to", "with", "against", "on", "at", "toward", "towards", "into", "upon", "over", "onto", "for",
         "from", "by", "in", "of", "about", "between", "among", "across", "off", "out", "up", "down",
         "through", "under", "around", "near", "within", "behind", "after", "before", "as"}
# PLOVER types whose PETRARCH patterns cost more than they bring on PLV (measured, see
# docs/events.md): the verbal codes the dictionary is known to over-produce
DROP_TYPES = ("AGREE", "REQUEST", "COOPERATE", "SANCTION")
SKIP = {"$", "+", "^", "%", "*", "a", "an", "the"}


def _code(text: str) -> str | None:
    match = CODE.search(text)
    if not match:
        return None
    code = match.group(1).split(":")[0].strip()
    return code if re.fullmatch(r"\d{2,4}[A-Z]?", code) else None


def _notice(lines: list[str]) -> list[str]:
    start = next(i for i, line in enumerate(lines) if "The MIT License" in line)
    end = next(i for i in range(start, len(lines)) if "SOFTWARE." in lines[i] and "OTHER DEALINGS" in lines[i])
    return [line.rstrip() for line in lines[start:end + 1]]


def _synonym_sets(lines: list[str]) -> dict[str, list[str]]:
    sets: dict[str, list[str]] = {}
    current = None
    for line in lines:
        if line.startswith("####### VERB PATTERNS"):
            break
        if line.startswith("&"):
            current = line.strip().rstrip("_").lstrip("&")
            sets[current] = []
        elif line.startswith("+") and current:
            word = line[1:].split("#")[0].strip().lower()
            if word:
                sets[current].append(word)
        elif not line.strip():
            current = None
    return sets


def _words(word: str, sets: dict[str, list[str]]) -> list[str]:
    if word.startswith("&"):
        return [w.split("_")[-1] for w in sets.get(word.lstrip("&").rstrip("_"), [])]
    return [word.lower()]


def _frame(after: list[str], sets) -> str | None:
    """The frame for the words after ``*``: an object, a preposition and its object."""
    obj: list[str] = []
    prep = None
    pobj: list[str] = []
    group: list[str] = []
    in_paren = in_brace = False
    for tok in after:
        if tok in SKIP:
            if obj or prep:
                return None  # a slot between words: needs word order tidings does not check
            continue
        if tok.startswith("("):
            in_paren = True
            tok = tok[1:]
            if not tok:
                continue
            if prep is not None:
                return None  # two preposition phrases
            prep = tok.lower()
            if prep not in PREPS:
                return None
            if tok.endswith(")"):
                prep = prep.rstrip(")")
                in_paren = False
            continue
        closing = tok.endswith(")")
        tok = tok.rstrip(")")
        if tok.startswith("{"):
            in_brace = True
            group = []
            tok = tok[1:]
        brace_end = tok.endswith("}")
        tok = tok.rstrip("}")
        if tok and tok not in SKIP:
            group.append(tok)
        if in_brace and not brace_end:
            continue
        in_brace = False
        if group:
            head = group[-1]
            (pobj if in_paren else obj).extend(_words(head, sets))
        group = []
        if closing:
            in_paren = False
    if not obj and not prep:
        return None
    if obj and len(obj) > 1 and len(set(obj)) != len(obj):
        obj = sorted(set(obj))
    parts = []
    if obj:
        forms = sorted({w for o in obj for w in (o, o[:-1] if o.endswith("s") and len(o) > 3 else o)})
        if not all(re.fullmatch(r"[a-z][a-z\-']*", w) for w in forms):
            return None
        parts.append("obj=" + "|".join(forms))
    if prep:
        parts.append("prep=" + prep)
        if pobj:
            forms = sorted({w for o in pobj for w in (o, o[:-1] if o.endswith("s") and len(o) > 3 else o)})
            if not all(re.fullmatch(r"[a-z][a-z\-']*", w) for w in forms):
                return None
            parts.append("pobj=" + "|".join(forms))
    return ";".join(parts)


def convert(path: Path, synset_defaults: bool = False, whole_synset: bool = False, bare: bool = False
            ) -> tuple[list[str], list[tuple[str, str, str]]]:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    notice = _notice(lines)
    sets = _synonym_sets(lines)
    start = next(i for i, line in enumerate(lines) if line.startswith("####### VERB PATTERNS"))
    end = next(i for i, line in enumerate(lines) if line.startswith("######## TRANSFORMATIONS"))
    rows: list[tuple[str, str, str]] = []
    verbs: dict[str, str] = {}  # the synset's verbs: form name -> lemma
    block: str | None = None
    for line in lines[start + 1:end]:
        if line.startswith("---"):
            verbs = {}
            block = _code(line)
            continue
        body = line.split("#")[0].rstrip()
        comment = line.split("#", 1)[1] if "#" in line else ""
        if not body.strip():
            continue
        if body.startswith("- "):
            code = _code(body)
            if code is None:
                continue
            tokens = CODE.sub("", body[2:]).split()
            if "*" not in tokens or tokens.index("*") != 0:
                continue  # words before the verb (its subject side): not converted
            frame = _frame(tokens[1:], sets)
            if frame is None:
                continue
            named = [w.strip().upper() for w in re.split(r"[ ,]+", comment) if w.strip()]
            if whole_synset:
                named = list(verbs)
            for name in dict.fromkeys(named):
                lemma = verbs.get(name)
                if lemma:
                    rows.append((lemma, frame, code))
            continue
        word = body.split()[0]
        if word.startswith("+") or "_" in word:
            continue  # multiword verbs ("+SET_UP"): left out
        lemma = word.lower()
        verbs[word.upper()] = lemma
        own = _code(body)
        if own and bare:
            rows.append((lemma, "", own))
        elif bare and synset_defaults and block:
            rows.append((lemma, "", block))
    return notice, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", default=str(DEFAULT))
    parser.add_argument("-o", "--output", default=str(OUT))
    parser.add_argument("--bare", action="store_true",
                        help="also convert a verb's own code into a row with no frame (measured: more false alarms)")
    parser.add_argument("--synset-defaults", action="store_true",
                        help="also give every verb without a code of its own its synset's code")
    parser.add_argument("--whole-synset", action="store_true",
                        help="apply a pattern to every verb of its synset, not only the one it names")
    parser.add_argument("--drop-types", default=",".join(DROP_TYPES),
                        help="PLOVER types whose derived rows are left out (comma-separated)")
    args = parser.parse_args(argv)
    notice, rows = convert(Path(args.source), args.synset_defaults, args.whole_synset, args.bare)
    sys.path.insert(0, str(REPO / "src"))
    from tidings.events.ontology import plover_for

    drop = {t for t in args.drop_types.split(",") if t}
    rows = [r for r in rows if plover_for(r[2])[0] and plover_for(r[2])[0] not in drop]
    seen = set()
    out = ["# Derived from the PETRARCH-2 CAMEO verb dictionary (CAMEO.2.0.txt, openeventdata/petrarch2)",
           "# by scripts/convert_petrarch_verbs.py: lemma, V, frame, CAMEO code (PLOVER from cameo_codes.tsv).",
           "# Its licence notice:", "#"] + [f"# {line.lstrip('# ').rstrip()}" if line.strip("# ") else "#"
                                            for line in notice] + ["#"]
    # specific frames first, bare verbs last (the first row whose frame holds wins)
    for lemma, frame, code in sorted(rows, key=lambda r: (r[0], r[1] == "")):
        key = (lemma, frame)
        if key in seen:
            continue
        seen.add(key)
        out.append(f"{lemma}\tV\t{frame}\t{code}")
    Path(args.output).write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"{len(seen)} rows -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
