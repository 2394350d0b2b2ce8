"""A real SMTP server on loopback (aiosmtpd), and the app configured to send through it."""
from __future__ import annotations

import email
import socket
from email.message import EmailMessage
from email.policy import default

import pytest
from aiosmtpd.controller import Controller

#: a base URL unlike any request's host, so a link from the request would show
BASE = "https://council.example/forum"


class Inbox:
    """What the SMTP server received: (envelope sender, recipients, parsed message)."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001, N802
        message = email.message_from_bytes(envelope.content, policy=default)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[EmailMessage]:
        """The messages received, oldest first."""
        return [message for _sender, _rcpt, message in self.received]


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def app_config(app_config):  # noqa: ANN001
    """The usual test settings, on a base URL with a path and the forum's own From address."""
    return {**app_config, "BASE_URL": BASE, "MAIL_FROM": "forum@council.example"}


@pytest.fixture
def smtp_server(app):  # noqa: ANN001
    """An SMTP server on 127.0.0.1 and a free port; the app sends its mail there."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def smtp_down(app):  # noqa: ANN001
    """The app's SMTP server is configured but not listening."""
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
