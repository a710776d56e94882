from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's minimum length with a Dutch message: Django 5.2's Dutch catalogue misses this one."""

    def get_error_message(self) -> str:
        return ngettext(
            "Dit wachtwoord is te kort. Het moet minstens %(min_length)d teken bevatten.",
            "Dit wachtwoord is te kort. Het moet minstens %(min_length)d tekens bevatten.",
            self.min_length,
        ) % {"min_length": self.min_length}
