"""Subscription secrets: made here, shown once, kept encrypted.

A secret is a Standard Webhooks `whsec_` secret (24 random bytes, base64). Conduct must
keep it to sign, so it is stored encrypted with Fernet (AES-128-CBC and HMAC-SHA256,
from `cryptography`) under a key derived from `WEBHOOK_SECRET_KEY`, which defaults to
SECRET_KEY: someone with a copy of the database alone cannot sign as Conduct. Changing
the key makes the stored secrets unreadable; give each subscription a new secret then.
"""

import base64
import hashlib
import secrets

from cryptography.fernet import Fernet
from django.conf import settings


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def fernet() -> Fernet:
    key = getattr(settings, "WEBHOOK_SECRET_KEY", "") or settings.SECRET_KEY
    derived = hashlib.sha256(f"conduct.webhooks:{key}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def encrypt(secret: str) -> str:
    return fernet().encrypt(secret.encode()).decode()


def decrypt(stored: str) -> str:
    return fernet().decrypt(stored.encode()).decode()
