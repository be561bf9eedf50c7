"""Reading a stranger's file within fixed time and memory: `files.py` run in a child process.

Every reader in `files.py` is linear and stops at the text limit, but PDFium (C++) can still
spend gigabytes on one page of a million text operators, and a parser bug is always possible.
So the deep checks and the text extraction run in a child process with an address-space limit
(`resource.setrlimit(RLIMIT_AS)`), a CPU limit and a wall-clock limit. A child that runs out of
either is killed; the file is then *unreadable*: the caller keeps it (nothing the person sent is
lost), marks it so, and goes on.

Children come from a fork server (`multiprocessing`'s "forkserver"): a small process started
once, with the readers already imported, that forks a child per file in a few milliseconds and
never inherits the web or worker process's threads, locks or database connections.

Plain Python with no Django imports; the limits come from the caller (settings
`OUTHIRE_READ_SECONDS` and `OUTHIRE_READ_MEMORY_MB`, see `candidates.services.read_limits`).
"""

from __future__ import annotations

import logging
import multiprocessing
import pickle
import resource
import signal
import subprocess
import sys
import time
from dataclasses import dataclass

from outhire.candidates.files import (
    DocumentError,
    DocumentInfo,
    extract_text,
    gettext_noop,
    inspect_document,
    sniff_document,
)

logger = logging.getLogger(__name__)

UNREADABLE_TIME = (
    "We could not read the text of this file within {seconds:g} seconds, so it was kept as it is "
    "without its text. Open it to read it, or ask for another copy (a PDF saved from Word works)."
)
UNREADABLE_MEMORY = gettext_noop(
    "We could not read the text of this file within the memory a document may use, so it was "
    "kept as it is without its text. Open it to read it, or ask for another copy."
)
UNREADABLE_CRASH = gettext_noop(
    "The text of this file could not be read (the reader stopped on it), so it was kept as it "
    "is without its text. Open it to read it, or ask for another copy."
)


@dataclass(frozen=True)
class ReadLimits:
    """How long and how much memory reading one file may take."""

    seconds: float = 8.0
    memory_bytes: int = 1024 * 1024 * 1024
    # False runs the readers in this process (a platform without fork, or a debugger); the
    # text caps still hold, the time and memory limits do not.
    isolated: bool = True


@dataclass(frozen=True)
class ReadResult:
    info: DocumentInfo
    text: str = ""
    # Why the text could not be read (damaged inside, or past the limits); empty when it was
    # read. The file itself passed the checks (or the limits stopped them) and is to be kept.
    unreadable: str = ""
    # Of the child process, for benchmarks: peak resident memory (0 when the child was killed)
    # and wall-clock seconds.
    peak_bytes: int = 0
    seconds: float = 0.0


class DocumentUnreadable(DocumentError):
    """Raised by `read_document_text` when the limits stopped the reading."""


def read_document(
    data: bytes, filename: str, *, max_bytes: int, with_text: bool, limits: ReadLimits
) -> ReadResult:
    """Check `data` as `inspect_document` does and, `with_text`, extract its text, in a child
    process held to `limits`.

    Raises DocumentError for a file we refuse (the same messages as `inspect_document`). A file
    that passes the cheap checks but cannot be read within the limits comes back with
    `unreadable` set and no text: keep it, mark it, and tell the person why.
    """
    started = time.monotonic()
    if not limits.isolated:
        outcome = _read(data, filename, max_bytes, with_text)
        if outcome[0] == "refused":
            raise DocumentError(*outcome[1:3])
        _, info, text, unreadable = outcome
        return ReadResult(info, text, unreadable, seconds=time.monotonic() - started)
    # The cheap checks (size, type by content, ZIP directory) run here first: they are bounded
    # by the file's size, and they tell what the file is even when the child fails.
    quick = sniff_document(data, filename, max_bytes=max_bytes)
    outcome = _run_child(
        data=data,
        filename=filename,
        max_bytes=max_bytes,
        kind="",
        with_text=with_text,
        limits=limits,
    )
    seconds = time.monotonic() - started
    status = outcome[0]
    if status == "ok":
        _, info, text, unreadable, peak = outcome
        return ReadResult(info, text, unreadable, peak_bytes=peak, seconds=seconds)
    if status == "refused":
        raise DocumentError(*outcome[1:3])
    return ReadResult(quick, "", unreadable=_failure(status, limits), seconds=seconds)


def read_document_text(data: bytes, kind: str, *, limits: ReadLimits) -> str:
    """The text of a stored document (already checked when it was uploaded), read within
    `limits`; DocumentError when it can't be read, DocumentUnreadable when the limits stopped
    the reading."""
    if not limits.isolated:
        return extract_text(data, kind)
    outcome = _run_child(
        data=data, filename="", max_bytes=0, kind=kind, with_text=True, limits=limits
    )
    if outcome[0] == "ok":
        if outcome[3]:
            raise DocumentError(outcome[3])
        return outcome[2]
    raise DocumentUnreadable(_failure(outcome[0], limits))


def _failure(status: str, limits: ReadLimits) -> str:
    """The sentence for a child that did not answer: out of time, of memory, or crashed."""
    if status == "time":
        return UNREADABLE_TIME.format(seconds=limits.seconds)
    return UNREADABLE_MEMORY if status == "memory" else UNREADABLE_CRASH


# --- the child process ------------------------------------------------------------------------

_context = None


def _fork_server():
    global _context
    if _context is None:
        context = multiprocessing.get_context("forkserver")
        # Imported once in the server, so no child pays for importing PDFium, nor for
        # re-importing the program's main module (which multiprocessing does in a child
        # unless the server already holds it).
        context.set_forkserver_preload(["__main__", "outhire.candidates.reading", "pypdfium2"])
        _context = context
    return _context


def _run_child(**arguments) -> tuple:
    """`_run_child_once`, again once when the child died for no reason it told: seen once in 20
    simultaneous reads of a plain text file, and a file that really crashes the reader costs
    a second quick crash, not a lost resume."""
    outcome = _run_child_once(**arguments)
    if outcome[0] == "crash":
        logger.warning("a document reader died without an answer; reading the file again")
        outcome = _run_child_once(**arguments)
    return outcome


def _run_child_once(
    data: bytes, *, filename: str, max_bytes: int, kind: str, with_text: bool, limits: ReadLimits
) -> tuple:
    """What the child said: ("ok", info, text, why the text is unreadable, peak bytes),
    ("refused", message), or how it failed: ("time",), ("memory",) or ("crash",)."""
    if multiprocessing.current_process().daemon:
        # multiprocessing lets no "daemonic" process have children, and a Celery prefork pool
        # process is one: there, a fresh interpreter (about 0.3 s more, in the background).
        return _run_subprocess((data, filename, max_bytes, kind, with_text, limits), limits)
    context = _fork_server()
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child_main,
        args=(sender, data, filename, max_bytes, kind, with_text, limits),
        daemon=True,
    )
    try:
        child.start()
    except (OSError, RuntimeError):
        logger.exception("could not start a process to read a document")
        sender.close()
        receiver.close()
        return ("crash",)
    sender.close()
    try:
        if receiver.poll(limits.seconds):
            try:
                return receiver.recv()
            except (EOFError, OSError):
                pass  # the child died before or while answering: see its exit code below
            child.join(1)
            if child.exitcode in _CPU_DEATHS:
                return ("time",)
            if child.exitcode in _MEMORY_DEATHS:
                return ("memory",)
            logger.warning("a document reader ended with exit code %s", child.exitcode)
            return ("crash",)
        return ("time",)
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
        child.close()


# How a child dies when an allocation past its address-space limit failed in C++ code
# (std::bad_alloc, then abort) or in C code that did not check (segmentation fault); and when
# it used up its CPU time (SIGXCPU, then SIGKILL at the hard limit).
_MEMORY_DEATHS = {-signal.SIGABRT, -signal.SIGSEGV, -signal.SIGBUS}
_CPU_DEATHS = {-signal.SIGXCPU, -signal.SIGKILL}


def _child_main(conn, data, filename, max_bytes, kind, with_text, limits: ReadLimits) -> None:
    conn.send(_limited_read(data, filename, max_bytes, kind, with_text, limits))
    conn.close()


def _limited_read(data, filename, max_bytes, kind, with_text, limits: ReadLimits) -> tuple:
    """In the child: hold this process to the limits, then read."""
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    cpu = int(limits.seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    try:
        outcome = _read(data, filename, max_bytes, with_text, kind=kind)
        if outcome[0] == "ok":
            outcome += (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,)
    except MemoryError:
        outcome = ("memory",)
    except Exception:  # noqa: BLE001 - any other failure of a reader is an unreadable file
        outcome = ("crash",)
    return outcome


# A fresh interpreter's start (imports included) on top of the reading time.
SUBPROCESS_START_SECONDS = 5


def _run_subprocess(args: tuple, limits: ReadLimits) -> tuple:
    try:
        process = subprocess.Popen(  # noqa: S603 - our own module, no shell, no user input
            [sys.executable, "-m", "outhire.candidates.reading"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        logger.exception("could not start a process to read a document")
        return ("crash",)
    try:
        out, _ = process.communicate(
            pickle.dumps(args), timeout=limits.seconds + SUBPROCESS_START_SECONDS
        )
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return ("time",)
    if process.returncode == 0 and out:
        return pickle.loads(out)  # noqa: S301 - written by our own child process just now
    if -process.returncode in (signal.SIGXCPU, signal.SIGKILL):
        return ("time",)
    return ("memory",) if process.returncode in _MEMORY_DEATHS else ("crash",)


def _read(data: bytes, filename: str, max_bytes: int, with_text: bool, *, kind: str = "") -> tuple:
    """("ok", info, text, why the text can't be read) or ("refused", message). A file refused
    by the checks is not kept; one whose text is damaged is (its text is simply missing)."""
    info = None
    if not kind:
        try:
            info = inspect_document(data, filename, max_bytes=max_bytes)
        except DocumentError as error:
            return ("refused", error.message, error.params)
        kind = info.kind
    if not with_text:
        return ("ok", info, "", "")
    try:
        return ("ok", info, extract_text(data, kind), "")
    except DocumentError as error:
        return ("ok", info, "", str(error))


if __name__ == "__main__":
    # The child of `_run_subprocess`: pickled arguments in, the pickled outcome out.
    arguments = pickle.loads(sys.stdin.buffer.read())  # noqa: S301 - from our own parent
    sys.stdout.buffer.write(pickle.dumps(_limited_read(*arguments)))
