"""`Cache-Control: no-store, private` on every response Django makes.

Pages, downloads, error pages and the API can all hold children's data, and a browser's or a
proxy's cache would keep them after the person has signed out, for the next person at a shared
computer to see. Static assets hold no one's data: WhiteNoise serves them, before this
middleware, with their own caching.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not request.path.startswith(settings.STATIC_URL):
            patch_cache_control(response, no_store=True, private=True)
        return response
