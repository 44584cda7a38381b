"""Fuzzing the engine and `fix`: generated and mutated modules (`modules`), and the properties
every module must keep (`oracle`). Used by tests/test_fuzz.py and benchmarks/fuzz.py."""
