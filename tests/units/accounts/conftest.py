"""Fixtures of the sign-in tests: the sign-in form posted as a person would, from an address of our choosing."""

import pytest
from django.test import Client
from django.urls import reverse

OFFICE = "10.1.1.20"  # the clerk's computer


@pytest.fixture
def sign_in():
    """`sign_in(client, username, password, ip=…)`: one post of the sign-in form."""

    def post(client, username: str, password: str, *, ip: str = OFFICE, follow: bool = False):
        data = {"username": username, "password": password}
        return client.post(reverse("login"), data, REMOTE_ADDR=ip, follow=follow)

    return post


@pytest.fixture
def wrong_passwords(sign_in):
    """`wrong_passwords(client, username, times, ip=…)`: that many sign-ins with a wrong password; their answers."""

    def post(client, username: str, times: int, *, ip: str = OFFICE) -> list:
        return [sign_in(client, username, "mat-khau-sai", ip=ip) for _ in range(times)]

    return post


@pytest.fixture
def other_client():
    """A second browser: an administrator at his desk while the clerk is locked out, or another computer."""
    return Client()
