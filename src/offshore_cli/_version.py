"""The package version, kept in one place and read without importing anything else."""

__version__ = "0.1.0"
