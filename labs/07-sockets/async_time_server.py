"""The time server again, with asyncio: many clients at once in one thread.

The asyncio variant of ``tcp_time_server.py`` (same protocol: each line gets
``time.ctime()`` back, ``END`` ends the conversation). ``asyncio.start_server`` calls
``handle_client`` for every connection as a coroutine; ``await reader.readline()``
gives the event loop back while the client is silent, so other clients are served
meanwhile. Underneath it is the selector loop of ``non_blocking_server.py``.

Run it (then ``python tcp_time_client.py --port 12346`` from several terminals)::

    python async_time_server.py                 # Listening on 127.0.0.1:12346

Modern asyncio: ``asyncio.run`` creates and closes the loop (no ``get_event_loop()``).
"""

from __future__ import annotations

import asyncio
import signal
import sys
import time

from labkit import cli, server

DEFAULT_PORT = 12346
END = "END"


async def handle_client(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, timeout: float = 30.0
) -> None:
    address = writer.get_extra_info("peername")
    print(f"Client connected from: {address}", flush=True)
    try:
        while True:
            line = await asyncio.wait_for(reader.readline(), timeout)
            if not line:
                break  # the client closed
            if not line.endswith(b"\n"):
                print(f"Client {address} disconnected mid-message", flush=True)
                break
            message = line.rstrip(b"\r\n").decode("utf-8", errors="replace")
            if message == END:
                break
            print(f"Received from client {address}: {message}", flush=True)
            writer.write(time.ctime().encode("ascii") + b"\n")
            await writer.drain()
    except TimeoutError:
        print(f"Client {address} silent for {timeout:g} s: closing", flush=True)
    except OSError as exc:
        print(f"Client {address}: {cli.describe_error(exc)}", flush=True)
    finally:
        writer.close()
        try:
            await writer.wait_closed()
        except OSError:
            pass  # the connection is gone already: nothing left to close
    print(f"Client {address} done", flush=True)


async def run(host: str, port: int, timeout: float) -> None:
    """Serve until SIGINT or SIGTERM; then close every client connection and return.

    The signal handlers set an event instead of raising KeyboardInterrupt somewhere in
    the loop, so the shutdown is orderly: stop accepting, end each conversation, return.
    """
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    writers: set[asyncio.StreamWriter] = set()

    async def handler(reader, writer):
        writers.add(writer)
        try:
            await handle_client(reader, writer, timeout)
        finally:
            writers.discard(writer)

    tcp_server = await asyncio.start_server(handler, host, port)
    server.announce(tcp_server.sockets[0].getsockname())
    await stop.wait()
    tcp_server.close()
    for writer in list(writers):
        writer.close()  # each handler's next read sees the end of the connection
    for _ in range(100):  # give the handlers up to a second to finish
        if not writers:
            break
        await asyncio.sleep(0.01)


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="The time server on asyncio.")
    cli.add_host_port(parser, "127.0.0.1", DEFAULT_PORT)
    parser.add_argument(
        "--client-timeout", type=cli.positive_float, default=30.0, help="default: 30"
    )
    args = parser.parse_args(argv)
    try:
        asyncio.run(run(args.host, args.port, args.client_timeout))
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        return cli.error(f"cannot listen on {args.host}:{args.port}: {cli.describe_error(exc)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
