"""Fixtures for the lab network tests: the client configuration written by `labnet up`."""

from __future__ import annotations

import pytest

from labkit import config


@pytest.fixture(scope="session")
def lab() -> config.LabConfig:
    return config.load()


@pytest.fixture(scope="session")
def mail(lab):
    return lab.host("mail")


@pytest.fixture(scope="session")
def files(lab):
    return lab.host("files")


@pytest.fixture(scope="session")
def infra(lab):
    return lab.host("infra")


@pytest.fixture(scope="session")
def www(lab):
    return lab.host("www")


@pytest.fixture(scope="session")
def user(lab) -> tuple[str, str]:
    return "labuser", lab.users["labuser"]
