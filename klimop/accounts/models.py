from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import F
from django.db.models.functions import Lower
from django.utils.crypto import salted_hmac
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
