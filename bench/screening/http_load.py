"""A small HTTP load generator: POST /api/v1/screen at a fixed rate, or as fast as answered.

Run by latency.py in its own process, so the load does not share the server's
interpreter. Each thread keeps one HTTP/1.1 connection open and writes requests
prepared before the clock starts, reading each answer by its Content-Length: the
generator shares the server's two cores, so what it spends is taken from the server.
With --rate, the main thread hands each request at its scheduled start to the
connection that has been idle longest, as a TLS proxy's pool of upstream connections
does, and its latency counts from that start, so an answer that keeps every
connection busy, and the next request waiting, is not hidden (no coordinated
omission). Flat out, each connection sends again as soon as it is answered. Prints
one JSON object: requests, errors, seconds until the last answer, the rate achieved
over those seconds, p50/p95/p99 ms.
"""

import argparse
import itertools
import json
import queue
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def prepared(args: argparse.Namespace, bodies: list[bytes]) -> list[bytes]:
    """Each request whole, as bytes: headers as the TLS proxy in front of production sends."""
    head = (
        "POST /api/v1/screen HTTP/1.1\r\n"
        f"Host: {args.host}:{args.port}\r\n"
        f"Authorization: Bearer {args.token}\r\n"
        "Content-Type: application/json\r\n"
        "X-Forwarded-Proto: https\r\n"
        "Content-Length: {length}\r\n\r\n"
    )
    return [head.format(length=len(body)).encode() + body for body in bodies]


class Connection:
    """One keep-alive connection that sends a request and reads one answer."""

    def __init__(self, host: str, port: int) -> None:
        self.sock = socket.create_connection((host, port), timeout=30)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def exchange(self, request: bytes) -> int:
        """Send the request; the answer's status once all of its body has arrived."""
        self.sock.sendall(request)
        while b"\r\n\r\n" not in self.buffer:
            self.receive()
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        length = next(
            int(line.split(b":", 1)[1])
            for line in lines
            if line.lower().startswith(b"content-length:")
        )
        while len(self.buffer) < length:
            self.receive()
        self.buffer = self.buffer[length:]
        return int(lines[0].split()[1])

    def receive(self) -> None:
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("the server closed the connection")
        self.buffer += chunk


def worker(
    args: argparse.Namespace, requests: list[bytes], turns: Callable[[], int | None], out: dict
) -> None:
    """One kept-alive connection that sends each request it is handed until there are none."""
    connection = Connection(args.host, args.port)
    latencies, errors = [], 0
    while (turn := turns()) is not None:
        scheduled = out["start"] + turn / args.rate if args.rate else time.perf_counter()
        try:
            ok = connection.exchange(requests[turn % len(requests)]) == 200
        except (OSError, ValueError, StopIteration):
            connection = Connection(args.host, args.port)
            ok = False
        if ok:
            latencies.append(time.perf_counter() - scheduled)
        else:
            errors += 1
    with out["lock"]:
        out["latencies"].extend(latencies)
        out["errors"] += errors


def dispatch(args: argparse.Namespace, due: queue.Queue, out: dict) -> None:
    """At each request's scheduled time, hand it to the connection idle longest, as a
    proxy's pool of upstream connections does: a connection still waiting on a busy worker
    process takes nothing, so the load follows whichever worker is free."""
    turn = 0
    while (scheduled := out["start"] + turn / args.rate) <= out["end"]:
        if (wait := scheduled - time.perf_counter()) > 0:
            time.sleep(wait)
        due.put(turn)
        turn += 1
    for _ in range(args.threads):
        due.put(None)


def flat_out(out: dict) -> Callable[[], int | None]:
    """Turns for connections that each send again as soon as answered, until the end."""
    count = itertools.count()
    return lambda: next(count) if time.perf_counter() < out["end"] else None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--queries", type=Path, required=True, help="JSON list of request bodies")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--rate", type=float, default=0.0, help="Requests a second; 0 = flat out")
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    bodies = [json.dumps(body).encode() for body in json.loads(args.queries.read_text())]
    requests = prepared(args, bodies)
    now = time.perf_counter() + 0.5
    out: dict = {
        "start": now,
        "end": now + args.seconds,
        "lock": threading.Lock(),
        "latencies": [],
        "errors": 0,
    }
    due: queue.Queue = queue.Queue()  # waiting connections are woken first come, first served
    turns = due.get if args.rate else flat_out(out)
    threads = [
        threading.Thread(target=worker, args=(args, requests, turns, out))
        for _ in range(args.threads)
    ]
    cpu = time.process_time()
    for thread in threads:
        thread.start()
    if args.rate:
        dispatch(args, due, out)
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - now
    latencies = out["latencies"]
    print(json.dumps({
        "requests": len(latencies),
        "errors": out["errors"],
        "seconds": round(elapsed, 1),
        "offered_rate": args.rate or None,
        "achieved_rate": round(len(latencies) / elapsed, 1),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 2),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 2),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 2),
        "load_generator_cpu_ms_a_request": round(
            (time.process_time() - cpu) * 1000 / max(1, len(latencies) + out["errors"]), 3
        ),
    }))  # fmt: skip


if __name__ == "__main__":
    main()
