"""pyproject.toml promises what the code needs: a client extra for each search engine the
settings offer, and a Python whose tarfile has the extraction filters restore relies on."""

import re
import tomllib
from pathlib import Path

from django.conf import settings
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

PROJECT = tomllib.loads((Path(__file__).resolve().parents[3] / "pyproject.toml").read_text())
CLIENTS = {"elasticsearch": "elasticsearch", "opensearch": "opensearch-py"}


def test_each_search_engine_has_the_extra_of_its_name_with_the_client_it_speaks_to():
    extras = PROJECT["project"]["optional-dependencies"]
    engines = sorted(set(settings.SEARCH_ENGINES) - {"database"})
    assert engines and set(engines) <= set(extras)
    for engine in engines:
        family, major = re.fullmatch(r"([a-z]+)(\d+)", engine).groups()
        major = int(major)
        [requirement] = [Requirement(line) for line in extras[engine]]
        assert requirement.name == CLIENTS[family], engine
        # That major version of the client and no other: each backend speaks to one.
        assert requirement.specifier.contains(f"{major}.99"), engine
        assert not requirement.specifier.contains(f"{major + 1}.0"), engine
        assert not requirement.specifier.contains(f"{major - 1}.99"), engine


def test_python_starts_at_the_first_3_11_with_tarfile_extraction_filters():
    # `tarfile.data_filter` (extractall(filter="data") in backup_restore) came in 3.11.4.
    supported = SpecifierSet(PROJECT["project"]["requires-python"])
    assert supported.contains("3.11.4") and not supported.contains("3.11.3")
