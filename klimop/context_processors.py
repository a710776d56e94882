from django.conf import settings
from django.http import HttpRequest


def school(request: HttpRequest) -> dict:
    return {"SCHOOL": settings.SCHOOL}
