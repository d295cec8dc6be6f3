"""Single sign-on settings, from the environment (README's "Single sign-on").

Read by settings.py before Django is set up, so it imports nothing of Django's models. With
YJQA_OIDC_ISSUER the endpoints come from the provider's discovery document, fetched once at
start-up; each YJQA_OIDC_*_ENDPOINT variable overrides (or, set together, replaces) it.
"""

from __future__ import annotations

import json
import os
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

ENDPOINTS = {
    # variable suffix: (discovery document key, mozilla-django-oidc setting)
    "AUTHORIZATION_ENDPOINT": ("authorization_endpoint", "OIDC_OP_AUTHORIZATION_ENDPOINT"),
    "TOKEN_ENDPOINT": ("token_endpoint", "OIDC_OP_TOKEN_ENDPOINT"),
    "USERINFO_ENDPOINT": ("userinfo_endpoint", "OIDC_OP_USER_ENDPOINT"),
    "JWKS_ENDPOINT": ("jwks_uri", "OIDC_OP_JWKS_ENDPOINT"),
}
TRUE = {"1", "true", "yes", "on"}


class SingleSignOnMisconfigured(ValueError):
    """Half a configuration: refuse to start rather than offer a button that cannot work."""


@dataclass(frozen=True)
class SingleSignOn:
    issuer: str
    client_id: str
    client_secret: str
    name: str  # the button says "Sign in with <name>"
    endpoints: Mapping[str, str]  # mozilla-django-oidc setting -> URL
    trust_mfa: bool  # the provider's sign-in counts as the second factor

    def django_settings(self) -> dict[str, Any]:
        """The settings mozilla-django-oidc and accounts.single_sign_on read."""
        return {
            **self.endpoints,
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_RP_SIGN_ALGO": "RS256",  # what Entra ID and Google sign ID tokens with
            "OIDC_RP_SCOPES": "openid email",
            "OIDC_USE_PKCE": True,
            "OIDC_CREATE_USER": False,  # never: an administrator adds people
            "OIDC_TIMEOUT": 10,
            "OIDC_AUTHENTICATION_CALLBACK_URL": "single_sign_on_callback",
            "OIDC_OP_ISSUER": self.issuer,
            "SINGLE_SIGN_ON_NAME": self.name,
            "SINGLE_SIGN_ON_TRUSTS_MFA": self.trust_mfa,
        }


def discover(issuer: str, timeout: float = 10) -> dict[str, Any]:
    """The provider's discovery document; its issuer must be the one configured."""
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    with urllib.request.urlopen(url, timeout=timeout) as response:
        document: dict[str, Any] = json.load(response)
    if document.get("issuer", "").rstrip("/") != issuer.rstrip("/"):
        raise SingleSignOnMisconfigured(
            f"YJQA_OIDC_ISSUER is {issuer} but the provider's discovery document names"
            f" {document.get('issuer')!r}"
        )
    return document


def from_env(environ: Mapping[str, str] | None = None) -> SingleSignOn | None:
    """The installation's single sign-on, or None when YJQA_OIDC_CLIENT_ID is not set."""
    env = os.environ if environ is None else environ
    client_id = env.get("YJQA_OIDC_CLIENT_ID", "").strip()
    if not client_id:
        return None
    issuer = env.get("YJQA_OIDC_ISSUER", "").strip()
    secret = env.get("YJQA_OIDC_CLIENT_SECRET", "")
    if not issuer or not secret:
        raise SingleSignOnMisconfigured(
            "Single sign-on needs YJQA_OIDC_ISSUER and YJQA_OIDC_CLIENT_SECRET"
            " as well as YJQA_OIDC_CLIENT_ID"
        )
    given = {
        setting: env[f"YJQA_OIDC_{suffix}"].strip()
        for suffix, (_, setting) in ENDPOINTS.items()
        if env.get(f"YJQA_OIDC_{suffix}", "").strip()
    }
    endpoints = dict(given)
    if len(given) < len(ENDPOINTS):
        document = discover(issuer)
        for key, setting in ENDPOINTS.values():
            if setting not in endpoints:
                if not document.get(key):
                    raise SingleSignOnMisconfigured(f"The discovery document has no {key}")
                endpoints[setting] = document[key]
    return SingleSignOn(
        issuer=issuer,
        client_id=client_id,
        client_secret=secret,
        name=env.get("YJQA_OIDC_NAME", "").strip() or "your council account",
        endpoints=endpoints,
        trust_mfa=env.get("YJQA_OIDC_TRUST_MFA", "").strip().lower() in TRUE,
    )
