"""System checks of the deployment itself (`manage.py check --deploy`)."""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.checks import Error, Tags, register
from django.utils.module_loading import import_string


@register(Tags.staticfiles, deploy=True)
def static_manifest(app_configs, **kwargs) -> list[Error]:
    """Without `collectstatic` the manifest storage cannot name any file, and every page is a 500."""
    backend = import_string(settings.STORAGES["staticfiles"]["BACKEND"])
    if settings.DEBUG or not issubclass(backend, ManifestFilesMixin):
        return []
    manifest = Path(settings.STATIC_ROOT) / backend.manifest_name
    try:
        paths = json.loads(manifest.read_text()).get("paths")
    except (OSError, ValueError, AttributeError):
        paths = None
    if paths:
        return []
    return [
        Error(
            f"No usable static files manifest: {manifest}.",
            hint="Run: .venv/bin/python manage.py collectstatic --noinput (README, Production settings).",
            id="klimop.E001",
        )
    ]
