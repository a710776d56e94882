"""The meetings of the ondersteuningsteam."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .vraag import Ondersteuningsvraag


class Overleg(models.Model):
    """A meeting of the ondersteuningsteam about a case; the parents are always invited."""

    vraag = models.ForeignKey(
        Ondersteuningsvraag, verbose_name=_("ondersteuningsvraag"), related_name="overleggen", on_delete=models.PROTECT
    )
    datum = models.DateTimeField(_("datum en tijd"))
    eindtijd = models.TimeField(_("eindtijd"), null=True, blank=True)
    plaats = models.CharField(_("plaats"), max_length=200, blank=True)
    videolink = models.URLField(_("videolink"), blank=True)
    agenda = models.TextField(_("agenda"))
    deelnemers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("deelnemers"), related_name="overleggen", blank=True
    )
    ouders_uitgenodigd = models.BooleanField(_("ouders uitgenodigd"), default=True)
    gehouden = models.BooleanField(_("gehouden"), default=False)
    ouders_aanwezig = models.BooleanField(_("ouders aanwezig"), null=True, blank=True)
    verslag = models.TextField(_("verslag"), blank=True)
    verslag_gedeeld = models.BooleanField(_("verslag gedeeld met ouders"), default=False)
    # The iCalendar SEQUENCE: every change or cancellation sends the same UID with a higher number.
    volgnummer = models.PositiveIntegerField(_("volgnummer uitnodiging"), default=0)
    afgezegd_op = models.DateTimeField(_("afgezegd op"), null=True, blank=True)
    # Set in the transaction that queues the reminders, so a second run or a restarted worker sends none.
    herinnerd_op = models.DateTimeField(_("herinnering verstuurd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("overleg")
        verbose_name_plural = _("overleggen")
        ordering = ["datum"]
        constraints = [
            models.CheckConstraint(condition=Q(ouders_uitgenodigd=True), name="overleg_ouders_altijd_uitgenodigd"),
            models.CheckConstraint(
                condition=Q(gehouden=False) | Q(ouders_aanwezig__isnull=False), name="overleg_aanwezigheid_vastgelegd"
            ),
        ]

    def __str__(self) -> str:
        return _("Overleg van %(datum)s") % {"datum": timezone.localtime(self.datum).strftime("%d-%m-%Y %H:%M")}

    def eind(self) -> datetime.datetime:
        """When the meeting ends: the recorded end time on the same day, else an hour after the start."""
        begin = timezone.localtime(self.datum)
        if self.eindtijd and self.eindtijd > begin.time():
            return begin.replace(hour=self.eindtijd.hour, minute=self.eindtijd.minute, second=0, microsecond=0)
        return begin + datetime.timedelta(hours=1)
