"""The pipeline's fixtures (Acme's open requisition, its stages, applications), on which the
demo's later areas (interviews, referrals, screening) are seeded."""

from outhire.pipeline.tests.conftest import make_application, requisition, stage  # noqa: F401
