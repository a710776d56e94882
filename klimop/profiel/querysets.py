from django.db import models


class OndersteuningsprofielQuerySet(models.QuerySet):
    def gepubliceerd(self) -> "OndersteuningsprofielQuerySet":
        return self.filter(status=self.model.Status.GEPUBLICEERD)

    def openbaar(self) -> "OndersteuningsprofielQuerySet":
        """Versions the public may read: the published one and the archive."""
        return self.filter(status__in=[self.model.Status.GEPUBLICEERD, self.model.Status.GEARCHIVEERD])

    def huidig(self):
        """The published version, or None."""
        return self.gepubliceerd().first()
