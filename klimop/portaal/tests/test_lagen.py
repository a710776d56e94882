"""Issue 12: the import layers in pyproject.toml hold, and `lint-imports` fails as soon as an import runs upward."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

PAKKETTEN = ("klimop", "leerlingen", "ondersteuning")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(map: Path) -> subprocess.CompletedProcess:
    """Run import-linter with the project's configuration on the packages in `map`, as `make check` does."""
    env = {**os.environ, "PYTHONPATH": str(map), "NO_COLOR": "1"}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(map / "pyproject.toml")],
        cwd=map,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _geen_python(map: str, namen: list[str]) -> list[str]:
    """For copytree: leave out everything but Python files (templates, translations, caches)."""
    return [naam for naam in namen if naam == "__pycache__" or (Path(map, naam).is_file() and naam[-3:] != ".py")]


@pytest.fixture
def kopie(tmp_path) -> Path:
    """The Python source of the three root packages and the configuration, in a throwaway directory."""
    for pakket in PAKKETTEN:
        shutil.copytree(settings.BASE_DIR / pakket, tmp_path / pakket, ignore=_geen_python)
    shutil.copy(settings.BASE_DIR / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_project_keeps_its_import_layers():
    uitvoer = lint_imports(settings.BASE_DIR)
    assert uitvoer.returncode == 0, uitvoer.stdout + uitvoer.stderr
    assert "0 broken" in uitvoer.stdout


@pytest.mark.parametrize(
    ("toevoegingen", "melding"),
    [
        # The cycle of issue 12: pupil scoping asked the cases directly, inside a method.
        (
            {"leerlingen/omhoog.py": "def vragen():\n    from ondersteuning.models import Ondersteuningsvraag\n"},
            "leerlingen.omhoog -> ondersteuning.models",
        ),
        # The foundation reaching for a start page, as klimop/accounts/views.py once did.
        (
            {"klimop/accounts/omhoog.py": "from klimop.portaal import views\n"},
            "klimop.accounts.omhoog -> klimop.portaal",
        ),
        # The public profile and the pupils are independent of each other.
        ({"klimop/profiel/opzij.py": "import leerlingen.models\n"}, "klimop.profiel.opzij -> leerlingen.models"),
        # Indirect: accounts imports a helper of the project package that imports a domain app.
        (
            {
                "klimop/hulpje.py": "from leerlingen.models import Leerling\n",
                "klimop/accounts/models.py": "\nfrom klimop import hulpje\n",
            },
            "klimop.hulpje -> leerlingen.models",
        ),
    ],
)
def test_an_import_that_runs_up_the_layers_fails_the_check(kopie, toevoegingen, melding):
    for bestand, code in toevoegingen.items():
        with (kopie / bestand).open("a") as module:
            module.write(code)
    uitvoer = lint_imports(kopie)
    assert uitvoer.returncode == 1, uitvoer.stdout + uitvoer.stderr
    assert "1 broken" in uitvoer.stdout
    assert melding in uitvoer.stdout


def test_the_untouched_copy_passes(kopie):
    """The copy itself is sound, so the failures above come from the added import alone."""
    uitvoer = lint_imports(kopie)
    assert uitvoer.returncode == 0, uitvoer.stdout + uitvoer.stderr
