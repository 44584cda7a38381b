"""The VS Code UI stage: `pytest -m ui` runs only it, `pytest -m "not ui"` skips it."""


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "ui: end-to-end test of the VS Code extension in code-server and Chromium")
