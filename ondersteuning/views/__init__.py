"""The pages of ondersteuning, one module per concern; each imports the access helpers from `ondersteuning.toegang`.

No view module imports another (the import-linter contract in pyproject.toml keeps it so).
"""

from ..acties import ACTIES

__all__ = ["ACTIES"]
