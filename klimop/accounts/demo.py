"""The demo accounts of docs/ontwerp.md §7 and the password they share (only ever set by `manage.py demo`)."""

from .models import Rol

DEMO_WACHTWOORD = "klimop-demo"

# (e-mail, voornaam, achternaam, rol, organisatie, functie)
DEMO_ACCOUNTS = [
    ("leerkracht@klimop.test", "Marieke", "Schouten", Rol.LEERKRACHT, "", "leerkracht groep 5"),
    ("leerkracht2@klimop.test", "Jeroen", "Kok", Rol.LEERKRACHT, "", "leerkracht groep 7"),
    ("ib@klimop.test", "Anouk", "Visser", Rol.IB, "", "intern begeleider"),
    ("directeur@klimop.test", "Hans", "Bakker", Rol.DIRECTEUR, "", "directeur"),
    (
        "trajectbegeleider@klimop.test",
        "Sandra",
        "de Wit",
        Rol.TRAJECTBEGELEIDER,
        "Samenwerkingsverband De Westfriese Knoop",
        "trajectbegeleider knooppunt Hoorn",
    ),
    ("ot@klimop.test", "Fatima", "El Amrani", Rol.OT_LID, "Stichting Netwerk", "schoolmaatschappelijk werk"),
    ("ouder@klimop.test", "Esther", "Groot", Rol.OUDER, "", ""),
    ("ouder2@klimop.test", "Mohamed", "Yilmaz", Rol.OUDER, "", ""),
]
