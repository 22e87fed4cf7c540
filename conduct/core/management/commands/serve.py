"""Run the development web server, a task worker and the scheduler together; Ctrl-C stops all.

`make run` uses this. A shell's background jobs ignore Ctrl-C, so the
processes are supervised from Python instead: when any stops, or on Ctrl-C or
SIGTERM, the others are stopped too.
"""

import signal
import subprocess
import sys
import time
from argparse import ArgumentParser
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the web server, a task worker and the scheduler until Ctrl-C."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("address", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        manage = [sys.executable, "manage.py"]
        children = [
            subprocess.Popen([*manage, "run_worker"]),  # noqa: S603 our own commands
            subprocess.Popen([*manage, "run_scheduler"]),  # noqa: S603
            subprocess.Popen([*manage, "runserver", "--noreload", options["address"]]),  # noqa: S603
        ]
        signal.signal(signal.SIGTERM, self.stop_signal)
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            stop(children)

    def stop_signal(self, signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt


def stop(children: list[subprocess.Popen[bytes]]) -> None:
    """Ask each child to stop, then insist after ten seconds."""
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGINT)
    for child in children:
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
