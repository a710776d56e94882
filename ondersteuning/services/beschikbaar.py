"""Which actions a user may take on a case now; the views refuse anything else."""

from klimop.accounts.models import Rol, User

from ..models import Ondersteuningsvraag, Status, TlvBesluit
from ._basis import OVERGANGEN, SCHOOLLEIDING, SCHOOLTEAM
from .plan import PLAN_KIND, PLAN_VOLLEDIG, plan_schrijfrecht


def beschikbare_acties(vraag: Ondersteuningsvraag, user: User) -> list[str]:
    """The actions `user` may take on `vraag` now; views refuse (403) anything else."""
    acties = []
    leiding = user.rol in SCHOOLLEIDING
    status = vraag.status
    if status == Status.CONCEPT:
        return ["bewerken", "indienen"] if vraag.ingediend_door_id == user.pk else []
    if not vraag.is_open:
        # Parents can still withdraw a consent after the case was closed.
        return ["toestemming_ouder"] if user.rol == Rol.OUDER else []
    if leiding:
        if status == Status.INGEDIEND:
            acties.append("oppakken")
        if Status.BASISONDERSTEUNING in OVERGANGEN[status]:
            acties.append("basisondersteuning")
        if Status.ONDERSTEUNINGSTEAM in OVERGANGEN[status]:
            acties.append("ondersteuningsteam")
        if status in (Status.ONDERSTEUNINGSTEAM, Status.TRAJECTBEGELEIDING, Status.EVALUATIE):
            acties.append("overleg_plannen")
        if any(not o.gehouden for o in vraag.overleggen.all()):
            acties.append("overleg_vastleggen")
        if Status.TRAJECTBEGELEIDING in OVERGANGEN[status]:
            acties.append("trajectbegeleiding")
        if Status.ARRANGEMENT in OVERGANGEN[status]:
            acties.append("arrangement")
        if Status.EVALUATIE in OVERGANGEN[status]:
            acties.append("evaluatie")
        if Status.VERWIJZING in OVERGANGEN[status]:
            acties.append("verwijzing")
        acties.append("toestemming")
        if any(t.actief for t in vraag.toestemmingen.all()):
            acties.append("toestemming_intrekken")
    if status == Status.VERWIJZING and (leiding or user.pk == vraag.trajectbegeleider_id):
        verwijzing = getattr(vraag, "verwijzing", None)
        if verwijzing and verwijzing.besluit == TlvBesluit.AANGEVRAAGD:
            acties.append("tlv_besluit")
    if user.rol in (Rol.TRAJECTBEGELEIDER, Rol.OT_LID):
        acties.append("advies")
    if user.rol in (Rol.LEERKRACHT, Rol.IB, Rol.DIRECTEUR):
        acties.append("observatie")
    if leiding:
        acties.append("afsluiten")
    recht = plan_schrijfrecht(vraag, user)
    if recht == PLAN_VOLLEDIG:
        acties += ["plan_bewerken", "plan_delen"]
    elif recht == PLAN_KIND:
        acties.append("plan_kind")
    if user.rol in (Rol.OUDER, *SCHOOLTEAM):
        acties += ["reageren", "bijlage_toevoegen"]
    if user.rol == Rol.OUDER:
        acties += ["instemmen", "toestemming_ouder"]
    return acties
