from django.apps import AppConfig


class PortaalConfig(AppConfig):
    """The top layer: start pages, pages and jobs that span the domain apps, and the hooks that join them."""

    name = "klimop.portaal"
    label = "portaal"
    verbose_name = "Portaal"

    def ready(self) -> None:
        # The lower layers ask through these hooks what only a higher app knows; they never import it.
        from klimop.accounts.meldingen import registreer_ontvangers
        from leerlingen.querysets import registreer_leerlingbron

        from .meldingen import ontvangers_van_stap
        from .toegang import leerlingen_via_vragen

        registreer_leerlingbron("ondersteuning", leerlingen_via_vragen)
        registreer_ontvangers(ontvangers_van_stap)
