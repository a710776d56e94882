"""The parents' case pages under their old import path, for `leerlingen/ouder_urls.py`; they live in `views/ouders.py`.

Remove this module once the parent URLs import `ondersteuning.views.ouders` (issue 12).
"""

from .views.ouders import instemming, ouder_vraag, toestemming

__all__ = ["instemming", "ouder_vraag", "toestemming"]
