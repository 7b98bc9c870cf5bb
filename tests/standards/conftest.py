import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The `people` fixture sets 9 passwords; Argon2 takes ~0.7 s each on these machines."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
