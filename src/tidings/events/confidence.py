"""How sure tidings is of an event: ``Event.confidence`` from its participants and its reading.

PLOVER codes an event only when it has an explicit actor (manual, "Some residual issues"), so
the participants set the base; ``extract`` and ``frames`` lower it for an event that is the content
of another one.
"""

from __future__ import annotations

from ..model import EventActor


def participation_confidence(actors: list[EventActor], recipients: list[EventActor]) -> float:
    """0.9 with a coded actor, 0.7 with a named but uncoded actor, 0.4 with only recipients, 0.3 with nobody.

    PLOVER codes an event only when it has an explicit actor (manual, "Some residual issues").
    """
    if any(a.code for a in actors):
        return 0.9
    if actors:
        return 0.7
    return 0.4 if recipients else 0.3
