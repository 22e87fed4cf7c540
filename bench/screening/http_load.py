"""A small HTTP load generator: POST /api/v1/screen at a fixed rate, or as fast as answered.

Run by latency.py in its own process, so the load does not share the server's
interpreter. Each thread keeps one HTTP/1.1 connection open. With --rate, each
request has a scheduled start and its latency counts from then, so a slow
answer that delays the next request is not hidden (no coordinated omission).
Prints one JSON object: requests, errors, seconds until the last answer, the rate
achieved over those seconds, p50/p95/p99 ms.
"""

import argparse
import http.client
import json
import threading
import time
from pathlib import Path


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def worker(args: argparse.Namespace, bodies: list[bytes], offset: int, out: dict) -> None:
    connection = http.client.HTTPConnection(args.host, args.port, timeout=30)
    headers = {
        "Authorization": f"Bearer {args.token}",
        "Content-Type": "application/json",
        "X-Forwarded-Proto": "https",  # as the TLS proxy in front of production sends
    }
    interval = args.threads / args.rate if args.rate else 0.0
    start = out["start"] + offset * interval / args.threads
    latencies, errors, sent = [], 0, 0
    while True:
        scheduled = start + sent * interval if interval else time.perf_counter()
        if scheduled > out["end"]:
            break
        if (wait := scheduled - time.perf_counter()) > 0:
            time.sleep(wait)
        body = bodies[(offset + sent * args.threads) % len(bodies)]
        sent += 1
        try:
            connection.request("POST", "/api/v1/screen", body, headers)
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection(args.host, args.port, timeout=30)
            ok = False
        if ok:
            latencies.append(time.perf_counter() - scheduled)
        else:
            errors += 1
    out["latencies"].extend(latencies)
    out["errors"] += errors


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
    now = time.perf_counter() + 0.5
    out: dict = {"start": now, "end": now + args.seconds, "latencies": [], "errors": 0}
    threads = [
        threading.Thread(target=worker, args=(args, bodies, i, out)) for i in range(args.threads)
    ]
    for thread in threads:
        thread.start()
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
    }))  # fmt: skip


if __name__ == "__main__":
    main()
