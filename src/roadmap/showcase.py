"""Which destinations a year showcases: one rule for the plan, `check` and `diff`.

Each region has a lead and an emerging destination. A plan may choose its
own for the year (`destinations:` in the plan); a role it leaves out, or a
region it does not name, keeps the destination regions.yaml gives that role
(the first one, when roadmap.toml's `[roles]` lets a region have several;
a region may also have none, and then the role is shown empty).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from roadmap import models

Role = Literal["lead", "emerging"]
ROLES: tuple[Role, ...] = ("lead", "emerging")


@dataclass(frozen=True, slots=True)
class Showcased:
    """A region's destination in one role, and where that choice is written.

    `in_plan`: the plan's `destinations` chose it, and `loc` is that entry's
    role in the plan file; else regions.yaml's role decides, and `loc` is the
    destination's id in regions.yaml (where a message about it is placed).
    """

    region: models.Region
    role: Role
    destination: str
    in_plan: bool
    loc: tuple[str | int, ...]


def showcased(plan: models.Plan, regions: models.RegionsFile) -> list[Showcased]:
    """Every region's lead and emerging destination for `plan`'s year, in region order.

    A role with no destination at all (invalid data) is left out.
    """
    choices = {c.region: (i, c) for i, c in enumerate(plan.destinations)}
    out: list[Showcased] = []
    for r, region in enumerate(regions.regions):
        chosen = choices.get(region.id)
        for role in ROLES:
            picked = getattr(chosen[1], role) if chosen is not None else None
            if chosen is not None and picked is not None:
                out.append(Showcased(region, role, picked, True, ("destinations", chosen[0], role)))
                continue
            for d, dest in enumerate(region.destinations):
                if dest.role == role:
                    loc = ("regions", r, "destinations", d, "id")
                    out.append(Showcased(region, role, dest.id, False, loc))
                    break
    return out


def by_region(plan: models.Plan, regions: models.RegionsFile) -> dict[str, dict[Role, str | None]]:
    """`showcased` as region id -> role -> destination id (None for a missing role)."""
    out: dict[str, dict[Role, str | None]] = {
        r.id: dict.fromkeys(ROLES, None) for r in regions.regions
    }
    for s in showcased(plan, regions):
        out[s.region.id][s.role] = s.destination
    return out
