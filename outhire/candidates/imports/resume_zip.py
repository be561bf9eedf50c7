"""The zip of resumes uploaded beside a CSV file, whose rows name the resume of each person."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import PurePosixPath

from django.utils.translation import gettext, gettext_noop

from outhire.candidates.files import ZIP_MAX_RATIO, ZIP_RATIO_FLOOR, DocumentError
from outhire.candidates.imports.limits import megabytes
from outhire.candidates.imports.rows import ImportFileError
from outhire.lib.formatting import number

RESUME_ZIP_MAX_MEMBERS = 100_000


class ResumeZipError(ImportFileError):
    """The zip of resumes (not the main file) cannot be used."""


class ResumeZip:
    """The zip of resumes uploaded beside a CSV: members found by file name, read with a cap.

    Rows name files by their name alone; folders inside the zip do not matter, and case does
    not either. A name two members share is ambiguous, and refused for the rows that use it.
    """

    def __init__(self, fileobj) -> None:
        try:
            self.zip = zipfile.ZipFile(fileobj)
            infos = [info for info in self.zip.infolist() if not info.is_dir()]
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise ResumeZipError(
                gettext(
                    "The resumes file is not a readable zip archive. Zip the resume files and "
                    "upload the .zip file."
                )
            ) from None
        if len(infos) > RESUME_ZIP_MAX_MEMBERS:
            raise ResumeZipError(
                gettext(
                    "The zip of resumes holds %(n)s files; at most %(limit)s can be imported at "
                    "once."
                )
                % {"n": number(len(infos)), "limit": number(RESUME_ZIP_MAX_MEMBERS)}
            )
        self.by_name: dict[str, zipfile.ZipInfo | None] = {}
        for info in infos:
            key = self.key(info.filename)
            self.by_name[key] = None if key in self.by_name else info

    @staticmethod
    def key(name: str) -> str:
        return PurePosixPath(name.replace("\\", "/")).name.casefold()

    def read(self, name: str, *, max_bytes: int) -> tuple[bytes, str]:
        """(content, file name) of the member called `name`, or DocumentError saying why not."""
        key = self.key(name)
        if key not in self.by_name:
            raise DocumentError(gettext_noop("No file of this name is in the zip of resumes."))
        info = self.by_name[key]
        if info is None:
            raise DocumentError(
                gettext_noop("Two files in the zip of resumes have this name; rename one.")
            )
        if info.flag_bits & 0x1:
            raise DocumentError(gettext_noop("This file is password-protected inside the zip."))
        if info.file_size > max_bytes:
            raise DocumentError(
                f"The file is {megabytes(info.file_size)}, larger than the "
                f"{megabytes(max_bytes)} limit."
            )
        if info.file_size > ZIP_RATIO_FLOOR and info.file_size > ZIP_MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise DocumentError(
                f"This file expands more than {ZIP_MAX_RATIO} times when unpacked; it was "
                "refused as a possible zip bomb."
            )
        try:
            with self.zip.open(info) as handle:
                # Never more than the limit, whatever the member's header claims.
                data = handle.read(max_bytes + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error, NotImplementedError):
            raise DocumentError(
                gettext_noop("This file could not be unpacked from the zip (damaged?).")
            ) from None
        if len(data) > max_bytes:
            raise DocumentError(
                gettext_noop(
                    "This file unpacks to more than its header says; it was refused as a "
                    "possible zip bomb."
                )
            )
        return data, PurePosixPath(info.filename.replace("\\", "/")).name
