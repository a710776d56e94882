import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        # E-mail addresses are compared case-insensitively at login.
        return self.get(email__iexact=username)

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("rol", User.Rol.DIRECTEUR)
        return self._create_user(email, password, **extra_fields)


class Rol(models.TextChoices):
    LEERKRACHT = "leerkracht", _("Leerkracht")
    IB = "ib", _("Intern begeleider")
    DIRECTEUR = "directeur", _("Directeur")
    OT_LID = "ot_lid", _("Lid ondersteuningsteam")
    TRAJECTBEGELEIDER = "trajectbegeleider", _("Trajectbegeleider")
    OUDER = "ouder", _("Ouder/verzorger")


# The languages of the portal (settings.LANGUAGES); "" means the account never chose one.
TALEN = [code for code, _naam in settings.LANGUAGES]


class User(AbstractUser):
    Rol = Rol

    SCHOOLTEAM = frozenset({Rol.LEERKRACHT, Rol.IB, Rol.DIRECTEUR})
    VOLLEDIGE_INZAGE = frozenset({Rol.IB, Rol.DIRECTEUR})

    username = None
    email = models.EmailField(_("e-mailadres"), unique=True)
    rol = models.CharField(_("rol"), max_length=20, choices=Rol.choices)
    organisatie = models.CharField(
        _("organisatie"),
        max_length=120,
        blank=True,
        help_text=_("Voor externe deelnemers, bijvoorbeeld het samenwerkingsverband."),
    )
    functie = models.CharField(_("functie"), max_length=120, blank=True)
    taal = models.CharField(
        _("taal"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("De taal van het portaal en de e-mails. Leeg: Nederlands, tot de gebruiker zelf kiest."),
    )
    # Part of the session hash: raising it ends every session signed in before (see end_other_sessions).
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rol__in=Rol.values),
                name="accounts_user_rol_valid",
            ),
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
            models.CheckConstraint(condition=models.Q(taal__in=["", *TALEN]), name="accounts_user_taal_valid"),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def _get_session_auth_hash(self, secret=None):
        # Django hashes only the password; we add session_generation so "sign out everywhere" needs no new password.
        return salted_hmac(
            "klimop.accounts.User.get_session_auth_hash",
            f"{self.password}:{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def end_other_sessions(self) -> None:
        """Invalidate every session of this user; the caller keeps its own with update_session_auth_hash()."""
        User.objects.filter(pk=self.pk).update(session_generation=F("session_generation") + 1)
        self.refresh_from_db(fields=["session_generation"])

    @property
    def is_schoolteam(self) -> bool:
        return self.rol in self.SCHOOLTEAM

    @property
    def heeft_volledige_inzage(self) -> bool:
        return self.rol in self.VOLLEDIGE_INZAGE

    @property
    def is_ouder(self) -> bool:
        return self.rol == self.Rol.OUDER


# Django marks a password that can never be used (make_password(None), set_unusable_password) with this prefix.
GEEN_WACHTWOORD = Q(password__startswith="!")


class UitnodigingQuerySet(models.QuerySet):
    def open(self, nu: datetime.datetime | None = None) -> "UitnodigingQuerySet":
        """Invitations whose link still works: not used, not withdrawn, not expired."""
        return self.filter(gebruikt_op__isnull=True, ingetrokken_op__isnull=True, verloopt_op__gt=nu or timezone.now())


class Uitnodiging(models.Model):
    """A single-use, expiring link by which a new account holder sets a password.

    The token is not stored: it is an HMAC over the invitation and the account's password hash, so it stops
    working as soon as a password is set, and a copy of the database holds nothing that opens an account.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Verstuurd, nog niet gebruikt")
        GEBRUIKT = "gebruikt", _("Gebruikt")
        VERLOPEN = "verlopen", _("Verlopen")
        INGETROKKEN = "ingetrokken", _("Vervangen of ingetrokken")

    user = models.ForeignKey(User, verbose_name=_("account"), related_name="uitnodigingen", on_delete=models.CASCADE)
    uitgenodigd_door = models.ForeignKey(
        User,
        verbose_name=_("uitgenodigd door"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    verloopt_op = models.DateTimeField(_("verloopt op"))
    gebruikt_op = models.DateTimeField(_("gebruikt op"), null=True, blank=True)
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    mail_verstuurd_op = models.DateTimeField(_("e-mail verstuurd op"), null=True, blank=True)

    objects = UitnodigingQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-aangemaakt_op", "-pk"]
        indexes = [
            # The account list shows each account's latest invitation; the bulk invitation looks for open ones.
            models.Index(fields=["user", "-aangemaakt_op"], name="uitnodiging_user_datum_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(verloopt_op__gt=F("aangemaakt_op")), name="accounts_uitnodiging_verloopt_na_aanmaak"
            ),
        ]

    def __str__(self) -> str:
        return _("Uitnodiging voor %(user)s") % {"user": self.user}

    def token(self) -> str:
        waarde = f"{self.pk}:{self.user_id}:{self.aangemaakt_op.timestamp()}:{self.user.password}"
        return salted_hmac("klimop.accounts.Uitnodiging", waarde, algorithm="sha256").hexdigest()

    def token_klopt(self, token: str) -> bool:
        return constant_time_compare(token, self.token())

    def status(self, nu: datetime.datetime | None = None) -> str:
        if self.gebruikt_op:
            return self.Status.GEBRUIKT
        if self.ingetrokken_op:
            return self.Status.INGETROKKEN
        if self.verloopt_op <= (nu or timezone.now()):
            return self.Status.VERLOPEN
        return self.Status.OPEN

    def get_status_display(self) -> str:
        return self.Status(self.status()).label


class MeldingSoort(models.TextChoices):
    # The label is the whole text the recipient sees: neutral, without any pupil detail.
    STAP_VOOR_OUDERS = "stap_ouders", _("Er is een nieuwe stap gezet in de ondersteuning van uw kind.")
    NIEUWE_VRAAG = "nieuwe_vraag", _("Er is een nieuwe ondersteuningsvraag ingediend.")
    OUDERREACTIE = "ouderreactie", _("Een ouder heeft gereageerd op een ondersteuningsvraag.")
    TRAJECTBEGELEIDING = "trajectbegeleiding", _("Een ondersteuningsvraag is voor u opengesteld.")


class Melding(models.Model):
    """A notification in the portal; an e-mail with only a link to the portal goes with it."""

    Soort = MeldingSoort

    user = models.ForeignKey(User, verbose_name=_("ontvanger"), related_name="meldingen", on_delete=models.CASCADE)
    soort = models.CharField(_("soort"), max_length=30, choices=MeldingSoort.choices)
    link = models.CharField(_("link"), max_length=200)
    stap = models.ForeignKey(
        "ondersteuning.Stap",
        verbose_name=_("stap"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    gelezen_op = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    mail_verstuurd_op = models.DateTimeField(_("e-mail verstuurd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-aangemaakt_op", "-pk"]
        indexes = [
            # The unread badge in the header of every portal page.
            models.Index(fields=["user"], condition=Q(gelezen_op__isnull=True), name="melding_ongelezen_idx"),
            # The notifications page, newest first.
            models.Index(fields=["user", "-aangemaakt_op"], name="melding_user_datum_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(soort__in=MeldingSoort.values), name="accounts_melding_soort_valid"),
            models.UniqueConstraint(fields=["stap", "user"], name="accounts_melding_stap_user_unique"),
        ]

    def __str__(self) -> str:
        return self.tekst

    @property
    def tekst(self) -> str:
        return self.get_soort_display()

    @property
    def is_gelezen(self) -> bool:
        return self.gelezen_op is not None


def portaal_url(pad: str) -> str:
    """An absolute link for an e-mail, on the address the portal is served from (settings.PORTAAL_URL)."""
    return settings.PORTAAL_URL.rstrip("/") + pad


class Aanmeldbeleid(models.Model):
    """The one row with how staff sign in; the directeur edits it (klimop/accounts/oidc.py)."""

    alleen_via_school = models.BooleanField(
        _("medewerkers loggen alleen in met hun schoolaccount"),
        default=False,
        help_text=_(
            "Aan: medewerkers kunnen niet meer met e-mailadres en wachtwoord inloggen, alleen met de knop "
            "'Inloggen met uw schoolaccount'. Ouders loggen altijd met hun wachtwoord in."
        ),
    )
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    gewijzigd_door = models.ForeignKey(
        User, verbose_name=_("gewijzigd door"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("aanmeldbeleid")
        verbose_name_plural = _("aanmeldbeleid")
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="accounts_aanmeldbeleid_een_rij")]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def huidig(cls) -> "Aanmeldbeleid":
        return cls.objects.filter(pk=1).first() or cls(pk=1)
