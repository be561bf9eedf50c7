"""Reading in a child process: the time and memory limits, and the path for daemonic processes."""

from __future__ import annotations

import multiprocessing

import pytest

from outhire.candidates.files import DocumentError
from outhire.candidates.reading import (
    UNREADABLE_MEMORY,
    DocumentUnreadable,
    ReadLimits,
    read_document,
    read_document_text,
)
from outhire.candidates.tests.hostile_files import (
    docx_encrypted,
    normal_pdf,
    pdf_compression_bomb,
)

MB = 1024 * 1024


def test_a_normal_file_is_read_in_a_child_with_its_peak_memory():
    result = read_document(
        normal_pdf(), "cv.pdf", max_bytes=MB, with_text=True, limits=ReadLimits()
    )
    assert result.text == "Jane Doe - Senior Python Developer"
    assert result.unreadable == ""
    assert 0 < result.peak_bytes < 256 * MB


def test_a_child_past_its_memory_is_stopped_and_the_file_is_unreadable():
    limits = ReadLimits(seconds=8, memory_bytes=256 * MB)
    result = read_document(
        pdf_compression_bomb(), "cv.pdf", max_bytes=MB, with_text=True, limits=limits
    )
    assert result.unreadable == UNREADABLE_MEMORY
    assert result.text == "" and result.info.kind == "pdf"
    assert result.info.sha256  # what is known of the file is kept, for storing it


def test_a_child_past_its_time_is_stopped():
    limits = ReadLimits(seconds=1, memory_bytes=8192 * MB)
    with pytest.raises(DocumentUnreadable, match="within 1 seconds"):
        read_document_text(pdf_compression_bomb(), "pdf", limits=limits)


def test_a_refused_file_is_refused_with_its_reason():
    with pytest.raises(DocumentError, match="old Word"):
        read_document(
            docx_encrypted(), "cv.docx", max_bytes=MB, with_text=True, limits=ReadLimits()
        )


@pytest.fixture
def daemonic():
    """This process as a Celery prefork pool process is: one multiprocessing calls daemonic."""
    config = multiprocessing.current_process()._config
    before = config.get("daemon")
    config["daemon"] = True
    yield
    config["daemon"] = before


def test_a_daemonic_process_reads_through_a_fresh_interpreter(daemonic):
    result = read_document(
        normal_pdf(), "cv.pdf", max_bytes=MB, with_text=True, limits=ReadLimits()
    )
    assert result.text == "Jane Doe - Senior Python Developer"
    limits = ReadLimits(seconds=8, memory_bytes=256 * MB)
    with pytest.raises(DocumentUnreadable) as error:
        read_document_text(pdf_compression_bomb(), "pdf", limits=limits)
    assert str(error.value) == UNREADABLE_MEMORY
