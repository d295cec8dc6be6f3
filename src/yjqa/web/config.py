"""Where yjqa keeps its data, and the secret key, from the environment."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def data_dir() -> Path:
    """YJQA_DATA_DIR, or ~/.yjqa: the SQLite database and the generated secret key live here."""
    path = Path(os.environ.get("YJQA_DATA_DIR") or Path.home() / ".yjqa").expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key(directory: Path) -> str:
    """YJQA_SECRET_KEY, or a key generated once and kept (readable only by its owner)."""
    if key := os.environ.get("YJQA_SECRET_KEY"):
        return key
    path = directory / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(64))
    return path.read_text().strip()


def flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}
