"""Exercise 4: an asyncio echo server (reference solution)."""

from __future__ import annotations

import asyncio
import signal
import sys

from labkit import cli, server


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Echo everything the client sends until it closes its side, then close."""
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except OSError:
        pass  # the client went away: nothing to echo to
    finally:
        writer.close()
        try:
            await writer.wait_closed()
        except OSError:
            pass  # already gone


async def run(host: str, port: int) -> None:
    """Serve until SIGINT or SIGTERM; then close every client connection and return."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    writers: set[asyncio.StreamWriter] = set()

    async def tracked(reader, writer):
        writers.add(writer)
        try:
            await handle(reader, writer)
        finally:
            writers.discard(writer)

    echo = await asyncio.start_server(tracked, host, port)
    server.announce(echo.sockets[0].getsockname())
    await stop.wait()
    echo.close()
    for writer in list(writers):
        writer.close()  # the handler's next read sees the end of the connection
    for _ in range(100):  # give the handlers up to a second to finish
        if not writers:
            break
        await asyncio.sleep(0.01)


def main(argv=None) -> int:
    parser = cli.ArgumentParser(description="An asyncio echo server.")
    cli.add_host_port(parser, "127.0.0.1", 9002)
    args = parser.parse_args(argv)
    try:
        asyncio.run(run(args.host, args.port))
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        return cli.error(f"cannot listen on {args.host}:{args.port}: {cli.describe_error(exc)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
