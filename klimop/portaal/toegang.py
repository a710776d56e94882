"""Access that crosses the domain apps: the pupils a user reaches only through the cases they were brought into."""

from ondersteuning.models import Ondersteuningsvraag


def leerlingen_via_vragen(user):
    """Ids of the pupils of the cases `user` may see (OT members, trajectbegeleiders); registered in apps.py."""
    return Ondersteuningsvraag.objects.zichtbaar_voor(user).values("leerling_id")
