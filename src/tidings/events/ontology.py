"""The event ontology: PLOVER types, CAMEO codes, their correspondence, QuadClass and Goldstein scores.

Everything is read from the TSV files in ``events/data/`` (documented in docs/events.md), so the
ontology can be read and changed without touching code.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources


def _rows(name: str) -> list[list[str]]:
    text = resources.files("tidings.events").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows


@dataclass(frozen=True)
class PloverType:
    name: str
    quad: int
    score: float
    requires_recipient: bool
    modes: tuple[str, ...]
    summary: str


@dataclass(frozen=True)
class CameoCode:
    code: str
    plover: str | None  # None: PLOVER drops the code (CAMEO 01)
    mode: str | None
    context: tuple[str, ...]
    goldstein: float
    name: str


@dataclass(frozen=True)
class CameoRoot:
    root: str
    name: str
    quad: int
    goldstein: float
    plover: str | None


@functools.lru_cache(maxsize=1)
def plover_types() -> dict[str, PloverType]:
    """The 16 PLOVER event types by name."""
    out = {}
    for row in _rows("plover_types.tsv"):
        name, quad, score, req, modes, summary = (row + [""] * 6)[:6]
        out[name] = PloverType(name, int(quad), float(score), req == "yes",
                               tuple(m for m in modes.split(",") if m), summary)
    return out


@functools.lru_cache(maxsize=1)
def cameo_roots() -> dict[str, CameoRoot]:
    """The 20 CAMEO root codes ("01".."20")."""
    out = {}
    for row in _rows("cameo_roots.tsv"):
        root, name, quad, goldstein, plover = (row + [""] * 5)[:5]
        out[root] = CameoRoot(root, name, int(quad), float(goldstein), None if plover in ("", "-") else plover)
    return out


@functools.lru_cache(maxsize=1)
def cameo_codes() -> dict[str, CameoCode]:
    """Every CAMEO code (3 and 4 digits) with its PLOVER type, mode, context and Goldstein score."""
    out = {}
    for row in _rows("cameo_codes.tsv"):
        code, plover, mode, context, goldstein, name = (row + [""] * 6)[:6]
        out[code] = CameoCode(
            code=code,
            plover=None if plover in ("", "-") else plover,
            mode=mode or None,
            context=tuple(c for c in context.split(";") if c),
            goldstein=float(goldstein) if goldstein else cameo_roots()[code[:2]].goldstein,
            name=name,
        )
    return out


def cameo_root(code: str | None) -> str | None:
    """The two-digit root of a CAMEO code ("0352" -> "03"), or None if it isn't one."""
    if not code or len(code) < 2 or not code[:2].isdigit():
        return None
    root = code[:2]
    return root if root in cameo_roots() else None


def is_cameo(code: str | None) -> bool:
    """Whether ``code`` is a code of the CAMEO codebook itself (a root, or a 3- or 4-digit code in
    cameo_codes.tsv), not a project-specific extension such as PETRARCH's test codes ("1717", "903")."""
    if not code:
        return False
    return code in cameo_codes() or (len(code) == 2 and code in cameo_roots())


def lookup(code: str) -> CameoCode | None:
    """The most specific known entry for a CAMEO code: the code itself, its 3-digit parent, or its root."""
    codes = cameo_codes()
    for candidate in (code, code[:3], code[:2] + "0"):
        if candidate in codes:
            return codes[candidate]
    return None


def plover_for(code: str | None) -> tuple[str | None, str | None]:
    """(PLOVER type, mode) for a CAMEO code; (None, None) when PLOVER drops or doesn't know it."""
    if not code or cameo_root(code) is None:
        return None, None
    entry = lookup(code)
    if entry is None:
        return cameo_roots()[code[:2]].plover, None
    return entry.plover, entry.mode


def quad_for(code: str | None) -> int | None:
    """QuadClass of a CAMEO code's root: 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict."""
    root = cameo_root(code)
    return cameo_roots()[root].quad if root else None


def goldstein_for(code: str | None) -> float | None:
    """The Goldstein score of a CAMEO code (the most specific entry known)."""
    if not code or cameo_root(code) is None:
        return None
    entry = lookup(code)
    return entry.goldstein if entry else cameo_roots()[code[:2]].goldstein
