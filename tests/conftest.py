"""Shared pytest set-up: where the build and the guest assets are."""
import os
import pathlib

SRC = pathlib.Path(__file__).resolve().parent.parent
BUILD = pathlib.Path(os.environ.get("KEMU_BUILD", SRC / "build"))
