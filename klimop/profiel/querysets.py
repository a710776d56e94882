from django.db import models


class OndersteuningsprofielQuerySet(models.QuerySet):
    def gepubliceerd(self) -> "OndersteuningsprofielQuerySet":
        return self.filter(status=self.model.Status.GEPUBLICEERD)

    def openbaar(self) -> "OndersteuningsprofielQuerySet":
        """Versions the public may read: the published one and the archive."""
        return self.filter(status__in=[self.model.Status.GEPUBLICEERD, self.model.Status.GEARCHIVEERD])

    def concept(self) -> "OndersteuningsprofielQuerySet":
        return self.filter(status=self.model.Status.CONCEPT)

    def huidig(self):
        """The published version, or None."""
        return self.gepubliceerd().first()


class BasisondersteuningsonderdeelQuerySet(models.QuerySet):
    def gepubliceerd(self) -> "BasisondersteuningsonderdeelQuerySet":
        """Items of the published profile: the "already tried" checklist of a support request."""
        return self.filter(profiel__status="gepubliceerd").order_by("volgorde", "pk")
