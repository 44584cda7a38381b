"""`hybridize verify`: run the user's command as written and with the proposals applied in
memory, and compare what each proposed function returns, prints and costs.

Two halves that share no imports: the parent side (plan.py, command.py, compare.py, report.py,
run.py, verified.py) analyses and reports; the child side (runner.py, hook.py, probe.py,
pytest_plugin.py) runs inside the user's interpreter and uses only the standard library (NumPy
and TensorFlow when the user's code has loaded them). This file imports nothing, so that the
child's `python -m hybridize.verify.runner` loads nothing it does not need.
"""
