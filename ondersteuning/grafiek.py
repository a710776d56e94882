"""Geometry for the server-rendered bar charts of the overview; the template only draws what this computes."""

from dataclasses import dataclass

BREEDTE = 640
RIJHOOGTE = 44
LINKS = 6  # clear of the axis line
MAX_STAAF = 540  # leaves room for the number after the longest bar


@dataclass(frozen=True)
class Staaf:
    label: str
    waarde: int
    y_label: int
    y_staaf: int
    y_waarde: int
    breedte: int
    x_waarde: int


def staafdiagram(rijen) -> dict:
    """Horizontal bars, one per row: the label above its bar and the number after it, so nothing hangs on colour."""
    hoogste = max((rij.waarde for rij in rijen), default=0)
    staven = []
    for index, rij in enumerate(rijen):
        top = index * RIJHOOGTE + 4
        breedte = round(rij.waarde / hoogste * MAX_STAAF) if hoogste else 0
        staven.append(
            Staaf(
                label=rij.label,
                waarde=rij.waarde,
                y_label=top + 15,
                y_staaf=top + 21,
                y_waarde=top + 35,
                breedte=breedte,
                x_waarde=LINKS + breedte + 8,
            )
        )
    return {"links": LINKS, "breedte": BREEDTE, "hoogte": max(len(staven), 1) * RIJHOOGTE + 8, "staven": staven}
