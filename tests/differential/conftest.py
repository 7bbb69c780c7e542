"""The functional fixtures (``client``) for the differential tests."""
from functional.conftest import client  # noqa: F401
