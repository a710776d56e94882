import json
import time

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from oauth2_provider.oauth2_validators import OAuth2Validator


def gebruiker(username: str | None) -> dict:
    """This provider user's entry in gebruikers.json: password, claims and ID-token overrides (read every time)."""
    gebruikers = json.loads((settings.MAP / "gebruikers.json").read_text())
    return gebruikers.get(username or "", {})


class GebruikersBestandBackend(ModelBackend):
    """Sign in the users that the tests listed, with their password from the file."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        gegevens = gebruiker(username)
        if not gegevens or gegevens["wachtwoord"] != password:
            return None
        return User.objects.get_or_create(username=username)[0]


class ClaimsValidator(OAuth2Validator):
    # Every claim in every token, whatever scopes were asked: the tests decide what the provider states.
    oidc_claim_scope = None

    def get_additional_claims(self, request):
        return gebruiker(request.user.username).get("claims", {})

    def get_id_token_dictionary(self, token, token_handler, request):
        claims, expiration_time = super().get_id_token_dictionary(token, token_handler, request)
        afwijkend = gebruiker(request.user.username).get("id_token", {})
        if "exp_over" in afwijkend:  # seconds from now; negative for a token that expired already
            claims["exp"] = int(time.time()) + afwijkend["exp_over"]
        if "aud" in afwijkend:
            claims["aud"] = afwijkend["aud"]
        return claims, expiration_time
