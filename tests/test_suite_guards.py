"""The test suite's own guards: no network beyond this machine, and a warning is a failure."""

from __future__ import annotations

import socket
import warnings

import pytest
from pytest_socket import SocketBlockedError


def test_a_connection_beyond_this_machine_is_refused() -> None:
    # 192.0.2.1 is TEST-NET-1: without the guard this would time out, not be refused. The
    # guard warns before it blocks, and the warning is already an error.
    with pytest.raises((SocketBlockedError, UserWarning), match="tried to use socket"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)


def test_a_connection_to_this_machine_is_allowed() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        with socket.create_connection(server.getsockname(), timeout=1):
            pass


def test_a_warning_fails_the_test() -> None:
    with pytest.raises(DeprecationWarning):
        warnings.warn("old", DeprecationWarning, stacklevel=1)
