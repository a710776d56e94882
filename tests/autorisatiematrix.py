"""The authorization matrix (Normenkader IBP): for every URL, what each role in the test cast may do.

`tests/test_autorisatiematrix.py` checks every entry against the running portal and fails when a URL pattern has
no entry here. `docs/autorisatiematrix.md` is generated from this table (`python -m tests.autorisatiematrix`) and a
test keeps it in step.

The scenario (built in the test): pupil Daan (groep 5 of `leerkracht`, parent `ouder`) has case *eigen*, routed to
the trajectbegeleider `tb_met` with consent and to an OT meeting with `ot_uit` invited (with consent); pupil Yusuf
(groep 7 of `leerkracht2`, parent `ouder2`) has case *ander*, opened to `tb_zonder` whose consent was then
withdrawn. `ot_niet` is an OT member invited nowhere. Both cases are in the state *trajectbegeleiding*. Object URLs
are tried with Daan's objects ("eigen") and with Yusuf's ("ander"); a cell "ok · 404" gives both.

Outcomes: `ok` (200, or for a POST any response that is not a refusal), `login` (redirect to the login page), `403`,
`404`, `405` (method not allowed), `→ name` (redirect to that page, which shows nothing of the object).
"""

from dataclasses import dataclass, field

ROLLEN = {
    "anoniem": "anoniem",
    "leerkracht": "leerkracht van Daan",
    "leerkracht2": "leerkracht van Yusuf",
    "ib": "intern begeleider",
    "directeur": "directeur",
    "tb_met": "trajectbegeleider met toestemming (Daan)",
    "tb_zonder": "trajectbegeleider, toestemming ingetrokken (Yusuf)",
    "ot_uit": "OT-lid, uitgenodigd (Daan)",
    "ot_niet": "OT-lid, niet uitgenodigd",
    "ouder": "ouder van Daan",
    "ouder2": "ouder van Yusuf",
}
INGELOGD = [rol for rol in ROLLEN if rol != "anoniem"]
SCHOOLTEAM = ["leerkracht", "leerkracht2", "ib", "directeur"]
PERSONEEL = [*SCHOOLTEAM, "tb_met", "tb_zonder", "ot_uit", "ot_niet"]
OUDERS = ["ouder", "ouder2"]

# Who may open each pupil's objects at all (docs/ontwerp.md §2); everyone else gets 404.
ZIET = {
    "eigen": {"leerkracht", "ib", "directeur", "tb_met", "ot_uit", "ouder"},
    "ander": {"leerkracht2", "ib", "directeur", "ouder2"},
}
# What a role must never find in any response: the other pupil's name and case text.
KENMERKEN = {
    "eigen": ("Daan Groot", "Groot, Daan", "Eigen-hulpvraag"),
    "ander": ("Yusuf Yilmaz", "Yilmaz, Yusuf", "Andere-hulpvraag"),
}


@dataclass
class Route:
    get: dict
    post: dict
    kwargs: str = ""  # how the scenario builds the URL arguments (see test_autorisatiematrix.KWARGS)
    varianten: tuple = ("-",)
    htmx: bool = False  # also tried as an htmx request (GET, or POST when there is no GET)
    post_data: dict = field(default_factory=dict)


def rij(standaard, anoniem="login", **per_rol) -> dict:
    """Every signed-in role gets `standaard`, except those named."""
    uitkomst = dict.fromkeys(INGELOGD, standaard) | {"anoniem": anoniem}
    for rol, waarde in per_rol.items():
        uitkomst[rol] = waarde
    return uitkomst


def voor(rollen, waarde, standaard, anoniem="login", **extra) -> dict:
    """`waarde` for `rollen`, `standaard` for the other signed-in roles."""
    return rij(standaard, anoniem=anoniem, **dict.fromkeys(rollen, waarde), **extra)


def object_rij(per_variant: dict[str, set[str]], decorator_rollen=None, anoniem="login", **per_rol) -> dict:
    """An object page: 404 for whoever may not see the object, `ok` where allowed, 403 for a visible but refused
    action; roles outside `decorator_rollen` are refused (403) before the object is looked up."""
    uitkomst = {"anoniem": anoniem}
    for rol in INGELOGD:
        if decorator_rollen is not None and rol not in decorator_rollen:
            uitkomst[rol] = "403"
            continue
        cellen = []
        for variant in ("eigen", "ander"):
            if rol not in ZIET[variant]:
                cellen.append("404")
            else:
                cellen.append("ok" if rol in per_variant.get(variant, set()) else "403")
        uitkomst[rol] = cellen[0] if cellen[0] == cellen[1] else tuple(cellen)
    uitkomst.update(per_rol)
    return uitkomst


def _actie(eigen: set[str], ander: set[str] | None = None) -> Route:
    verwacht = object_rij({"eigen": eigen, "ander": eigen if ander is None else ander})
    return Route(get=verwacht, post=verwacht, kwargs="vraag", varianten=("eigen", "ander"))


LEIDING = {"ib", "directeur"}
PLAN_SCHRIJVEN = {"eigen": {"leerkracht", *LEIDING}, "ander": {"leerkracht2", *LEIDING}}
GESPREK = {"eigen": {"leerkracht", *LEIDING, "ouder"}, "ander": {"leerkracht2", *LEIDING, "ouder2"}}


def _lezen(kwargs: str) -> Route:
    """A page of the plan or a document: everyone who may open the case reads it; GET only."""
    return Route(
        get=object_rij({"eigen": ZIET["eigen"], "ander": ZIET["ander"]}),
        post=rij("405"),
        kwargs=kwargs,
        varianten=("eigen", "ander"),
    )


def _afdruk() -> Route:
    """The handover print and PDF: staff who may see the case, except OT members; parents do not learn of it."""
    kan = {"leerkracht", "leerkracht2", *LEIDING, "tb_met"}
    return Route(
        get=object_rij({v: ZIET[v] & kan for v in ZIET}, ouder="404", ouder2="404"),
        post=rij("405"),
        kwargs="vraag",
        varianten=("eigen", "ander"),
    )


def _tlv(get: bool = True) -> Route:
    """The TLV dossier: the IB, the directeur, the experts (trajectbegeleider, OT) and the parents; the cases
    have no request yet, so even they get 404 (the dossier tests cover the pages with a request)."""
    verwacht = object_rij(
        {"eigen": set(), "ander": set()},
        ib="404",
        directeur="404",
        tb_met="404",
        ot_uit="404",
        ouder="404",
        ouder2="404",
    )
    return Route(get=verwacht if get else rij("405"), post=verwacht, kwargs="vraag", varianten=("eigen", "ander"))


def _naar_case(rol: str):
    """Staff on a parents' page go to the case page itself (or 404 where they may not see it)."""
    cellen = tuple("→ ondersteuning:detail" if rol in ZIET[v] else "404" for v in ("eigen", "ander"))
    return cellen[0] if cellen[0] == cellen[1] else cellen


OPENBAAR_GET = Route(get=rij("ok", anoniem="ok"), post=rij("405", anoniem="405"))

ROUTES: dict[str, Route] = {
    # --- public pages -------------------------------------------------------------------------------
    "profiel:home": OPENBAAR_GET,
    "profiel:passend_onderwijs": OPENBAAR_GET,
    "profiel:ondersteuningsprofiel": OPENBAAR_GET,
    "profiel:archief": OPENBAAR_GET,
    "profiel:archief_versie": Route(
        get=rij("ok", anoniem="ok"), post=rij("405", anoniem="405"), kwargs="gearchiveerd_profiel"
    ),
    "profiel:samenwerkingsverband": OPENBAAR_GET,
    # --- signing in and the account's own pages ---------------------------------------------------
    "accounts:login": Route(get=rij("→ portaal", anoniem="ok"), post=rij("→ portaal", anoniem="ok")),
    "accounts:logout": Route(get=rij("405", anoniem="405"), post=rij("→ profiel:home", anoniem="→ profiel:home")),
    "accounts:two_factor_verify": Route(get=rij("→ portaal"), post=rij("→ portaal")),
    "accounts:two_factor_enrol": Route(
        get=voor(OUDERS, "ok", "→ accounts:security"), post=voor(OUDERS, "ok", "→ accounts:security")
    ),
    "accounts:two_factor_recovery_codes": Route(get=rij("ok"), post=rij("405")),
    "accounts:two_factor_new_recovery_codes": Route(
        get=rij("405"), post=voor(OUDERS, "403", "→ accounts:two_factor_recovery_codes")
    ),
    # Turning the second factor off is for a parent who signed in with it; staff never may.
    "accounts:two_factor_turn_off": Route(get=rij("405"), post=rij("403")),
    # The language switch works signed in or not; it only sets the language and goes back.
    "accounts:taal": Route(
        get=rij("405", anoniem="405"),
        post=rij("→ portaal", anoniem="→ profiel:home"),
        post_data={"taal": "en"},
    ),
    "accounts:security": Route(get=rij("ok"), post=rij("405")),
    "accounts:sign_out_everywhere": Route(get=rij("405"), post=rij("→ accounts:security")),
    "accounts:password_change": Route(get=rij("ok"), post=rij("ok")),
    "accounts:password_change_done": Route(get=rij("ok"), post=rij("405")),
    "accounts:password_reset": Route(get=rij("ok", anoniem="ok"), post=rij("ok", anoniem="ok")),
    "accounts:password_reset_done": Route(get=rij("ok", anoniem="ok"), post=rij("405", anoniem="405")),
    "accounts:password_reset_confirm": Route(
        get=rij("ok", anoniem="ok"), post=rij("ok", anoniem="ok"), kwargs="ongeldige_resetlink"
    ),
    "accounts:password_reset_complete": Route(get=rij("ok", anoniem="ok"), post=rij("405", anoniem="405")),
    # Signing in with the school's account: not there (404) while OIDC_ISSUER is unset, as in this test.
    "oidc_authentication_init": Route(get=rij("404", anoniem="404"), post=rij("405", anoniem="405")),
    "oidc_authentication_callback": Route(get=rij("404", anoniem="404"), post=rij("405", anoniem="405")),
    "aanmeldbeleid": Route(get=voor(["directeur"], "ok", "403"), post=voor(["directeur"], "→ aanmeldbeleid", "403")),
    "portaal": Route(get=rij("ok"), post=rij("405")),
    # --- the schoolondersteuningsprofiel editor -----------------------------------------------------
    "profielbeheer:overzicht": Route(get=voor(SCHOOLTEAM, "ok", "403"), post=voor(SCHOOLTEAM, "405", "403")),
    "profielbeheer:concept_aanmaken": Route(
        get=voor(["directeur"], "405", "403"), post=voor(["directeur"], "ok", "403")
    ),
    "profielbeheer:versie": Route(
        get=voor(SCHOOLTEAM, "ok", "403"), post=voor(SCHOOLTEAM, "405", "403"), kwargs="profiel"
    ),
    # "eigen" is the concept; "ander" the published version, which is never edited.
    "profielbeheer:bewerken": Route(
        get=voor(["directeur"], ("ok", "404"), "403"),
        post=voor(["directeur"], ("ok", "404"), "403"),
        kwargs="profiel",
        varianten=("eigen", "ander"),
    ),
    "profielbeheer:onderdelen": Route(
        get=voor(["directeur"], ("ok", "404"), "403"),
        post=voor(["directeur"], ("ok", "404"), "403"),
        kwargs="profiel",
        varianten=("eigen", "ander"),
        htmx=True,
    ),
    # "ander" is an item of the published version asked for under the concept.
    "profielbeheer:onderdeel_bewerken": Route(
        get=voor(["directeur"], ("ok", "404"), "403"),
        post=voor(["directeur"], ("ok", "404"), "403"),
        kwargs="onderdeel",
        varianten=("eigen", "ander"),
    ),
    "profielbeheer:onderdeel_verplaatsen": Route(
        get=voor(["directeur"], "405", "403"),
        post=voor(["directeur"], ("ok", "404"), "403"),
        kwargs="onderdeel",
        varianten=("eigen", "ander"),
        htmx=True,
    ),
    "profielbeheer:onderdeel_verwijderen": Route(
        get=voor(["directeur"], "405", "403"),
        post=voor(["directeur"], ("ok", "404"), "403"),
        kwargs="onderdeel",
        varianten=("eigen", "ander"),
        htmx=True,
    ),
    "profielbeheer:publiceren": Route(
        get=voor(["directeur"], ("ok", "404"), "403"),
        post=voor(["directeur"], ("ok", "404"), "403"),
        kwargs="profiel",
        varianten=("eigen", "ander"),
    ),
    # --- pupils -------------------------------------------------------------------------------------
    "leerlingen:lijst": Route(get=voor(SCHOOLTEAM, "ok", "403"), post=voor(SCHOOLTEAM, "405", "403"), htmx=True),
    # External partners and parents are sent to the page that is theirs; nothing of the pupil is shown.
    "leerlingen:detail": Route(
        get=object_rij(
            {"eigen": set(SCHOOLTEAM), "ander": set(SCHOOLTEAM)},
            tb_met=("→ portaal", "404"),
            ot_uit=("→ portaal", "404"),
            ouder=("→ ouders:kind", "404"),
            ouder2=("404", "→ ouders:kind"),
        ),
        post=rij("405"),
        kwargs="leerling",
        varianten=("eigen", "ander"),
    ),
    "leerlingen:avg_export": Route(
        get=voor(["directeur"], "405", "403"),
        post=voor(["directeur"], "ok", "403"),
        kwargs="leerling",
        varianten=("eigen", "ander"),
    ),
    "leerlingen:inzage": Route(
        get=voor(["directeur"], "ok", "403"), post=voor(["directeur"], "405", "403"), htmx=True
    ),
    "leerlingen:inzage_export": Route(get=voor(["directeur"], "ok", "403"), post=voor(["directeur"], "405", "403")),
    "leerlingen:import": Route(get=voor(["directeur"], "ok", "403"), post=voor(["directeur"], "ok", "403")),
    "leerlingen:import_controle": Route(
        get=voor(["directeur"], "→ leerlingen:import", "403"), post=voor(["directeur"], "→ leerlingen:import", "403")
    ),
    # --- parents --------------------------------------------------------------------------------------
    "ouders:start": Route(get=voor(OUDERS, "ok", "403"), post=voor(OUDERS, "405", "403")),
    "ouders:kind": Route(
        get=object_rij({"eigen": {"ouder"}, "ander": {"ouder2"}}, decorator_rollen=OUDERS),
        post=voor(OUDERS, "405", "403"),
        kwargs="leerling",
        varianten=("eigen", "ander"),
    ),
    "ouders:inzage": Route(
        get=object_rij({"eigen": {"ouder"}, "ander": {"ouder2"}}, decorator_rollen=OUDERS),
        post=voor(OUDERS, "405", "403"),
        kwargs="leerling",
        varianten=("eigen", "ander"),
    ),
    # --- support cases --------------------------------------------------------------------------------
    "ondersteuning:wachtrij": Route(get=voor(PERSONEEL, "ok", "403"), post=voor(PERSONEEL, "405", "403"), htmx=True),
    "ondersteuning:nieuw": Route(get=voor(SCHOOLTEAM, "ok", "403"), post=voor(SCHOOLTEAM, "ok", "403")),
    "ondersteuning:valideer": Route(
        get=voor(SCHOOLTEAM, "405", "403"),
        post=voor(SCHOOLTEAM, "ok", "403"),
        htmx=True,
        post_data={"_veld": "hulpvraag", "hulpvraag": "<b>x</b>"},
    ),
    "ondersteuning:detail": Route(
        get=object_rij({"eigen": ZIET["eigen"], "ander": ZIET["ander"]}),
        post=rij("405"),
        kwargs="vraag",
        varianten=("eigen", "ander"),
        htmx=True,
    ),
    # Only a concept is edited, by its author; both cases were submitted long ago.
    "ondersteuning:bewerken": Route(
        get=object_rij({}, decorator_rollen=SCHOOLTEAM),
        post=object_rij({}, decorator_rollen=SCHOOLTEAM),
        kwargs="vraag",
        varianten=("eigen", "ander"),
    ),
    # --- the plan, comments and documents (both cases: version 1 and 2 shared, 3 a concept; a document shared
    # with the parents; `plan_versie` and `mijn_plan` open version 1) ---------------------------------------------
    "ondersteuning:plan": _lezen("vraag"),
    "ondersteuning:plan_versie": _lezen("plan_versie"),
    "ondersteuning:mijn_plan": _lezen("plan_versie"),
    "ondersteuning:plan_vergelijken": _lezen("vraag"),
    # The IB and the directeur write the whole plan, the pupil's own teacher the child's words and the goals.
    "ondersteuning:plan_bewerken": Route(
        get=object_rij(PLAN_SCHRIJVEN), post=object_rij(PLAN_SCHRIJVEN), kwargs="vraag", varianten=("eigen", "ander")
    ),
    "ondersteuning:plan_nieuwe_versie": Route(
        get=rij("405"), post=object_rij(PLAN_SCHRIJVEN), kwargs="vraag", varianten=("eigen", "ander")
    ),
    "ondersteuning:plan_delen": Route(
        get=object_rij({"eigen": LEIDING, "ander": LEIDING}),
        post=object_rij({"eigen": LEIDING, "ander": LEIDING}),
        kwargs="vraag",
        varianten=("eigen", "ander"),
    ),
    # The conversation with the parents: the school team and the guardians write; partners only read.
    "ondersteuning:reageren": Route(
        get=object_rij(GESPREK), post=object_rij(GESPREK), kwargs="vraag", varianten=("eigen", "ander")
    ),
    "ondersteuning:bijlage_toevoegen": Route(
        get=object_rij(GESPREK), post=object_rij(GESPREK), kwargs="vraag", varianten=("eigen", "ander")
    ),
    "ondersteuning:bijlage": _lezen("bijlage"),
    # --- the TLV request as a dossier: read by who has a part in it; the forms post to their own URLs ------------
    "ondersteuning:tlv": Route(get=_tlv().get, post=rij("405"), kwargs="vraag", varianten=("eigen", "ander")),
    "ondersteuning:tlv_ondertekenen": _tlv(get=False),
    "ondersteuning:tlv_papier": _tlv(get=False),
    "ondersteuning:tlv_versturen": _tlv(get=False),
    "ondersteuning:tlv_advies": _tlv(get=False),
    "ondersteuning:tlv_zienswijze": _tlv(get=False),
    # --- handing a case over: print and PDF (parents 404, OT members 403) ----------------------------------------
    "ondersteuning:afdrukken": _afdruk(),
    "ondersteuning:pdf": _afdruk(),
    # --- the school-year overview -------------------------------------------------------------------------------
    "ondersteuning:overzicht": Route(get=voor(LEIDING, "ok", "403"), post=voor(LEIDING, "405", "403"), htmx=True),
    "ondersteuning:overzicht_csv": Route(
        get=voor(LEIDING, "ok", "403"), post=voor(LEIDING, "405", "403"), kwargs="figuur"
    ),
    "ondersteuning:plannen_rod": Route(get=voor(LEIDING, "ok", "403"), post=voor(LEIDING, "405", "403")),
    "ondersteuning:plannen_rod_csv": Route(get=voor(LEIDING, "ok", "403"), post=voor(LEIDING, "405", "403")),
    # --- the parents' pages of a case: the school team who may see it is sent to (or refused from) its own ------
    "ouders:vraag": Route(
        get=object_rij(
            {"eigen": {"ouder"}, "ander": {"ouder2"}},
            **{rol: _naar_case(rol) for rol in (ZIET["eigen"] | ZIET["ander"]) - set(OUDERS)},
        ),
        post=rij("405"),
        kwargs="vraag",
        varianten=("eigen", "ander"),
    ),
    "ouders:instemming": Route(
        get=object_rij({"eigen": {"ouder"}, "ander": {"ouder2"}}),
        post=object_rij({"eigen": {"ouder"}, "ander": {"ouder2"}}),
        kwargs="vraag",
        varianten=("eigen", "ander"),
    ),
    "ouders:toestemming": Route(
        get=object_rij({"eigen": {"ouder"}, "ander": {"ouder2"}}),
        post=object_rij({"eigen": {"ouder"}, "ander": {"ouder2"}}),
        kwargs="vraag",
        varianten=("eigen", "ander"),
    ),
    # --- help, notifications and invitations ----------------------------------------------------------------
    "hulp": Route(get=rij("ok"), post=rij("405")),
    # The health check for the load balancer: no login, no data (klimop/gezond.py).
    "gezond": Route(get=rij("ok", anoniem="ok"), post=rij("405", anoniem="405")),
    "meldingen:lijst": Route(get=rij("ok"), post=rij("405")),
    "meldingen:aantal": Route(get=rij("ok"), post=rij("405"), htmx=True),
    "meldingen:alles_gelezen": Route(get=rij("405"), post=rij("→ meldingen:lijst")),
    # "eigen" is a notification for `ouder`, "ander" one for `ouder2`: only its recipient may mark it read.
    "meldingen:gelezen": Route(
        get=rij("405"),
        post=rij("404", ouder=("ok", "404"), ouder2=("404", "ok")),
        kwargs="melding",
        varianten=("eigen", "ander"),
        htmx=True,
    ),
    # The link from the invitation e-mail: the token is the key ("eigen" a valid one, "ander" a wrong one, 410).
    "accounts:uitnodiging": Route(
        get=rij(("ok", "410"), anoniem=("ok", "410")),
        post=rij(("ok", "410"), anoniem=("ok", "410")),
        kwargs="uitnodiging",
        varianten=("eigen", "ander"),
    ),
    # --- account management: the directeur manages accounts, the IB invites guardians ---------------------------
    # Account objects: "eigen" is the guardian `ouder`, "ander" the teacher `leerkracht2`.
    "accountbeheer:lijst": Route(
        get=voor(["directeur"], "ok", "403"), post=voor(["directeur"], "405", "403"), htmx=True
    ),
    "accountbeheer:detail": Route(
        get=voor(["directeur"], "ok", "403"),
        post=voor(["directeur"], "ok", "403"),
        kwargs="account",
        varianten=("eigen", "ander"),
    ),
    "accountbeheer:medewerker_uitnodigen": Route(
        get=voor(["directeur"], "ok", "403"), post=voor(["directeur"], "ok", "403")
    ),
    "accountbeheer:ouders_uitnodigen": Route(
        get=voor(LEIDING, "ok", "403"), post=voor(LEIDING, "→ accountbeheer:ouders_uitnodigen", "403")
    ),
    "accountbeheer:ouder_uitnodigen": Route(
        get=voor(LEIDING, "ok", "403"),
        post=voor(LEIDING, "ok", "403"),
        kwargs="leerling_pk",
        varianten=("eigen", "ander"),
    ),
    # Both accounts have a password already, so the invitation is refused with a message on the next page.
    "accountbeheer:uitnodiging_sturen": Route(
        get=voor(LEIDING, "405", "403"),
        post=voor(["directeur"], "→ accountbeheer:detail", "403", ib=("→ accountbeheer:ouders_uitnodigen", "403")),
        kwargs="account",
        varianten=("eigen", "ander"),
    ),
    "accountbeheer:deactiveren": Route(
        get=voor(["directeur"], "405", "403"),
        post=voor(["directeur"], "→ accountbeheer:detail", "403"),
        kwargs="account",
        varianten=("eigen", "ander"),
    ),
    "accountbeheer:heractiveren": Route(
        get=voor(["directeur"], "405", "403"),
        post=voor(["directeur"], "→ accountbeheer:detail", "403"),
        kwargs="account",
        varianten=("eigen", "ander"),
    ),
}

# Every action page of a case (`ondersteuning:actie`, one entry per action in views.ACTIES), in the state
# trajectbegeleiding. Only "eigen" has an OT meeting still to record.
ACTIES: dict[str, Route] = {
    "indienen": _actie(set()),
    "oppakken": _actie(set()),
    "basisondersteuning": _actie(set()),
    "ondersteuningsteam": _actie(set()),
    "overleg_plannen": _actie(LEIDING),
    "overleg_vastleggen": _actie(LEIDING, ander=set()),
    "trajectbegeleiding": _actie(set()),
    "arrangement": _actie(LEIDING),
    "evaluatie": _actie(set()),
    "verwijzing": _actie(LEIDING),
    "tlv_besluit": _actie(set()),
    "advies": _actie({"tb_met", "ot_uit"}),
    "observatie": _actie(set(SCHOOLTEAM)),
    "toestemming": _actie(LEIDING),
    "toestemming_intrekken": _actie(LEIDING),
    "afsluiten": _actie(LEIDING),
}
for _naam, _route in ACTIES.items():
    ROUTES[f"ondersteuning:actie[{_naam}]"] = _route

# The Django admin: only accounts with is_staff, and no role in the cast has it. Every admin URL must send each
# of them to the admin login (tested separately, for every admin URL pattern).
ADMIN = "admin"


def _cel(waarde) -> str:
    if isinstance(waarde, tuple):
        return " · ".join(waarde)
    return waarde


def markdown() -> str:
    """The matrix as the Markdown table in docs/autorisatiematrix.md."""
    regels = [
        "# Autorisatiematrix",
        "",
        "Generated from `tests/autorisatiematrix.py`:",
        "`.venv/bin/python -m tests.autorisatiematrix > docs/autorisatiematrix.md`. `tests/test_autorisatiematrix.py`",
        "checks every cell against the portal (GET and POST, htmx too) and fails when a URL has no row or this file",
        "is out of date.",
        "",
        "**Scenario.** Pupil Daan (groep 5, leerkracht `leerkracht`, parent `ouder`) has case *eigen*: the",
        "trajectbegeleider `tb_met` is involved with the parents' consent, OT member `ot_uit` is invited to its",
        "meeting with consent. Pupil Yusuf (groep 7, `leerkracht2`, parent `ouder2`) has case *ander*, opened to",
        "`tb_zonder`, whose consent the parents then withdrew. `ot_niet` is invited nowhere. Object URLs are tried",
        "with Daan's objects and with Yusuf's: \"ok · 404\" means ok for Daan's, 404 for Yusuf's. Besides the",
        "status code, no response may contain the name or case text of a pupil the role may not see.",
        "",
        "**Outcomes.** `ok` 200 (for a POST: accepted or the form shown again with errors) · `login` redirect to the",
        "login page · `403` refused · `404` not found (outsiders do not learn the object exists) · `405` wrong",
        "method · `→ page` redirect to a page that shows nothing of the object.",
        "",
        "**Roles.** " + "; ".join(f"`{kort}`: {lang}" for kort, lang in ROLLEN.items()) + ".",
        "",
        "| URL | method | " + " | ".join(f"`{rol}`" for rol in ROLLEN) + " |",
        "|---|---|" + "---|" * len(ROLLEN),
    ]
    for naam, route in ROUTES.items():
        for methode, verwacht in (("GET", route.get), ("POST", route.post)):
            cellen = " | ".join(_cel(verwacht[rol]) for rol in ROLLEN)
            regels.append(f"| `{naam}` | {methode} | {cellen} |")
    regels += [
        "",
        "**Admin site** (`/admin/`, every URL): only accounts with `is_staff`; every role above is sent to the",
        "admin login.",
        "",
    ]
    return "\n".join(regels)


if __name__ == "__main__":
    print(markdown(), end="")
