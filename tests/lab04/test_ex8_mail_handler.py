"""Exercise 8: MailHandler, a buffering SMTP log handler with TLS, login and proper headers."""

import logging
import re
import ssl
import threading

import pytest

from .fixtures_smtp import PASSWORD, USER

WORDS = ("First", "Second", "Third", "Fourth")


@pytest.fixture
def handlers():
    """Every handler a test makes; at the end, detached so that logging forgets them."""
    made = []
    yield made
    for handler, logger in made:
        logger.handlers.clear()
        # logging.shutdown() flushes every live handler at exit: an unfinished
        # flush() must not print a traceback then.
        handler.flush = lambda: None


def make(exercise, port, **options):
    MailHandler = exercise.load("mail_handler.py").MailHandler
    options.setdefault("capacity", 10)
    options.setdefault("timeout", 2)
    handler = MailHandler(
        ("127.0.0.1", port),
        "app@lab.test",
        ["ops@lab.test", "dev@lab.test"],
        "App log",
        **options,
    )
    errors = []
    handler.handleError = errors.append  # what the handler reports instead of raising
    return handler, errors


def logger_for(handler, request, handlers):
    logger = logging.getLogger(f"test.lab04.ex8.{request.node.name}")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logger.handlers[:] = [handler]
    handlers.append((handler, logger))
    return logger


def lines(mail):
    return mail.message.get_body(("plain",)).get_content().splitlines()


@pytest.mark.points(2)
def test_one_mail_per_flush(exercise, smtp_server, request, handlers):
    handler, errors = make(exercise, smtp_server.port)
    logger = logger_for(handler, request, handlers)
    for word in WORDS:
        logger.info("%s line of log", word)
    assert smtp_server.messages == [], "nothing is sent before the buffer is flushed"
    handler.flush()
    [mail] = smtp_server.wait_for(1)
    assert len(lines(mail)) == 4
    for word, line in zip(WORDS, lines(mail), strict=True):
        assert re.match(rf"^\d{{4}}-\d\d-\d\d .* INFO  {word} line of log$", line), line
    handler.flush()  # empty buffer: no second mail
    handler.close()
    assert len(smtp_server.messages) == 1 and errors == []
    assert (mail.mail_from, mail.rcpt_tos) == ("app@lab.test", ["ops@lab.test", "dev@lab.test"])


@pytest.mark.points(1)
def test_headers(exercise, smtp_server, request, handlers):
    handler, _ = make(exercise, smtp_server.port, capacity=1)
    logger = logger_for(handler, request, handlers)
    logger.warning("one")
    logger.warning("two")
    first, second = smtp_server.wait_for(2)
    for mail in (first, second):
        message = mail.message
        assert message["Subject"] == "App log" and message["From"] == "app@lab.test"
        assert "ops@lab.test" in message["To"] and "dev@lab.test" in message["To"]
        assert message["Date"] is not None and message["Date"].datetime is not None
        assert re.fullmatch(r"<[^<>@\s]+@[^<>@\s]+>", str(message["Message-ID"]))
    assert first.message["Message-ID"] != second.message["Message-ID"]
    handler.close()


@pytest.mark.points(2)
def test_starttls_and_login(exercise, submission_server, smtp_cafile, request, handlers):
    context = ssl.create_default_context(cafile=str(smtp_cafile))
    handler, errors = make(
        exercise, submission_server.port, credentials=(USER, PASSWORD), context=context
    )
    logger = logger_for(handler, request, handlers)
    logger.error("disk almost full")
    handler.close()
    assert errors == []
    [mail] = submission_server.wait_for(1)
    assert mail.encrypted and mail.authenticated and mail.login == USER
    assert lines(mail)[0].endswith("ERROR disk almost full")


@pytest.mark.points(1)
def test_server_down_does_not_raise(exercise, closed_port, request, handlers):
    handler, errors = make(exercise, closed_port, capacity=2)
    logger = logger_for(handler, request, handlers)
    for word in WORDS:
        logger.info("%s line of log", word)  # two flushes, both fail
    handler.close()
    assert len(errors) == 2, "call handleError once per failed flush"
    assert all(isinstance(record, logging.LogRecord) for record in errors)
    assert handler.buffer == []


@pytest.mark.points(1)
def test_wrong_ca_does_not_raise(exercise, submission_server, smtp_wrong_cafile, request, handlers):
    context = ssl.create_default_context(cafile=str(smtp_wrong_cafile))
    handler, errors = make(
        exercise, submission_server.port, credentials=(USER, PASSWORD), context=context
    )
    logger = logger_for(handler, request, handlers)
    logger.info("secret stuff")
    handler.close()
    assert len(errors) == 1
    assert submission_server.messages == []


@pytest.mark.points(1)
def test_concurrent_logging(exercise, smtp_server, request, handlers):
    handler, errors = make(exercise, smtp_server.port, capacity=10)
    logger = logger_for(handler, request, handlers)

    crashed = []

    def work(n):
        try:
            for i in range(50):
                logger.info("thread %d record %d", n, i)
        except Exception as exc:  # logging must not raise: record it for the assert
            crashed.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert crashed == []
    handler.close()
    mails = smtp_server.wait_for(40, timeout=20)
    assert errors == []
    assert len(mails) == 40
    seen = [line.split(" INFO  ")[1] for mail in mails for line in lines(mail)]
    assert sorted(seen) == sorted(f"thread {n} record {i}" for n in range(8) for i in range(50))
    assert all(len(lines(mail)) == 10 for mail in mails)
