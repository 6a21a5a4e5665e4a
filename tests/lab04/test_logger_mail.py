"""logger_mail_send.py: BufferingSMTPHandler mails buffered log records as one message."""

import logging
import re

import pytest

from labkit import testing

from .conftest import LAB

SCRIPT = LAB / "logger_mail_send.py"
logger_mail = testing.load_module(SCRIPT)

LINE = re.compile(r"^\d{4}-\d\d-\d\d .* INFO  ?(First|Second|Third|Fourth) line of log$")
WORDS = ("First", "Second", "Third", "Fourth")


@pytest.fixture(autouse=True)
def detach_handlers():
    """Loggers live as long as the process: take the test's handler off again."""
    yield
    for name, logger in logging.Logger.manager.loggerDict.items():
        if name.startswith("test.lab04.logger.") and isinstance(logger, logging.Logger):
            logger.handlers.clear()


def make_logger(handler, name):
    logger = logging.getLogger(f"test.lab04.logger.{name}")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logger.handlers[:] = [handler]
    return logger


def handler_for(port, capacity=10, **kwargs):
    return logger_mail.BufferingSMTPHandler(
        "127.0.0.1",
        "logger@lab.test",
        ["ops@lab.test"],
        "Log report",
        capacity=capacity,
        port=port,
        timeout=2,
        **kwargs,
    )


def body_lines(mail):
    return mail.message.get_content().splitlines()


def test_help():
    result = testing.run_script(SCRIPT, "--help")
    assert result.returncode == 0
    for option in ("--host", "--port", "--to", "--capacity"):
        assert option in result.stdout


def test_four_records_make_one_mail_only_when_flushed(smtp_server, request):
    handler = handler_for(smtp_server.port)
    logger = make_logger(handler, request.node.name)
    for word in WORDS:
        logger.info("%s line of log", word)
    assert smtp_server.messages == []  # capacity 10: still buffered
    handler.close()  # what logging.shutdown() does at exit
    [mail] = smtp_server.wait_for(1)
    assert (mail.mail_from, mail.rcpt_tos) == ("logger@lab.test", ["ops@lab.test"])
    assert mail.message["Subject"] == "Log report"
    lines = body_lines(mail)
    assert len(lines) == 4
    for word, line in zip(WORDS, lines, strict=True):
        assert LINE.match(line) and word in line, line
    assert handler.buffer == []


def test_capacity_two_makes_two_mails(smtp_server, request):
    handler = handler_for(smtp_server.port, capacity=2)
    logger = make_logger(handler, request.node.name)
    for word in WORDS:
        logger.info("%s line of log", word)
    mails = smtp_server.wait_for(2)
    handler.close()
    assert len(smtp_server.messages) == 2  # nothing left to send at close
    assert [len(body_lines(mail)) for mail in mails] == [2, 2]


def test_an_empty_flush_sends_nothing(smtp_server):
    handler = handler_for(smtp_server.port)
    handler.flush()
    handler.close()
    assert smtp_server.messages == []


def test_a_server_that_is_down_does_not_raise(closed_port, request):
    handler = handler_for(closed_port, capacity=2)
    logger = make_logger(handler, request.node.name)
    for word in WORDS:
        logger.info("%s line of log", word)  # flushes twice, both fail quietly
    handler.close()
    assert isinstance(handler.error, ConnectionRefusedError)
    assert handler.buffer == []


def test_the_script_sends_one_mail(smtp_server):
    result = testing.run_script(SCRIPT, "--port", smtp_server.port, "--to", "me@lab.test")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Sent the log records to me@lab.test."
    [mail] = smtp_server.wait_for(1)
    assert mail.rcpt_tos == ["me@lab.test"]
    assert all(LINE.match(line) for line in body_lines(mail))


def test_the_script_with_capacity_one_sends_four(smtp_server):
    result = testing.run_script(SCRIPT, "--port", smtp_server.port, "--capacity", "1")
    assert result.returncode == 0, result.stderr
    assert len(smtp_server.wait_for(4)) == 4


def test_the_script_reports_a_refused_port_in_one_line(closed_port):
    result = testing.run_script(SCRIPT, "--port", closed_port)
    assert "connection refused" in testing.assert_one_line_error(result, 1)


def test_the_script_reports_a_timeout_in_one_line(silent_port):
    result = testing.run_script(SCRIPT, "--port", silent_port, "--timeout", "0.5")
    assert "timed out" in testing.assert_one_line_error(result, 1)


@pytest.mark.parametrize("bad", [["--capacity", "0"], ["--port", "-1"], ["--capacity", "x"]])
def test_bad_arguments_are_usage_errors(bad):
    result = testing.run_script(SCRIPT, *bad)
    testing.assert_one_line_error(result, 2)
