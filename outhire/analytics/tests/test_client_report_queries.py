"""The monthly report page reads a constant number of queries, however much history there is.

In a module of its own: the tests of `test_client_report.py` share one Acme with its history,
and this one builds Acme's history from nothing, twice.
"""

from __future__ import annotations

from outhire.analytics import aggregates
from outhire.analytics.tests.factory import hiring_history
from outhire.testing import login

PERIOD = {"month": "2026-02"}


def test_the_report_page_reads_a_constant_number_of_queries(
    client, acme, rita, carla, django_assert_max_num_queries
):
    hiring_history(acme, rita, seed=4, requisitions_n=2, per_requisition=3)
    aggregates.aggregates_rebuild()
    login(client, carla)
    with django_assert_max_num_queries(60) as small:
        assert client.get("/analytics/acme/report/", PERIOD).status_code == 200
    hiring_history(acme, rita, seed=5, requisitions_n=5, per_requisition=8)
    aggregates.aggregates_rebuild()
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/analytics/acme/report/", PERIOD).status_code == 200
