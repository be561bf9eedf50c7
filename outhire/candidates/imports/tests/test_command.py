from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from outhire.accounts.models import AuditEvent
from outhire.candidates.models import Candidate

CSV = (
    "Candidate ID,First Name,Last Name,E-mail Address,Company\n"
    "17,Ada,Lovelace,ada@example.org,Analytical Engines\n"
    "18,Grace,Hopper,not-an-address,US Navy\n"
)


@pytest.fixture
def export_file(tmp_path):
    path = tmp_path / "old-ats.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import-candidates", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_imports_a_csv_and_reports_row_errors(export_file, rita, tmp_path):
    errors = tmp_path / "errors.csv"
    out, _ = _run(
        str(export_file), "--by", rita.email, "--source-system", "OldATS", "--errors", str(errors)
    )
    assert "Candidate ID -> external_id" in out
    assert "1 were created" in out and "1 refused" in out
    assert list(Candidate.objects.values_list("last_name", flat=True)) == ["Lovelace"]
    assert errors.read_text().splitlines()[1].startswith("3,")
    assert AuditEvent.objects.filter(action="candidates.imported").exists()
    again, _ = _run(str(export_file), "--by", rita.email, "--source-system", "OldATS")
    assert "0 were created" in again and Candidate.objects.count() == 1


def test_a_dry_run_stores_nothing(export_file, rita):
    out, _ = _run(str(export_file), "--by", rita.email, "--source-system", "OldATS", "--dry-run")
    assert "1 would be created" in out and not Candidate.objects.exists()


def test_it_refuses_bad_input_clearly(export_file, rita, sam, tmp_path):
    with pytest.raises(CommandError, match="provider admin or recruiter"):
        _run(str(export_file), "--by", sam.email)
    with pytest.raises(CommandError, match="no such file"):
        _run(str(tmp_path / "missing.csv"), "--by", rita.email)
    with pytest.raises(CommandError, match="Name the system"):
        _run(str(export_file), "--by", rita.email)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(CommandError):
        _run(str(empty), "--by", rita.email)
    assert not Candidate.objects.exists()
