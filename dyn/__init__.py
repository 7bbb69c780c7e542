"""dyn: a Python SDK for the Dyn Traffic Management (DynECT) and Message Management
REST APIs, and a local emulator of both."""
version_info = (1, 9, 0)
__version__ = ".".join(str(part) for part in version_info)
__name__ = "dyn"
__title__ = "dyn version " + __version__
__status__ = "Stable"
__author__ = "The dyn SDK developers"
__maintainer__ = "The dyn SDK developers"
__email__ = "dyn-sdk@users.noreply.invalid"
