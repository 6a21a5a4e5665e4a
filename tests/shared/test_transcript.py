"""The README transcript runner: parsing, wildcards, background commands, failures."""

import socket
import subprocess
import sys
import textwrap

import pytest

from labkit import transcript


def write(tmp_path, text):
    readme = tmp_path / "README.md"
    readme.write_text(textwrap.dedent(text))
    return readme


@pytest.mark.parametrize(
    ("expected", "output", "ok"),
    [
        (["hello"], "hello\n", True),
        (["hello"], "hello   \n", True),
        (["hello"], "hello\nworld\n", False),
        (["...", "world"], "hello\nthere\nworld\n", True),
        (["...", "world"], "world\n", True),
        (["port ... open"], "port 22 open\n", True),
        (["port ... open"], "port 22 closed\n", False),
        (["a.b"], "axb\n", False),
        ([], "", True),
        ([], "surprise\n", False),
    ],
)
def test_matching(expected, output, ok):
    assert transcript.matches(expected, output) is ok


def test_parse_ignores_unmarked_blocks(tmp_path):
    readme = write(
        tmp_path,
        """\
        ```console
        $ not run
        ```
        <!-- transcript -->
        ```console
        $ echo one
        one
        $ echo two
        two
        ```
        """,
    )
    (block,) = transcript.parse(readme.read_text())
    assert [c.command for c in block.commands] == ["echo one", "echo two"]
    assert block.commands[1].expected == ["two"]


def test_run_readme_passes_and_counts(tmp_path):
    readme = write(
        tmp_path,
        """\
        <!-- transcript -->
        ```console
        $ echo hello; echo oops >&2
        hello
        oops
        $ python -c 'import sys; print(sys.version_info[0])'
        3
        ```
        """,
    )
    assert transcript.run_readme(readme) == 2


def test_mismatch_fails_with_a_diff(tmp_path):
    readme = write(
        tmp_path,
        """\
        <!-- transcript -->
        ```console
        $ echo goodbye
        hello
        ```
        """,
    )
    with pytest.raises(transcript.TranscriptError) as info:
        transcript.run_readme(readme)
    message = str(info.value)
    assert "README.md:3" in message and "-hello" in message and "+goodbye" in message


def test_background_server_runs_until_the_end(tmp_path):
    server = tmp_path / "server.py"
    server.write_text(
        textwrap.dedent("""\
        import http.server, socketserver
        with socketserver.TCPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler) as s:
            open("port", "w").write(str(s.server_address[1]))
            print("Listening on 127.0.0.1:%d" % s.server_address[1], flush=True)
            s.serve_forever()
        """)
    )
    (tmp_path / "hello.txt").write_text("hi there\n")
    (tmp_path / "fetch.py").write_text(
        "import urllib.request\n"
        "url = 'http://127.0.0.1:' + open('port').read() + '/hello.txt'\n"
        "print(urllib.request.urlopen(url, timeout=5).read().decode())\n"
    )
    readme = write(
        tmp_path,
        """\
        <!-- transcript: background -->
        ```console
        $ python server.py
        Listening on 127.0.0.1:...
        ```
        <!-- transcript -->
        ```console
        $ python fetch.py
        hi there
        ...
        ```
        """,
    )
    assert transcript.run_readme(readme) == 2


def test_background_command_that_dies_is_reported(tmp_path):
    readme = write(
        tmp_path,
        """\
        <!-- transcript: background -->
        ```console
        $ python -c 'print("not ready")'
        Listening on ...
        ```
        """,
    )
    with pytest.raises(transcript.TranscriptError, match="background"):
        transcript.run_readme(readme)


def test_isolated_run_does_not_collide_with_a_busy_host_port(tmp_path):
    if not transcript.can_isolate():
        pytest.skip("no private network namespace here (unshare -rn): runs on the host")
    (tmp_path / "hold.py").write_text(
        "import socket, sys, time\n"
        "s = socket.create_server(('127.0.0.1', int(sys.argv[1])))\n"
        "print('Listening on 127.0.0.1:' + sys.argv[1], flush=True)\n"
        "time.sleep(60)\n"
    )
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        readme = write(
            tmp_path,
            f"""\
            <!-- transcript: background -->
            ```console
            $ python hold.py {port}
            Listening on 127.0.0.1:{port}
            ```
            <!-- transcript -->
            ```console
            $ ip -br link | cut -d' ' -f1
            lo
            ```
            """,
        )
        assert transcript.run_readme(readme) == 2
        with pytest.raises(transcript.TranscriptError, match="in use"):
            transcript.run_readme(readme, isolate=False)


def test_command_line(tmp_path):
    readme = write(tmp_path, "<!-- transcript -->\n```console\n$ echo hi\nhi\n```\n")
    result = subprocess.run(
        [sys.executable, "-m", "labkit.transcript", str(readme)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and result.stdout == "1 commands ran as the README says\n"
    readme.write_text(readme.read_text().replace("hi\n```", "bye\n```"))
    result = subprocess.run(
        [sys.executable, "-m", "labkit.transcript", str(readme)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1 and "+hi" in result.stdout
