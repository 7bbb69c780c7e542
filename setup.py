"""Packaging for dyn: the Dyn Traffic Management and Message Management SDK."""
import os
import re

from setuptools import find_packages, setup

HERE = os.path.abspath(os.path.dirname(__file__))


def read(*parts):
    with open(os.path.join(HERE, *parts), encoding="utf-8") as handle:
        return handle.read()


VERSION = re.search(r"^version_info = \((\d+), (\d+), (\d+)\)", read("dyn", "__init__.py"), re.M)

setup(
    name="dyn",
    version=".".join(VERSION.groups()),
    description="Python SDK for the Dyn Traffic Management and Message Management REST APIs, "
    "with a local emulator of both APIs",
    long_description=read("README.rst"),
    long_description_content_type="text/x-rst",
    license="MIT",
    packages=find_packages(include=["dyn", "dyn.*"]),
    python_requires=">=3.9",
    install_requires=["requests>=2.20", "urllib3>=1.26"],
    extras_require={
        "emulator": ["dnspython>=2.3"],
        "test": [
            "pytest>=7",
            "pytest-timeout>=2",
            "hypothesis>=6",
            "responses>=0.23",
            "pycryptodome>=3.10",
            "dnspython>=2.3",
        ],
        "docs": ["sphinx>=7"],
        "crypto": ["pycryptodome>=3.10"],
    },
    entry_points={"pytest11": ["dyn_emulator = dyn.testing"]},
    classifiers=[
        "Development Status :: 5 - Production/Stable",
        "Intended Audience :: Developers",
        "License :: OSI Approved :: MIT License",
        "Programming Language :: Python :: 3",
        "Programming Language :: Python :: 3 :: Only",
        "Topic :: Internet :: Name Service (DNS)",
        "Topic :: Communications :: Email",
    ],
)
