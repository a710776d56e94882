from django import template

from klimop.accounts import oidc

register = template.Library()


@register.simple_tag
def schoolaccount_aan() -> bool:
    """Whether the login page offers sign-in with the school's account (OIDC_ISSUER is set)."""
    return oidc.aan()
