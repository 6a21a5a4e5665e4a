"""Suite-wide configuration. The grading plugin itself is shared/labkit/grading.py."""

pytest_plugins = ["pytester"]
