"""The pipeline's fixtures (a requisition, a stage, applications) for the communication tests."""

from outhire.pipeline.tests.conftest import (  # noqa: F401 (fixtures)
    make_application,
    requisition,
    stage,
)
