"""A real IMAP server for the tests: Dovecot on loopback, private to the test run.

`make test` installs Dovecot (`make dovecot`); the server runs as the current
user with a static password database, Maildir storage in a temporary folder
and no TLS, so nothing outside the temporary folder is touched.
"""

import getpass
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from imapclient import IMAPClient

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER, PASSWORD = "council", "not-a-secret"

CONF = """\
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = {login_user}
default_internal_user = {internal_user}
default_internal_group = {internal_group}
mail_location = maildir:{root}/mail/%u
mail_uid = {mail_user}
mail_gid = {mail_group}
first_valid_uid = 1
first_valid_gid = 1
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid={mail_user} gid={mail_group} home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
service pop3-login {{
  chroot =
}}
"""


@dataclass(frozen=True)
class ImapServer:
    host: str
    port: int
    username: str
    password: str

    def client(self) -> IMAPClient:
        client = IMAPClient(self.host, port=self.port, ssl=False, timeout=30)
        client.login(self.username, self.password)
        return client

    def deliver(self, raw: bytes, folder: str = "INBOX") -> None:
        """Put a message in the mailbox as a mail server would: unseen."""
        with self.client() as client:
            client.append(folder, raw, flags=())

    def unseen(self, folder: str = "INBOX") -> list[int]:
        with self.client() as client:
            client.select_folder(folder)
            return list(client.search(["UNSEEN"]))

    def clear(self, folder: str = "INBOX") -> None:
        with self.client() as client:
            client.select_folder(folder)
            uids = client.search(["ALL"])
            if uids:
                client.delete_messages(uids)
                client.expunge()

    def settings(self, name: str = "housing", service: str = "") -> dict[str, object]:
        """An entry of CONDUCT_MAILBOXES for this server (credentials in the environment)."""
        os.environ["TEST_IMAP_USER"], os.environ["TEST_IMAP_PASSWORD"] = USER, PASSWORD
        return {
            "name": name,
            "service": service,
            "host": self.host,
            "port": self.port,
            "ssl": False,
            "username_env": "TEST_IMAP_USER",
            "password_env": "TEST_IMAP_PASSWORD",
        }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Dovecot stopped: {log.read_text() if log.exists() else ''}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("Dovecot did not start listening within 20 seconds")


def helpers(user: str, group: str) -> dict[str, str]:
    """Dovecot's login processes refuse to run as root: as root they use its own accounts."""
    if os.geteuid() != 0:
        return {
            "login_user": user,
            "internal_user": user,
            "internal_group": group,
            "mail_user": user,
            "mail_group": group,
        }
    return {
        "login_user": "dovenull",
        "internal_user": "dovecot",
        "internal_group": "dovecot",
        "mail_user": "dovecot",
        "mail_group": "dovecot",
    }


def run_dovecot(root: Path) -> Iterator[ImapServer]:
    """Start Dovecot in the foreground with a private configuration; stop it afterwards."""
    if not Path(DOVECOT).exists():
        raise RuntimeError("The mailbox tests need Dovecot: run `make dovecot` (dovecot-imapd)")
    for folder in ("run", "state", "mail", "home"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:  # mail is stored as Dovecot's own user, never as root
        for folder in ("mail", "home"):
            shutil.chown(root / folder, "dovecot", "dovecot")
    port = free_port()
    user = getpass.getuser()
    group = subprocess.run(
        ["/usr/bin/id", "-gn"], capture_output=True, text=True, check=True
    ).stdout.strip()
    conf = root / "dovecot.conf"
    conf.write_text(
        CONF.format(
            root=root, port=port, user=user, group=group, password=PASSWORD, **helpers(user, group)
        )
    )
    process = subprocess.Popen([DOVECOT, "-F", "-c", str(conf)])  # noqa: S603 fixed arguments
    try:
        wait_for(port, process, root / "dovecot.log")
        yield ImapServer("127.0.0.1", port, USER, PASSWORD)
    finally:
        process.terminate()
        process.wait(timeout=20)


def private_dovecot(prefix: str = "conduct-dovecot-") -> Iterator[ImapServer]:
    """Dovecot in a fresh temporary folder, removed afterwards.

    Not under pytest's own temporary folder: that is private to the user running
    the tests, and a root run stores mail as Dovecot's own user, who must reach it.
    """
    root = Path(tempfile.mkdtemp(prefix=prefix))
    root.chmod(0o755)
    try:
        yield from run_dovecot(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
