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


MFA_MODES = ("required", "off")


def mfa_required(environ: dict[str, str] | None = None) -> bool:
    """Whether every account needs a second factor: YJQA_MFA=required or off, and without it
    on exactly when the app is served over HTTPS (YJQA_HTTPS=1), as in production; a plain
    local run (the demo) signs in with the password alone."""
    env = os.environ if environ is None else environ
    mode = env.get("YJQA_MFA", "").strip().lower()
    if mode and mode not in MFA_MODES:
        raise ValueError(f"YJQA_MFA must be one of {', '.join(MFA_MODES)}, not {mode!r}")
    if mode:
        return mode == "required"
    return env.get("YJQA_HTTPS", "").strip().lower() in {"1", "true", "yes", "on"}
