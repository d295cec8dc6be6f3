"""Run the test OpenID Connect provider: migrate its own database, add its users and the
yjqa client, then serve on 127.0.0.1:PORT until killed.

    python serve.py PORT REDIRECT_URI CLIENT_ID CLIENT_SECRET USERS_JSON
USERS_JSON: [{"username": ..., "email": ..., "verified": true}, ...]; each password is
the username.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ["DJANGO_SETTINGS_MODULE"] = "settings"

import django

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from oauth2_provider.models import Application  # noqa: E402


def main() -> None:
    port, redirect_uri, client_id, client_secret, users = sys.argv[1:6]
    call_command("migrate", verbosity=0, interactive=False)
    unverified, _ = Group.objects.get_or_create(name="unverified")
    for spec in json.loads(users):
        user = User.objects.create_user(spec["username"], spec["email"], spec["username"])
        if not spec.get("verified", True):
            user.groups.add(unverified)
    Application.objects.create(
        name="yjqa",
        client_id=client_id,
        client_secret=client_secret,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect_uri,
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False, verbosity=0)


if __name__ == "__main__":
    main()
