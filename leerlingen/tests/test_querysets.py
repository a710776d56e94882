import datetime

import pytest

from leerlingen.models import Groep, Leerling
from leerlingen.tests.factories import LeerlingFactory, OuderFactory

pytestmark = pytest.mark.django_db


def test_teacher_sees_only_pupils_of_own_groups(leerkracht, leerling, andere_leerling):
    assert list(Leerling.objects.zichtbaar_voor(leerkracht)) == [leerling]


def test_ib_and_directeur_see_every_pupil(ib, directeur, leerling, andere_leerling):
    for user in (ib, directeur):
        assert set(Leerling.objects.zichtbaar_voor(user)) == {leerling, andere_leerling}


def test_parent_sees_only_own_children_with_gezag(ouder, leerling, andere_leerling):
    assert list(Leerling.objects.zichtbaar_voor(ouder)) == [leerling]
    zonder_gezag = OuderFactory(user=ouder, leerling=andere_leerling, gezag=False)
    assert list(Leerling.objects.zichtbaar_voor(ouder)) == [leerling]
    zonder_gezag.gezag = True
    zonder_gezag.save()
    assert set(Leerling.objects.zichtbaar_voor(ouder)) == {leerling, andere_leerling}


def test_external_roles_see_no_pupils_without_a_case(trajectbegeleider, ot_lid, leerling):
    assert not Leerling.objects.zichtbaar_voor(trajectbegeleider).exists()
    assert not Leerling.objects.zichtbaar_voor(ot_lid).exists()


def test_deactivated_users_see_nothing(ib, leerling):
    ib.is_active = False
    assert not Leerling.objects.zichtbaar_voor(ib).exists()
    assert not Groep.objects.zichtbaar_voor(ib).exists()


def test_teacher_sees_only_own_groups(leerkracht, groep, andere_groep):
    assert list(Groep.objects.zichtbaar_voor(leerkracht)) == [groep]


def test_ingeschreven_excludes_pupils_who_left_or_have_not_started(groep):
    vandaag = datetime.date(2026, 11, 28)
    binnen = LeerlingFactory(groep=groep, ingeschreven_op=datetime.date(2020, 9, 1))
    LeerlingFactory(groep=groep, ingeschreven_op=datetime.date(2020, 9, 1), uitgeschreven_op=datetime.date(2026, 7, 1))
    LeerlingFactory(groep=groep, ingeschreven_op=datetime.date(2027, 1, 5))
    assert list(Leerling.objects.ingeschreven(op=vandaag)) == [binnen]


def test_search_matches_parts_of_first_and_last_name(groep):
    sanne = LeerlingFactory(voornaam="Sanne", tussenvoegsel="van der", achternaam="Berg", groep=groep)
    LeerlingFactory(voornaam="Tim", achternaam="Jansen", groep=groep)
    assert list(Leerling.objects.zoek("san")) == [sanne]
    assert list(Leerling.objects.zoek("sanne berg")) == [sanne]
    assert list(Leerling.objects.zoek("van der")) == [sanne]


def test_leave_date_before_start_is_refused_by_the_database(leerling):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Leerling.objects.filter(pk=leerling.pk).update(
            uitgeschreven_op=leerling.ingeschreven_op - datetime.timedelta(1)
        )
