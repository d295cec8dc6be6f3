"""Where a web process keeps what must be shared between machines, from the environment.

- YJQA_CACHE_URL: `redis://host:port/db` (or `rediss://`) puts Django's cache in Redis
  (django.core.cache.backends.redis.RedisCache); unset, each process has its own local memory.
- YJQA_STORAGE_URL: `s3://bucket?endpoint_url=...&region=...&prefix=...` keeps uploaded files
  (evidence) in S3-compatible storage through django-storages; credentials come from the
  standard AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY variables (or the machine's role).
  Unset, files are kept under the data folder.

Each is read here, in one place, and a bad value stops start-up with a message saying why.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit


class StorageConfigError(ValueError):
    """A YJQA_CACHE_URL or YJQA_STORAGE_URL that cannot be used: the message says why."""


S3_OPTIONS = ("endpoint_url", "region", "prefix")


def cache_settings(url: str | None) -> dict[str, Any]:
    """Django's CACHES for YJQA_CACHE_URL (Redis), or local memory when it is unset."""
    if not url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    parts = urlsplit(url)
    if parts.scheme not in {"redis", "rediss", "unix"}:
        raise StorageConfigError(
            f"YJQA_CACHE_URL must be a redis:// or rediss:// address, not {parts.scheme or url!r}"
        )
    if parts.scheme != "unix" and not parts.hostname:
        raise StorageConfigError("YJQA_CACHE_URL names no host (e.g. redis://127.0.0.1:6379/0)")
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "yjqa",
        }
    }


def storage_settings(url: str | None) -> dict[str, Any]:
    """Django's STORAGES: uploaded files on S3 for YJQA_STORAGE_URL, else under MEDIA_ROOT."""
    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    if not url:
        return {
            # MEDIA_ROOT, read when used (so a test's override of it applies)
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": static,
        }
    parts = urlsplit(url)
    if parts.scheme != "s3":
        raise StorageConfigError(
            f"YJQA_STORAGE_URL must be an s3:// address (s3://bucket?endpoint_url=...), "
            f"not {parts.scheme or url!r}"
        )
    bucket = parts.netloc
    if not bucket or parts.path not in {"", "/"}:
        raise StorageConfigError(
            "YJQA_STORAGE_URL must name a bucket and nothing after it: s3://bucket?region=..."
        )
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=False)
    unknown = sorted(set(query) - set(S3_OPTIONS))
    if unknown:
        raise StorageConfigError(
            f"YJQA_STORAGE_URL has an unknown option {unknown[0]!r} "
            f"(it takes {', '.join(S3_OPTIONS)})"
        )
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "file_overwrite": False,  # a name already taken gets a new one, as on disk
        "default_acl": None,  # private: the bucket's own policy applies
        "querystring_auth": True,
    }
    for key, values in query.items():
        if len(values) != 1 or not values[0]:
            raise StorageConfigError(f"YJQA_STORAGE_URL's {key} must have one value")
        value = values[0]
        if key == "endpoint_url":
            endpoint = urlsplit(value)
            if endpoint.scheme not in {"http", "https"} or not endpoint.hostname:
                raise StorageConfigError(
                    f"YJQA_STORAGE_URL's endpoint_url must be an http(s):// address, not {value!r}"
                )
            options["endpoint_url"] = value
        elif key == "region":
            options["region_name"] = value
        else:
            options["location"] = value.strip("/")
    return {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
        "staticfiles": static,
    }
