"""A closed-loop load generator, run as a process of its own: N clients on loopback, each with a
keep-alive connection, requesting one URL back to back for a while; prints JSON with the count,
the errors and the latency percentiles (milliseconds).

    python -m bench.load http://127.0.0.1:8000/board --clients 20 --seconds 10
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import threading
import time
from urllib.parse import urlsplit


def _client(url: str, until: float, latencies: list[float], errors: list[str]) -> None:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    while time.perf_counter() < until:
        start = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as error:
            errors.append(repr(error))
            connection.close()
            connection = http.client.HTTPConnection(
                parts.hostname or "127.0.0.1", parts.port, timeout=30
            )
            continue
        latencies.append(time.perf_counter() - start)
        if response.status != 200:
            errors.append(f"HTTP {response.status}")
    connection.close()


def run(url: str, *, clients: int, seconds: float) -> dict[str, float | int | list[str]]:
    latencies: list[float] = []
    errors: list[str] = []
    until = time.perf_counter() + seconds
    threads = [
        threading.Thread(target=_client, args=(url, until, latencies, errors))
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    milliseconds = sorted(value * 1000 for value in latencies)
    cuts = statistics.quantiles(milliseconds, n=100) if len(milliseconds) > 1 else milliseconds * 99
    return {
        "requests": len(milliseconds),
        "per_second": round(len(milliseconds) / seconds, 1),
        "p50_ms": round(statistics.median(milliseconds), 1) if milliseconds else 0.0,
        "p95_ms": round(cuts[94], 1) if cuts else 0.0,
        "errors": errors[:5],
        "error_count": len(errors),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10.0)
    arguments = parser.parse_args()
    print(json.dumps(run(arguments.url, clients=arguments.clients, seconds=arguments.seconds)))


if __name__ == "__main__":
    main()
